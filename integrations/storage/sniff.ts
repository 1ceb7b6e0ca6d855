/**
 * A file's type from its bytes, never from its name or the browser's
 * Content-Type, both of which the uploader controls. Images also yield their
 * pixel size, so pages can give every <img> a width and height and avoid
 * layout shift without decoding anything.
 */
import { ValidationError } from "../../domain/errors.ts";

export type SniffedType =
  | "image/jpeg"
  | "image/png"
  | "image/webp"
  | "image/avif"
  | "audio/mpeg"
  | "application/pdf";

export interface Sniffed {
  type: SniffedType;
  width?: number;
  height?: number;
}

const LABELS: Record<SniffedType, string> = {
  "image/jpeg": "JPEG",
  "image/png": "PNG",
  "image/webp": "WebP",
  "image/avif": "AVIF",
  "audio/mpeg": "MP3",
  "application/pdf": "PDF",
};

/** Null when the bytes are none of the types we accept. */
export function sniff(bytes: Uint8Array): Sniffed | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { type: "image/jpeg", ...jpegSize(bytes, view) };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const ihdr = bytes.length >= 24 && ascii(bytes, 12, 4) === "IHDR";
    return { type: "image/png", ...(ihdr && size(view.getUint32(16), view.getUint32(20))) };
  }
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") {
    return { type: "image/webp", ...webpSize(bytes, view) };
  }
  if (ascii(bytes, 4, 4) === "ftyp" && isAvifBrand(bytes, view)) {
    return { type: "image/avif", ...avifSize(bytes, view) };
  }
  if (ascii(bytes, 0, 5) === "%PDF-") return { type: "application/pdf" };
  if (ascii(bytes, 0, 3) === "ID3" || isMp3FrameHeader(bytes)) return { type: "audio/mpeg" };
  return null;
}

/**
 * Checks an upload against a list of accepted types and a size limit;
 * returns what it is, or throws a ValidationError on field "file".
 */
export function acceptUpload(
  bytes: Uint8Array,
  opts: { allowed: readonly SniffedType[]; maxBytes: number },
): Sniffed {
  const allowed = opts.allowed.map((t) => LABELS[t]).join(", ");
  const refuse = (message: string): never => {
    throw new ValidationError(message, [{ field: "file", message }]);
  };
  if (bytes.byteLength === 0) refuse("The file is empty");
  if (bytes.byteLength > opts.maxBytes) {
    refuse(
      `The file is too large (${megabytes(bytes.byteLength)}); the limit is ${megabytes(opts.maxBytes)}`,
    );
  }
  const found = sniff(bytes);
  if (!found) {
    // Named because a renamed program is the upload most worth a clear answer.
    if (ascii(bytes, 0, 2) === "MZ" || startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) {
      refuse(`This file is a program, not a ${allowed} file, whatever its name says`);
    }
    refuse(`This file's contents are not ${allowed}, whatever its name says`);
  }
  if (!opts.allowed.includes(found!.type)) {
    refuse(`${LABELS[found!.type]} files are not accepted here; please upload ${allowed}`);
  }
  return found!;
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (at + length > bytes.length) return "";
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

function size(width: number, height: number): { width: number; height: number } | Record<never, never> {
  return width > 0 && height > 0 ? { width, height } : {};
}

/** Walks the marker segments to the first start-of-frame, which holds the size. */
function jpegSize(bytes: Uint8Array, view: DataView) {
  let at = 2;
  while (at + 9 <= bytes.length) {
    if (bytes[at] !== 0xff) return {};
    const marker = bytes[at + 1];
    // Fill bytes, and markers with no length (TEM, restart markers).
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    // SOF0-15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return size(view.getUint16(at + 7), view.getUint16(at + 5));
    }
    if (marker === 0xd9 || marker === 0xda) return {};
    at += 2 + view.getUint16(at + 2);
  }
  return {};
}

function webpSize(bytes: Uint8Array, view: DataView) {
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 " && bytes.length >= 30 && startsWith(bytes.subarray(23), [0x9d, 0x01, 0x2a])) {
    return size(view.getUint16(26, true) & 0x3fff, view.getUint16(28, true) & 0x3fff);
  }
  if (chunk === "VP8L" && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === "VP8X" && bytes.length >= 30) {
    const uint24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16);
    return size(uint24(24) + 1, uint24(27) + 1);
  }
  return {};
}

/** The major brand, or any compatible brand, is "avif" (still) or "avis" (sequence). */
function isAvifBrand(bytes: Uint8Array, view: DataView): boolean {
  const boxSize = view.byteLength >= 4 ? view.getUint32(0) : 0;
  for (let at = 8; at + 4 <= Math.min(boxSize, bytes.length); at += 4) {
    if (at === 12) continue; // minor version, not a brand
    const brand = ascii(bytes, at, 4);
    if (brand === "avif" || brand === "avis") return true;
  }
  return false;
}

/**
 * The first `ispe` (image spatial extent) property. That is the primary
 * image's in files from common encoders; a grid image's tiles could come
 * first, so treat the size as a hint for layout, not a fact.
 */
function avifSize(bytes: Uint8Array, view: DataView) {
  const limit = Math.min(bytes.length - 16, 64 * 1024);
  for (let at = 4; at <= limit; at++) {
    if (bytes[at] === 0x69 && ascii(bytes, at, 4) === "ispe") {
      return size(view.getUint32(at + 8), view.getUint32(at + 12));
    }
  }
  return {};
}

/**
 * An MPEG audio Layer III frame header: 11 sync bits, a valid version, layer
 * III, and a bitrate and sample rate that are not "bad"/"reserved". Layer III
 * only, so AAC (ADTS, layer 0) and random 0xFF bytes are not taken for MP3.
 */
function isMp3FrameHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0xff || (bytes[1] & 0xe0) !== 0xe0) return false;
  const version = (bytes[1] >> 3) & 0b11;
  const layer = (bytes[1] >> 1) & 0b11;
  const bitrate = bytes[2] >> 4;
  const sampleRate = (bytes[2] >> 2) & 0b11;
  return version !== 0b01 && layer === 0b01 && bitrate !== 0b1111 && sampleRate !== 0b11;
}

import assert from "node:assert/strict";
import { ValidationError } from "../../domain/errors.ts";
import { acceptUpload, sniff } from "./sniff.ts";
import { concat, onePixelPng, u32be } from "../../tests/support/bytes.ts";

// A 3x2 picture encoded by Chromium's own canvas encoders (libjpeg-turbo,
// libwebp), ICC profile and all, so the parsers meet what browsers produce.
const CHROMIUM_JPEG =
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAACAAMDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAWEAEBAQAAAAAAAAAAAAAAAAAAASH/xAAVAQEBAAAAAAAAAAAAAAAAAAAGB//EABoRAAICAwAAAAAAAAAAAAAAAAABAgMyM3H/2gAMAwEAAhEDEQA/AJW7dAH7MmUunXHiP//Z";
const CHROMIUM_WEBP_LOSSY =
  "UklGRiYCAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggOAAAALABAJ0BKgMAAgABQCYlqAJ0ugAEMAAA/u9RL/LBkfN359LlpRof/XPEl7d/6ln/zniS9u/coAAA";
const CHROMIUM_WEBP_LOSSLESS =
  "UklGRgYCAABXRUJQVlA4WAoAAAAgAAAAAgAAAQAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDhMFwAAAC8CQAAAD3DA3KdcXi53/oMHNziI6H8IAA==";

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function u32le(n: number): number[] {
  return u32be(n).reverse();
}

/** The simple-format WebP inside an extended one: its VP8/VP8L chunk alone in a RIFF. */
function simpleWebp(extended: Uint8Array): Uint8Array {
  const view = new DataView(extended.buffer, extended.byteOffset);
  for (let at = 12; at + 8 <= extended.length;) {
    const type = String.fromCharCode(...extended.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (type === "VP8 " || type === "VP8L") {
      const chunk = extended.subarray(at, at + 8 + size + (size & 1));
      return concat("RIFF", u32le(4 + chunk.length), "WEBP", chunk);
    }
    at += 8 + size + (size & 1);
  }
  throw new Error("no VP8/VP8L chunk");
}

function box(type: string, ...content: (Uint8Array | number[] | string)[]): Uint8Array {
  const body = concat(...content);
  return concat(u32be(8 + body.length), type, body);
}

/** The boxes of an AVIF file down to the image size property (ftyp, meta > iprp > ipco > ispe). */
function avifHeader(width: number, height: number): Uint8Array {
  const fullBox = [0, 0, 0, 0];
  return concat(
    box("ftyp", "avif", u32be(0), "avifmif1miafMA1A"),
    box(
      "meta",
      fullBox,
      box("hdlr", fullBox, u32be(0), "pict", new Uint8Array(13)),
      box(
        "iprp",
        box("ipco", box("ispe", fullBox, u32be(width), u32be(height))),
      ),
    ),
  );
}

const windowsExe = concat(
  "MZ",
  [0x90, 0, 3, 0, 0, 0, 4, 0],
  new Uint8Array(120),
  "This program cannot be run in DOS mode",
);

Deno.test("sniff: a valid 1x1 PNG is image/png with its IHDR size", async () => {
  assert.deepEqual(sniff(await onePixelPng()), { type: "image/png", width: 1, height: 1 });
});

Deno.test("sniff: Chromium's JPEG is image/jpeg; the size comes from SOF0 past the APP0 and ICC segments", () => {
  assert.deepEqual(sniff(fromBase64(CHROMIUM_JPEG)), { type: "image/jpeg", width: 3, height: 2 });
});

Deno.test("sniff: WebP in its three layouts (VP8X extended, VP8 lossy, VP8L lossless) with sizes", () => {
  const lossy = fromBase64(CHROMIUM_WEBP_LOSSY);
  const lossless = fromBase64(CHROMIUM_WEBP_LOSSLESS);
  const expected = { type: "image/webp", width: 3, height: 2 };
  assert.deepEqual(sniff(lossy), expected);
  assert.deepEqual(sniff(lossless), expected);
  assert.equal(String.fromCharCode(...simpleWebp(lossy).subarray(12, 16)), "VP8 ");
  assert.deepEqual(sniff(simpleWebp(lossy)), expected);
  assert.equal(String.fromCharCode(...simpleWebp(lossless).subarray(12, 16)), "VP8L");
  assert.deepEqual(sniff(simpleWebp(lossless)), expected);
});

Deno.test("sniff: AVIF by its ftyp brand, with the size from ispe; other ISO media (MP4) is not AVIF", () => {
  assert.deepEqual(sniff(avifHeader(1920, 1080)), { type: "image/avif", width: 1920, height: 1080 });
  assert.equal(sniff(box("ftyp", "isom", u32be(512), "isomiso2avc1mp41")), null);
});

Deno.test("sniff: MP3 by ID3 tag or by a Layer III frame header; AAC's ADTS header is not MP3", () => {
  assert.deepEqual(sniff(concat("ID3", [4, 0, 0, 0, 0, 0, 0], new Uint8Array(32))), { type: "audio/mpeg" });
  // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz.
  assert.deepEqual(sniff(concat([0xff, 0xfb, 0x90, 0x64], new Uint8Array(413))), { type: "audio/mpeg" });
  assert.equal(sniff(concat([0xff, 0xf1, 0x50, 0x80], new Uint8Array(32))), null);
});

Deno.test("sniff: PDF by %PDF-; unknown, truncated and empty input is null", () => {
  assert.deepEqual(sniff(concat("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")), {
    type: "application/pdf",
  });
  assert.equal(sniff(concat("hello, world")), null);
  assert.equal(sniff(new Uint8Array([0x89, 0x50])), null);
  assert.equal(sniff(new Uint8Array()), null);
});

Deno.test("sniff: truncated images are still recognised, just without a size", async () => {
  assert.deepEqual(sniff((await onePixelPng()).subarray(0, 16)), { type: "image/png" });
  assert.deepEqual(sniff(fromBase64(CHROMIUM_JPEG).subarray(0, 40)), { type: "image/jpeg" });
  assert.deepEqual(sniff(fromBase64(CHROMIUM_WEBP_LOSSY).subarray(0, 20)), { type: "image/webp" });
});

const PHOTOS = { allowed: ["image/jpeg", "image/png", "image/webp"] as const, maxBytes: 1024 * 1024 };

function assertRefused(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.code, "VALIDATION_ERROR");
    assert.equal(err.details.length, 1);
    assert.equal(err.details[0].field, "file");
    assert.match(err.details[0].message, message);
    return true;
  });
}

Deno.test("acceptUpload: an allowed photo is accepted and its sniffed type and size returned", async () => {
  assert.deepEqual(acceptUpload(await onePixelPng(), PHOTOS), { type: "image/png", width: 1, height: 1 });
  assert.deepEqual(acceptUpload(fromBase64(CHROMIUM_JPEG), PHOTOS), {
    type: "image/jpeg",
    width: 3,
    height: 2,
  });
});

Deno.test("acceptUpload: a Windows executable renamed photo.jpg is refused as a program", () => {
  assertRefused(
    () => acceptUpload(windowsExe, PHOTOS),
    /^This file is a program, not a JPEG, PNG, WebP file/,
  );
});

Deno.test("acceptUpload: text posing as a photo is refused, naming the accepted types", () => {
  assertRefused(
    () => acceptUpload(concat("<svg onload=alert(1)>"), PHOTOS),
    /contents are not JPEG, PNG, WebP/,
  );
});

Deno.test("acceptUpload: a real file of a type not allowed here (a PDF as a photo) is refused by name", () => {
  assertRefused(
    () => acceptUpload(concat("%PDF-1.4\n"), PHOTOS),
    /^PDF files are not accepted here; please upload JPEG, PNG, WebP$/,
  );
});

Deno.test("acceptUpload: a file over the limit is refused before its bytes are examined; empty files too", async () => {
  const big = concat(await onePixelPng(), new Uint8Array(2 * 1024 * 1024));
  assertRefused(
    () => acceptUpload(big, PHOTOS),
    /^The file is too large \(2 MB\); the limit is 1 MB$/,
  );
  assertRefused(
    () => acceptUpload(new Uint8Array(), { allowed: ["application/pdf"], maxBytes: 10 }),
    /empty/,
  );
});

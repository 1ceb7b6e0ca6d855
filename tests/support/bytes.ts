/**
 * Building binary files in tests: byte concatenation, big-endian integers,
 * and a real 1x1 PNG (signature, IHDR, zlib-compressed IDAT, IEND, with
 * correct CRCs), so sniffing and uploads meet genuine files.
 */
const encoder = new TextEncoder();

export function concat(...parts: (Uint8Array | number[] | string)[]): Uint8Array<ArrayBuffer> {
  const arrays = parts.map((p) => typeof p === "string" ? encoder.encode(p) : Uint8Array.from(p));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

export function u32be(n: number): number[] {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const body = concat(type, data);
  return concat(u32be(data.length), body, u32be(crc32(body)));
}

/** A complete, valid 1x1 PNG of the colour `rgb` (opaque red unless given). */
export async function onePixelPng(
  rgb: [number, number, number] = [0xff, 0, 0],
): Promise<Uint8Array<ArrayBuffer>> {
  const scanline = new Uint8Array([0, ...rgb]); // filter byte, then R G B
  const idat = new Uint8Array(
    await new Response(new Blob([scanline]).stream().pipeThrough(new CompressionStream("deflate")))
      .arrayBuffer(),
  );
  return concat(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    pngChunk("IHDR", concat(u32be(1), u32be(1), [8, 2, 0, 0, 0])), // 8-bit RGB
    pngChunk("IDAT", idat),
    pngChunk("IEND", new Uint8Array()),
  );
}

/**
 * Tiny PNG avatars for the seed (32x32, a coloured square with a white shape), built by hand so the
 * seed needs no image library: raw RGB rows, zlib deflate, and a CRC-32 per chunk.
 * @see https://www.w3.org/TR/png/ (chunk layout, 5.3; CRC, annex D)
 */
import { deflateSync } from 'node:zlib';

const size = 32;
const shapes = ['circle', 'diamond', 'square', 'stripe'] as const;
type Shape = (typeof shapes)[number];
const colours: readonly (readonly [number, number, number])[] = [
  [0x87, 0x5a, 0x7b], [0x1f, 0x7a, 0x8c], [0xd9, 0x82, 0x2b], [0x3b, 0x8e, 0x3b],
  [0xb0, 0x3a, 0x2e], [0x5b, 0x5e, 0xa6], [0x9b, 0x23, 0x35], [0x2e, 0x7d, 0x6b],
];

/** Eight distinct avatars as bare base64 (no `data:` prefix), the way Odoo stores binary fields. */
export function avatarPngs(): readonly string[] {
  return colours.map((colour, i) => encodePng(colour, shapes[i % shapes.length] ?? 'circle').toString('base64'));
}

function inside(shape: Shape, x: number, y: number): boolean {
  const dx = x - size / 2 + 0.5;
  const dy = y - size / 2 + 0.5;
  switch (shape) {
    case 'circle':
      return dx * dx + dy * dy <= 100;
    case 'diamond':
      return Math.abs(dx) + Math.abs(dy) <= 11;
    case 'square':
      return Math.abs(dx) <= 8 && Math.abs(dy) <= 8;
    case 'stripe':
      return Math.abs(dx - dy) <= 4;
  }
}

function encodePng([r, g, b]: readonly [number, number, number], shape: Shape): Buffer {
  const stride = 1 + size * 3;
  const raw = Buffer.alloc(stride * size);
  for (let y = 0; y < size; y += 1) {
    raw[y * stride] = 0; // filter type None
    for (let x = 0; x < size; x += 1) {
      const white = inside(shape, x, y);
      raw.set(white ? [255, 255, 255] : [r, g, b], y * stride + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

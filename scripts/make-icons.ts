/**
 * Draws the PWA's PNG icons (an envelope on Pli blue) into web/public/icons. Run once when
 * the icon changes: `node scripts/make-icons.ts`. No image library needed: PNG is zlib data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1f, 0x4e, 0x8c];
const WHITE = [0xff, 0xff, 0xff];

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function pixel(x: number, y: number, size: number, margin: number): number[] {
  const u = (x - margin) / (size - 2 * margin);
  const v = (y - margin) / (size - 2 * margin);
  if (u < 0 || u > 1 || v < 0 || v > 1) return BLUE;
  const inEnvelope = u > 0.18 && u < 0.82 && v > 0.3 && v < 0.72;
  if (!inEnvelope) return BLUE;
  // The flap: a V from the top corners to the middle.
  const flapY = 0.3 + (0.5 - Math.abs(u - 0.5)) * 0.5;
  return Math.abs(v - flapY) < 0.035 ? BLUE : WHITE;
}

function png(size: number, margin: number): Buffer {
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b] = pixel(x, y, size, margin);
      raw.set([r ?? 0, g ?? 0, b ?? 0], y * (size * 3 + 1) + 1 + x * 3);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = new URL('../web/public/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', dir), png(192, 0));
writeFileSync(new URL('icon-512.png', dir), png(512, 0));
writeFileSync(new URL('icon-512-maskable.png', dir), png(512, 64));

// The extension's icons (WXT finds public/icon-<size>.png), also its notifications' image.
const extension = new URL('../extension/public/', import.meta.url);
mkdirSync(extension, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`icon-${size}.png`, extension), png(size, 0));
}

// Draws Ratio's icon (a division sign — a ratio — on a rounded blue square) and writes the
// files electron-builder takes from resources/build/: icon.png (512×512, Linux and the
// source for the others), icon.ico (Windows; PNG-compressed entries, Vista and later) and
// icon.icns (macOS; PNG-compressed ic07–ic10). No image library: PNG is zlib plus CRC-32.
// Run: node resources/build/make-icons.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const here = import.meta.dirname;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y += 1) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes in unit coordinates (0..1): signed distances, negative inside.
const roundedSquare = (u, v) => {
  const half = 0.44;
  const radius = 0.2;
  const dx = Math.max(Math.abs(u - 0.5) - (half - radius), 0);
  const dy = Math.max(Math.abs(v - 0.5) - (half - radius), 0);
  return Math.hypot(dx, dy) - radius;
};
const bar = (u, v) => {
  const dx = Math.max(Math.abs(u - 0.5) - 0.23, 0);
  return Math.hypot(dx, v - 0.5) - 0.05;
};
const dot = (cy) => (u, v) => Math.hypot(u - 0.5, v - cy) - 0.08;
const glyph = [bar, dot(0.285), dot(0.715)];

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      let cover = 0;
      let ink = 0;
      for (let sy = 0; sy < samples; sy += 1) {
        for (let sx = 0; sx < samples; sx += 1) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          if (roundedSquare(u, v) <= 0) {
            cover += 1;
            if (glyph.some((shape) => shape(u, v) <= 0)) ink += 1;
          }
        }
      }
      const n = samples * samples;
      const t = y / size; // vertical gradient, #2e6fa8 at the top to #173f66 at the bottom
      const bg = [0x2e + (0x17 - 0x2e) * t, 0x6f + (0x3f - 0x6f) * t, 0xa8 + (0x66 - 0xa8) * t];
      const white = ink / Math.max(cover, 1);
      const i = (y * size + x) * 4;
      for (let c = 0; c < 3; c += 1) rgba[i + c] = Math.round(bg[c] * (1 - white) + 0xf6 * white);
      rgba[i + 3] = Math.round((cover / n) * 255);
    }
  }
  return encodePng(size, rgba);
}

function ico(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.data)]);
}

function icns(pngs) {
  const types = { 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const blocks = pngs.map(({ size, data }) => {
    const head = Buffer.alloc(8);
    head.write(types[size], 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + blocks.reduce((sum, b) => sum + b.length, 0), 4);
  return Buffer.concat([head, ...blocks]);
}

const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(sizes.map((size) => [size, render(size)]));
const pick = (...wanted) => wanted.map((size) => ({ size, data: pngs.get(size) }));
fs.writeFileSync(path.join(here, 'icon.png'), pngs.get(512));
fs.writeFileSync(path.join(here, 'icon.ico'), ico(pick(16, 32, 48, 64, 128, 256)));
fs.writeFileSync(path.join(here, 'icon.icns'), icns(pick(64, 128, 256, 512, 1024)));
console.log('resources/build: icon.png (512), icon.ico (16–256), icon.icns (64–1024)');

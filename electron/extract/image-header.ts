/** An image's size as its header states it, read before any pixel is decoded. */
export interface ImageSize {
  width: number;
  height: number;
}

function be16(b: Uint8Array, at: number): number {
  return ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
}
function be32(b: Uint8Array, at: number): number {
  return be16(b, at) * 65536 + be16(b, at + 2);
}
function le16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}
function le24(b: Uint8Array, at: number): number {
  return le16(b, at) | ((b[at + 2] ?? 0) << 16);
}
function le32(b: Uint8Array, at: number): number {
  return le16(b, at) + le16(b, at + 2) * 65536;
}

function png(b: Uint8Array): ImageSize | undefined {
  if (b.length < 24 || String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: be32(b, 16), height: be32(b, 20) };
}

function jpeg(b: Uint8Array): ImageSize | undefined {
  let at = 2;
  // Markers until a start of frame (SOF0–SOF15 but DHT, JPG and DAC); each says its own length.
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: be16(b, at + 5), width: be16(b, at + 7) };
    }
    const length = be16(b, at + 2);
    if (length < 2) return undefined;
    at += 2 + length;
  }
  return undefined;
}

function tiff(b: Uint8Array): ImageSize | undefined {
  const little = b[0] === 0x49;
  const u16 = (at: number) => (little ? le16(b, at) : be16(b, at));
  const u32 = (at: number) => (little ? le32(b, at) : be32(b, at));
  const ifd = u32(4);
  if (ifd + 2 > b.length) return undefined;
  const count = Math.min(u16(ifd), 1000);
  let width = 0;
  let height = 0;
  for (let i = 0; i < count; i += 1) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > b.length) break;
    const tag = u16(entry);
    const type = u16(entry + 2);
    const value = type === 3 ? u16(entry + 8) : u32(entry + 8);
    if (tag === 256) width = value;
    if (tag === 257) height = value;
  }
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function webp(b: Uint8Array): ImageSize | undefined {
  const chunk = String.fromCharCode(...b.subarray(12, 16));
  if (chunk === 'VP8X' && b.length >= 30) return { width: le24(b, 24) + 1, height: le24(b, 27) + 1 };
  if (chunk === 'VP8L' && b.length >= 25) {
    const bits = le32(b, 21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ' && b.length >= 30) return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  return undefined;
}

/** The size an image says it has; undefined when the header cannot be read. */
export function imageSize(bytes: Uint8Array, type: string): ImageSize | undefined {
  switch (type) {
    case 'image/png':
      return png(bytes);
    case 'image/jpeg':
      return jpeg(bytes);
    case 'image/tiff':
      return tiff(bytes);
    case 'image/webp':
      return webp(bytes);
    default:
      return undefined;
  }
}

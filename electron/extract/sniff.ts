/** What a file is, judged from its first bytes; the name only tells text formats apart. */
export type SniffedType =
  | 'application/pdf'
  | 'image/png'
  | 'image/jpeg'
  | 'image/tiff'
  | 'image/webp'
  | 'application/zip'
  | 'text/html'
  | 'image/svg+xml'
  | 'text/csv'
  | 'text/markdown'
  | 'text/plain'
  | 'application/octet-stream';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const ODT = 'application/vnd.oasis.opendocument.text';

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** Whether the bytes decode as UTF-8 (or UTF-16 with a byte-order mark) without control noise. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  // A cut in the middle of a character at the end of the sample is not a reason to refuse.
  const sample = bytes.subarray(0, Math.min(bytes.length, 64 * 1024));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample.length === bytes.length ? sample : sample.subarray(0, sample.length - 4));
  } catch {
    return false;
  }
  let control = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code === 0) return false;
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control += 1;
  }
  return control <= text.length / 100;
}

/**
 * The file's type from its content. A zip is only named as such: whether it is a DOCX or an
 * ODT takes its entries (zip-check.ts). Text is told apart by markup at its start, then by
 * the extension of the name it was attached under (CSV and Markdown read as text anyway).
 */
export function sniffType(bytes: Uint8Array, name = ''): SniffedType {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  // A PDF may have up to 1 KB of junk before its header; readers accept it.
  if (bytes.length > 5 && Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-')) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('II*\0')) || startsWith(bytes, ascii('MM\0*'))) return 'image/tiff';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'application/zip';
  if (!looksLikeText(bytes)) return 'application/octet-stream';
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 2048)
    .toLowerCase();
  const afterProlog = head.replace(/^<\?xml[^>]*>\s*/, '').replace(/^(<!--[\s\S]*?-->\s*)*/, '');
  if (afterProlog.startsWith('<svg') || (afterProlog.startsWith('<!doctype svg') && head.includes('<svg'))) return 'image/svg+xml';
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(afterProlog)) return 'text/html';
  const extension = name.toLowerCase().split('.').pop() ?? '';
  if (extension === 'htm' || extension === 'html') return 'text/html';
  if (extension === 'csv' || extension === 'tsv') return 'text/csv';
  if (extension === 'md' || extension === 'markdown') return 'text/markdown';
  return 'text/plain';
}

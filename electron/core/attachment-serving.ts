/**
 * How an attachment's bytes are served, the same for the desktop app's ratio-attachment://
 * protocol and the browser host's /attachments/. Attachments come from other enterprises'
 * bundles, so their recorded media type and name are hostile text: only types an <img> or
 * the browser's own viewer shows safely are served as themselves (inline); every other file
 * is plain bytes handed over as a download. Nothing recorded reaches a header unchecked.
 */

/** Served as themselves; any other type (text/html above all) would be a page of ours. */
export const INLINE_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/svg+xml',
  'application/pdf',
  'text/plain',
]);

/** Runs nothing even when opened as a document (an SVG with a script, a PDF with links). */
export const ATTACHMENT_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox";

/** The recorded type when it is on the allow-list (compared exactly, lower-cased), else octet-stream. */
export function servedMediaType(recorded: string | null | undefined): { type: string; inline: boolean } {
  const type = (recorded ?? '').trim().toLowerCase();
  return INLINE_MEDIA_TYPES.has(type) ? { type, inline: true } : { type: 'application/octet-stream', inline: false };
}

// C0, DEL and C1 controls, bidirectional overrides and isolates (U+202E shows a name reversed), and
// characters that mean something in a path or in the header itself.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\\/"'%;:*?<>|]/gu;

/** A file name fit to offer in a download: no controls, no bidi overrides, no path, never empty. */
export function safeDownloadName(name: string | null | undefined, fallback = 'attachment'): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .replace(UNSAFE_IN_NAME, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** RFC 8187 ext-value: UTF-8, percent-encoding all but attr-char (encodeURIComponent leaves ' ( ) * ! too). */
function extValue(text: string): string {
  return encodeURIComponent(text).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment` with a plain ASCII filename for old clients and the exact one as filename*. */
export function downloadDisposition(name: string | null | undefined): string {
  const safe = safeDownloadName(name);
  const ascii = safe.replace(/[^\x20-\x7e]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${extValue(safe)}`;
}

/** Every header an attachment response carries, from what the catalogue recorded. */
export function attachmentHeaders(file: { mediaType: string | null | undefined; size: number; name?: string | null }): Record<string, string> {
  const served = servedMediaType(file.mediaType);
  return {
    'Content-Type': served.type,
    'Content-Length': String(file.size),
    'Content-Security-Policy': ATTACHMENT_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': served.inline ? 'inline' : downloadDisposition(file.name),
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { ATTACHMENT_SCHEME } from '../../shared/bridge.js';
import { ATTACHMENT_HOST, requestSegments, resolveInside } from './protocols.js';
import { SHA256_PATTERN as SHA256 } from '../../shared/text-rules.js';

/**
 * Types a system viewer shows without running anything, and the extension the copy gets.
 * The extension comes from the recorded type, never from the name a partner gave the file,
 * so "report.pdf.desktop" cannot become a launcher. SVG is left out: its usual handler is a
 * browser, where a script in it would run from a file:// page.
 */
const VIEWABLE: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

const MAX_STEM = 100;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

export interface AttachmentInfo {
  mediaType: string | null;
  name: string | null;
}

export interface AttachmentOpening {
  /** The open catalogue's attachments folder, or null when none is open. */
  attachmentsDir(): string | null;
  /** The recorded type and name of these bytes in the catalogue. */
  info(sha256: string): Promise<AttachmentInfo>;
  /** A folder of this run's own for the copies handed to viewers (removed when Ratio quits). */
  viewerDir(): string;
  /** Electron's shell.openPath: '' when the system opened the file, else why not. */
  openPath(file: string): Promise<string>;
  /** A save dialog; the chosen path, or null when cancelled. */
  chooseSaveTarget(defaultName: string): Promise<string | null>;
}

export type AttachmentOutcome =
  { kind: 'opened'; file: string } | { kind: 'saved'; file: string } | { kind: 'cancelled' } | { kind: 'refused'; reason: string };

/** The SHA-256 a ratio-attachment:// URL names, or null for any other URL. */
export function attachmentSha(url: string): string | null {
  const segments = requestSegments(url, ATTACHMENT_SCHEME, ATTACHMENT_HOST);
  const sha = segments?.length === 1 ? segments[0] : undefined;
  return sha !== undefined && SHA256.test(sha) ? sha : null;
}

export function isAttachmentUrl(url: string): boolean {
  return url.slice(0, ATTACHMENT_SCHEME.length + 1).toLowerCase() === `${ATTACHMENT_SCHEME}:`;
}

/** A file-name stem safe on every system: letters, digits, spaces and . _ - only, not hidden. */
export function safeStem(name: string | null): string {
  const base = (name ?? '').replace(/\.[^.]*$/, '');
  let stem = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '')
    .slice(0, MAX_STEM)
    .trim();
  if (stem === '') stem = 'attachment';
  return WINDOWS_RESERVED.test(stem) ? `_${stem}` : stem;
}

/** The name offered in the save dialog: the safe stem and, if harmless, the original extension. */
function saveName(name: string | null): string {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '')?.[1];
  return extension ? `${safeStem(name)}.${extension}` : safeStem(name);
}

/**
 * Opens an attachment the page linked to. Types a viewer shows safely go to the system
 * viewer as a read-only copy named by their recorded type; anything else (or a type no
 * viewer is installed for) is offered for saving. The catalogue's own file is never handed
 * out, so no viewer can change it.
 */
export async function openAttachment(url: string, opening: AttachmentOpening): Promise<AttachmentOutcome> {
  const sha = attachmentSha(url);
  if (!sha) return { kind: 'refused', reason: 'not an attachment of this catalogue' };
  const dir = opening.attachmentsDir();
  const source = dir ? resolveInside(dir, [sha]) : null;
  if (!source || !fs.existsSync(source)) return { kind: 'refused', reason: 'the attachment is not in the open catalogue' };
  const info = await opening.info(sha);
  const extension = info.mediaType ? VIEWABLE[info.mediaType.toLowerCase()] : undefined;
  if (extension) {
    const folder = fs.mkdtempSync(path.join(opening.viewerDir(), 'open-'));
    const copy = path.join(folder, `${safeStem(info.name)}.${extension}`);
    fs.copyFileSync(source, copy);
    fs.chmodSync(copy, 0o400);
    if ((await opening.openPath(copy)) === '') return { kind: 'opened', file: copy };
  }
  const target = await opening.chooseSaveTarget(saveName(info.name));
  if (!target) return { kind: 'cancelled' };
  fs.copyFileSync(source, target);
  return { kind: 'saved', file: target };
}

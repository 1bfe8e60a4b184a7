import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/**
 * A browser page cannot hand the core a file path, so the host moves files for it: bundles
 * and CSV files the user picks are uploaded into `incoming/`, and exports are written into
 * `exports/` and downloaded from there. Names are reduced to a safe basename; a download
 * must name a file that is really in `exports/`. These two folders are also the only places
 * the host lets an API call read or write (see confine.ts).
 */
export const MAX_UPLOAD_BYTES = 4 * 1024 * 1024 * 1024;

/** Uploads older than this are removed when the host starts: no page of an earlier run can still use them. */
export const UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** `<uuid>/<relative path>`: one file of an uploaded folder. */
const FOLDER_UPLOAD = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/(.+)$/i;
/** A Markdown folder is `<root>/<id>.files/<attachment>`: three levels, one spare. */
const MAX_FOLDER_DEPTH = 4;

export function safeBaseName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .replace(/^\.+/, '')
    .slice(0, 120)
    .trim();
  return cleaned.length > 0 ? cleaned : fallback;
}

export class FileTransfer {
  readonly incoming: string;
  readonly exports: string;

  constructor(root: string) {
    this.incoming = path.join(root, 'incoming');
    this.exports = path.join(root, 'exports');
  }

  /**
   * Removes uploads last written more than `maxAgeMs` ago (an upload is a copy of a file the
   * person still has; exports are theirs to collect and stay). Returns how many went.
   */
  sweepIncoming(maxAgeMs = UPLOAD_MAX_AGE_MS, now = Date.now()): number {
    let names: string[];
    try {
      names = fs.readdirSync(this.incoming);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const file = path.join(this.incoming, name);
      try {
        const stat = fs.lstatSync(file);
        if (now - stat.mtimeMs <= maxAgeMs) continue;
        fs.rmSync(file, { recursive: true, force: true });
        removed += 1;
      } catch {
        // gone already, or not ours to remove: the next start tries again
      }
    }
    return removed;
  }

  /**
   * Where an upload goes. A plain name gets a fresh file of its own. A page uploading a folder
   * (a Markdown export: `<id>.md` files and `<id>.files/` beside them) names each file
   * `<folder uuid>/<path in the folder>`; the files of one folder land under
   * incoming/<folder uuid>/ with their relative paths, each segment reduced to a safe name.
   */
  private uploadTarget(name: string): string {
    const folder = FOLDER_UPLOAD.exec(name);
    if (!folder) return path.join(this.incoming, `${crypto.randomUUID()}-${safeBaseName(name, 'upload')}`);
    const segments = (folder[2] ?? '').split('/');
    if (segments.length > MAX_FOLDER_DEPTH || segments.some((s) => s === '' || s === '.' || s === '..'))
      throw new Error('The path of a file in an uploaded folder is not valid.');
    const target = path.join(this.incoming, (folder[1] ?? '').toLowerCase(), ...segments.map((s) => safeBaseName(s, 'upload')));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    return target;
  }

  /** Streams the request body to a new file in incoming/; never holds it in memory. */
  async receive(req: http.IncomingMessage, name: string): Promise<string> {
    fs.mkdirSync(this.incoming, { recursive: true });
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_UPLOAD_BYTES) throw new RangeError('The file is larger than 4 GiB.');
    const target = this.uploadTarget(name);
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_UPLOAD_BYTES) req.destroy(new RangeError('The file is larger than 4 GiB.'));
    });
    try {
      await pipeline(req, fs.createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      // A file of an uploaded folder may already be there (sent twice): it is not ours to remove.
      const exists = error !== null && typeof error === 'object' && 'code' in error && error.code === 'EEXIST';
      if (!exists) fs.rmSync(target, { force: true });
      throw exists ? new Error('A file of this name was already uploaded into the folder.') : error;
    }
    return target;
  }

  /** A fresh path in exports/ for the core to write to. */
  exportTarget(name: string): string {
    fs.mkdirSync(this.exports, { recursive: true });
    const base = safeBaseName(name, 'export.ratio');
    const ext = path.extname(base);
    const stem = base.slice(0, base.length - ext.length);
    let candidate = path.join(this.exports, base);
    for (let i = 2; fs.existsSync(candidate); i += 1) candidate = path.join(this.exports, `${stem} (${i})${ext}`);
    return candidate;
  }

  /** The file in exports/ with exactly this basename, or undefined. */
  /**
   * The regular files of an exported folder (a Markdown export) with their paths inside it,
   * when `name` is `<folder>.zip` and that folder is in `exports/`: what a folder download
   * zips. Links and anything that is not a plain file or folder are left out.
   */
  exportedFolder(name: string): { folder: string; files: { file: string; inside: string }[] } | undefined {
    if (!name.toLowerCase().endsWith('.zip') || !fs.existsSync(this.exports)) return undefined;
    const folderName = name.slice(0, -4);
    const match = fs.readdirSync(this.exports).find((f) => f === folderName);
    if (!match) return undefined;
    const folder = path.join(this.exports, match);
    if (!fs.lstatSync(folder).isDirectory()) return undefined;
    const files: { file: string; inside: string }[] = [];
    const walk = (dir: string, prefix: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
        const full = path.join(dir, entry.name);
        const inside = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
        if (entry.isDirectory()) walk(full, inside);
        else if (entry.isFile()) files.push({ file: full, inside });
      }
    };
    walk(folder, '');
    return { folder, files };
  }

  exported(name: string): { file: string; size: number } | undefined {
    if (!fs.existsSync(this.exports)) return undefined;
    const match = fs.readdirSync(this.exports).find((f) => f === name);
    if (!match) return undefined;
    const file = path.join(this.exports, match);
    const stat = fs.statSync(file);
    return stat.isFile() ? { file, size: stat.size } : undefined;
  }
}

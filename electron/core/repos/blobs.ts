import type { Database } from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../../shared/errors.js';
import { SHA256_PATTERN } from '../../../shared/text-rules.js';

/**
 * Content-addressed attachment store: each file lives once in attachments/<sha256>,
 * whatever entries or revisions refer to it. Blobs are never removed by an edit, so any
 * revision can be restored with its attachments.
 */
export class BlobStore {
  constructor(
    private readonly db: Database,
    readonly dir: string,
  ) {}

  pathOf(sha256: string): string {
    if (!SHA256_PATTERN.test(sha256)) throw new RatioError('INVALID_INPUT', 'Not an attachment hash.');
    return path.join(this.dir, sha256);
  }

  has(sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM blobs WHERE sha256 = ?').get(sha256) !== undefined;
  }

  /**
   * Writes the bytes to disk first (atomically, via a temporary name) and then records the
   * row, so a crash leaves at worst an unreferenced file, never a row without its file.
   */
  put(content: Buffer): { sha256: string; size: number } {
    const sha256 = crypto.createHash('sha256').update(content).digest('hex');
    const target = this.pathOf(sha256);
    if (!fs.existsSync(target)) {
      const temp = `${target}.${process.pid}.tmp`;
      try {
        fs.writeFileSync(temp, content, { flag: 'wx' });
        fs.renameSync(temp, target);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        throw new RatioError('FILE_ERROR', `Cannot store the attachment: ${error instanceof Error ? error.message : String(error)}.`);
      }
    }
    this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, content.length);
    return { sha256, size: content.length };
  }

  /**
   * Moves an already verified file (staged on the same file system) into the store under
   * its hash, without a row yet; returns false when the store already had those bytes.
   * Callers record the row afterwards, in their transaction.
   */
  placeFile(file: string, sha256: string): boolean {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return false;
    fs.renameSync(file, target);
    return true;
  }

  /** The row of a blob whose file is already in the store. */
  record(sha256: string, size: number): void {
    this.db.prepare('INSERT OR IGNORE INTO blobs (sha256, size) VALUES (?, ?)').run(sha256, size);
  }

  /** Every blob a row records (a sweep keeps their files). */
  hashes(): Set<string> {
    return new Set(this.db.prepare('SELECT sha256 FROM blobs').pluck().all() as string[]);
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }
}

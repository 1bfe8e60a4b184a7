import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';

/**
 * SQLite's structural check of every page, b-tree and record (integrity_check also compares
 * every index with its table, at more cost still). Undefined when the file is sound, else
 * SQLite's first complaint.
 *
 * It reads the whole file: on a 100,000-entry catalogue (1.4 GB) it took 38–41 s on a
 * loaded two-core machine, far too long for every open (each CLI command opens the
 * catalogue). So an open checks only a file that is not exactly as Ratio last left it — see
 * `needsCheck` — and a backup always checks first.
 */
export function integrityProblem(db: Database.Database): string | undefined {
  const rows = db.pragma('quick_check(1)') as { quick_check: string }[];
  const first = rows[0]?.quick_check;
  if (first === 'ok') return undefined;
  // One line for a message: SQLite's report can span several ("*** in database main ***", then the page).
  return (first ?? 'no answer')
    .replace(/\s+/g, ' ')
    .replace(/^\*\*\* in database main \*\*\* /, '')
    .trim()
    .slice(0, 200);
}

/** Beside the database: what the file looked like when Ratio last knew it to be sound. */
const STAMP_FILE = '.integrity-checked';

interface Fingerprint {
  size: number;
  mtimeMs: number;
  ino: number;
}

function fingerprintOf(file: string): Fingerprint | undefined {
  try {
    const stat = fs.statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
  } catch {
    return undefined;
  }
}

function stampOf(file: string): string {
  return path.join(path.dirname(file), STAMP_FILE);
}

/**
 * Whether `file` must be checked before it is opened: yes unless it is byte for byte the
 * file Ratio last checked or closed — same inode, size and modification time. A crash, a
 * copy or restore from elsewhere, a partial write by another program, or a catalogue from
 * before this check all change (or lack) the stamp, so each gets checked once.
 */
export function needsCheck(file: string): boolean {
  const now = fingerprintOf(file);
  if (!now) return true;
  try {
    const stamp = JSON.parse(fs.readFileSync(stampOf(file), 'utf8')) as Partial<Fingerprint>;
    return stamp.size !== now.size || stamp.mtimeMs !== now.mtimeMs || stamp.ino !== now.ino;
  } catch {
    return true;
  }
}

/** Records the file as it is now as sound. Failing to is harmless: the next open checks again. */
export function recordSound(file: string): void {
  const now = fingerprintOf(file);
  if (!now) return;
  const stamp = stampOf(file);
  const partial = `${stamp}.${process.pid}.partial`;
  try {
    fs.writeFileSync(partial, JSON.stringify(now));
    fs.renameSync(partial, stamp);
  } catch {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * After a connection closed: when it was the last one (SQLite removed the write-ahead log,
 * so every change is in the file), the file is what Ratio wrote and is recorded as such.
 * While another process still has the catalogue open the log stays and nothing is recorded.
 */
export function recordClosed(file: string): void {
  if (!fs.existsSync(`${file}-wal`)) recordSound(file);
}

import fs from 'node:fs';
import path from 'node:path';
import { HEX64, SHA256_PATTERN } from '../../shared/text-rules.js';
import type { Catalogue } from '../app/catalogue.js';

/**
 * How old a file without a row must be before it counts as an orphan. BlobStore.put writes
 * a file a moment before its row, and a local write in progress may not have committed;
 * a minute is far longer than either takes.
 */
export const ORPHAN_AGE_MS = 60_000;

const TEMPORARY = new RegExp(`^${HEX64}\\.(\\d+)\\.tmp$`);

/** Whether a process still runs (EPERM: it runs under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether any import of this catalogue is staging or placing blobs now: its staging folder exists while it does. */
function importInProgress(stagingRoot: string): boolean {
  let names: string[];
  try {
    names = fs.readdirSync(stagingRoot);
  } catch {
    return false;
  }
  return names.some((name) => {
    const pid = Number(name.split('-')[0]);
    return Number.isInteger(pid) && isAlive(pid);
  });
}

/**
 * Removes attachment files no row refers to: an import places verified files in the store
 * just before its transaction, and one killed in between leaves them behind (as does a
 * store write killed before its row). Only files older than the sweep's start by
 * ORPHAN_AGE_MS go, only while no import of this catalogue is staging or placing blobs,
 * and only while this process holds the write lock, so no other connection is half way
 * through writing rows for them. Returns how many files were removed; a busy catalogue
 * is simply swept another time.
 */
export function sweepOrphanBlobs(catalogue: Catalogue, stagingRoot: string, started = Date.now()): number {
  if (importInProgress(stagingRoot)) return 0;
  const cutoff = started - ORPHAN_AGE_MS;
  const sweep = (): number => {
    const referenced = catalogue.blobs.hashes();
    let removed = 0;
    for (const name of fs.readdirSync(catalogue.blobs.dir)) {
      const temporary = TEMPORARY.exec(name);
      const orphan = SHA256_PATTERN.test(name) ? !referenced.has(name) : temporary !== null && !isAlive(Number(temporary[1]));
      if (!orphan) continue;
      const file = path.join(catalogue.blobs.dir, name);
      try {
        const stat = fs.lstatSync(file);
        if (!stat.isFile() || stat.mtimeMs >= cutoff) continue;
        fs.rmSync(file, { force: true });
        removed += 1;
      } catch {
        // gone already, or not ours to remove: left for another sweep
      }
    }
    return removed;
  };
  try {
    // The write lock up front (catalogue.transaction begins IMMEDIATE): a busy catalogue is swept another time.
    return catalogue.transaction(sweep);
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error && String(error.code).startsWith('SQLITE_BUSY')) return 0;
    throw error;
  }
}

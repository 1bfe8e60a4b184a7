import fs from 'node:fs';
import path from 'node:path';
import { RatioError, asRatioError } from '../../shared/errors.js';
import { Catalogue } from '../app/catalogue.js';
import { DATABASE_FILE } from '../core/db/open.js';

export interface BackupProgress {
  (done: number, total: number): void;
}

/**
 * Copies the open catalogue's database with SQLite's online backup, so the app keeps
 * working while it runs. It writes beside the destination and renames at the end, so a
 * cancelled or failed backup never leaves a half-written file under the chosen name.
 * Attachments are not inside: they are content-addressed files that are never changed or
 * removed, so the catalogue's attachments/ folder stays valid for any restored database.
 * A damaged catalogue is refused first: its copy would not restore, and writing it over an
 * earlier good backup would lose the one copy that does.
 */
export async function backupCatalogue(catalogue: Catalogue, destination: string, progress?: BackupProgress): Promise<{ bytes: number }> {
  const target = path.resolve(destination);
  if (path.resolve(target) === path.resolve(catalogue.dir, DATABASE_FILE)) {
    throw new RatioError('FILE_ERROR', 'Choose a backup file outside the catalogue itself.');
  }
  let problem: string | undefined;
  try {
    problem = catalogue.integrityProblem();
  } catch (error) {
    throw asRatioError(error) ?? error;
  }
  if (problem !== undefined) {
    throw new RatioError(
      'CATALOGUE_CORRUPT',
      `The catalogue is damaged (SQLite reports: ${problem}); no backup was made, so earlier backups stay as they are. Restore one of them.`,
    );
  }
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await catalogue.backupTo(partial, progress);
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    const typed = asRatioError(error);
    if (typed?.code === 'DISK_FULL')
      throw new RatioError('DISK_FULL', `The disk is full; the backup to ${target} was not written. Free some space and try again.`);
    if (typed) throw typed;
    throw new RatioError('FILE_ERROR', `Cannot write the backup to ${target} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { bytes: fs.statSync(target).size };
}

export interface RestoreOptions {
  /** The catalogue folder whose database is replaced; its catalogue must be closed. */
  dir: string;
  source: string;
  nativeBinding?: string;
}

/**
 * Checks that `source` is a Ratio catalogue this version can open (by opening a copy of it
 * with the same checks as any catalogue), then puts it in place of the closed catalogue's
 * database. The previous database is kept as catalogue.sqlite.bak. Returns that path.
 */
export function restoreCatalogue({ dir, source, nativeBinding }: RestoreOptions): { previous: string } {
  const database = path.join(dir, DATABASE_FILE);
  const previous = `${database}.bak`;
  const staging = fs.mkdtempSync(path.join(dir, '.restore-'));
  try {
    const staged = path.join(staging, DATABASE_FILE);
    try {
      fs.copyFileSync(path.resolve(source), staged);
    } catch (error) {
      throw new RatioError('FILE_ERROR', `Cannot read the backup ${source} (${error instanceof Error ? error.message : String(error)}).`);
    }
    // Opening runs every check (SQLite header, Ratio's application id, not newer) and brings
    // an older backup's schema up to date; closing folds the WAL back into the file.
    Catalogue.open(staging, { create: false, nativeBinding }).close();
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${staged}${suffix}`, { force: true });
    const hadDatabase = fs.existsSync(database);
    if (hadDatabase) fs.renameSync(database, previous);
    for (const suffix of ['-wal', '-shm']) fs.rmSync(`${database}${suffix}`, { force: true });
    try {
      fs.renameSync(staged, database);
    } catch (error) {
      if (hadDatabase) fs.renameSync(previous, database);
      throw new RatioError('FILE_ERROR', `Cannot put the backup in place (${error instanceof Error ? error.message : String(error)}).`);
    }
    return { previous };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

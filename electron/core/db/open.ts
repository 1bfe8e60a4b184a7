import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError, asRatioError } from '../../../shared/errors.js';
import { integrityProblem, needsCheck, recordSound } from './integrity.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';
import { nativeModuleFailure } from './native-module.js';

/** Written into PRAGMA application_id so a Ratio catalogue is told apart from any other SQLite file. */
export const RATIO_APPLICATION_ID = 0x52617469; // "Rati"
export const DATABASE_FILE = 'catalogue.sqlite';
/** The page size of a new catalogue file (an existing one keeps its own). */
export const PAGE_SIZE = 16384;
export const ATTACHMENTS_DIR = 'attachments';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Where SQLite's file header keeps PRAGMA application_id (big-endian), readable without SQLite. */
const APPLICATION_ID_OFFSET = 68;

/**
 * How long a write waits for another writer (a CLI import beside the app or the browser
 * host) to commit before it gives up as CATALOGUE_BUSY. Importing 5,000 entries holds the
 * write lock for 1.3–2.4 s on a loaded two-core machine (test/host/concurrent-writers),
 * and the time grows with the bundle; 30 s leaves room for a bundle ten times that on a
 * slow disk, yet a writer that never lets go (a process stopped mid-transaction) is
 * reported, not waited on for ever. Reads do not wait: WAL lets them run beside a writer.
 */
export const BUSY_TIMEOUT_MS = 30_000;

export interface OpenOptions {
  /** Create the folder and an empty catalogue when there is none. */
  create: boolean;
  /** Migrations to apply; tests pass a prefix to build older catalogues. */
  migrations?: readonly Migration[];
  /**
   * better-sqlite3's compiled addon to load instead of its default build. The desktop app
   * passes a copy built for Electron's ABI; Node (tests, CLI, browser host) leaves it unset.
   */
  nativeBinding?: string;
}

export interface OpenedCatalogue {
  db: Database.Database;
  dir: string;
  attachmentsDir: string;
  created: boolean;
}

function checkFolder(dir: string, create: boolean): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) {
    throw new RatioError('NOT_A_CATALOGUE', `${dir} is a file, not a catalogue folder.`);
  }
  if (!stat) {
    if (!create) throw new RatioError('CATALOGUE_MISSING', `There is no catalogue at ${dir}; run "ratio init" first.`);
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new RatioError('CATALOGUE_UNWRITABLE', `Cannot create the catalogue folder ${dir} (${describeFsError(error)}).`);
    }
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK | fs.constants.R_OK);
  } catch {
    throw new RatioError('CATALOGUE_UNWRITABLE', `The catalogue folder ${dir} cannot be written; check its permissions.`);
  }
}

function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return 'unknown error';
}

/**
 * Reads the first bytes without SQLite so a foreign file is refused before anything touches
 * it. Says whether the header carries Ratio's application id: a file that does is a damaged
 * catalogue, not a foreign one, when SQLite later fails to read it.
 */
function checkHeader(file: string): { ours: boolean } {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(APPLICATION_ID_OFFSET + 4);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return { ours: false }; // an empty file is what SQLite leaves after a crash during creation
    if (read < SQLITE_HEADER.length || !header.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
      throw new RatioError('NOT_A_CATALOGUE', `${file} is not a Ratio catalogue; it was left untouched.`);
    }
    return { ours: read === header.length && header.readUInt32BE(APPLICATION_ID_OFFSET) === RATIO_APPLICATION_ID };
  } finally {
    fs.closeSync(fd);
  }
}

function damaged(file: string, detail?: string): RatioError {
  const why = detail ? ` (${detail})` : '';
  return new RatioError('CATALOGUE_CORRUPT', `The catalogue file ${file} is damaged${why}; restore it from a backup. Nothing was written to it.`);
}

/** Reads what the checks need through a read-only connection, so a refused file is never written to. */
function inspect(file: string, ours: boolean, nativeBinding?: string): { applicationId: number; userVersion: number; tableCount: number } {
  // SQLite finds the file damaged: a damaged catalogue if its header says it is ours, otherwise a foreign file.
  const unreadable = (error: unknown, otherwise: string): RatioError => {
    const native = nativeModuleFailure(error);
    if (native) return native;
    const typed = asRatioError(error);
    if (typed?.code === 'CATALOGUE_BUSY') return typed;
    return ours && typed?.code === 'CATALOGUE_CORRUPT' ? damaged(file) : new RatioError('NOT_A_CATALOGUE', otherwise);
  };
  let probe: Database.Database;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw unreadable(error, `${file} cannot be opened as a Ratio catalogue; it was left untouched.`);
  }
  try {
    const applicationId = probe.pragma('application_id', { simple: true }) as number;
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    const tableCount = (probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    if (applicationId === RATIO_APPLICATION_ID && needsCheck(file)) {
      const problem = integrityProblem(probe);
      if (problem !== undefined) throw damaged(file, `SQLite reports: ${problem}`);
      recordSound(file);
    }
    return { applicationId, userVersion, tableCount };
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw unreadable(error, `${file} is damaged or not a Ratio catalogue; it was left untouched.`);
  } finally {
    probe.close();
  }
}

/** A failure SQLite reports as busy, damaged or a full disk keeps its own code; anything else is `otherwise`. */
function openFailure(error: unknown, file: string, otherwise: () => RatioError): RatioError {
  const native = nativeModuleFailure(error);
  if (native) return native;
  const typed = asRatioError(error);
  if (typed?.code === 'CATALOGUE_CORRUPT') return damaged(file);
  return typed ?? otherwise();
}

const STATEMENT_CACHE_LIMIT = 1000;

/**
 * better-sqlite3 compiles SQL on every prepare(), and the repositories and the search layer
 * prepare at each call (which keeps them simple); so the connection keeps each compiled
 * statement by its SQL text and hands it back with its read mode reset, whoever set it:
 * every caller of the same text gets plain rows unless it asks for pluck() or raw() itself.
 * Calls are synchronous, so a statement is never shared between two callers at once (the one
 * iterate() in insights.ts prepares nothing while it runs). Dynamic SQL is bounded by
 * clearing the cache when it grows past a limit.
 */
function cacheStatements(db: Database.Database): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= STATEMENT_CACHE_LIMIT) cache.clear();
      statement = prepare(sql);
      cache.set(sql, statement);
    } else if (statement.reader) {
      // The modes exclude one another and each call clears only its own, so all three are cleared.
      statement.pluck(false).raw(false).expand(false);
    }
    return statement;
  };
  db.prepare = cached as typeof db.prepare;
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const version = (): number => db.pragma('user_version', { simple: true }) as number;
  // Up to date is the common case, and it takes no write lock, so opening never waits on a writer.
  if (migrations.every((m) => m.version <= version())) return;
  for (const migration of migrations) {
    db.transaction(() => {
      // Asked again under the write lock: another process may have migrated in the meantime.
      if (migration.version <= version()) return;
      migration.up(db);
      db.pragma(`application_id = ${RATIO_APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/**
 * Opens (and if asked, creates) the catalogue in `dir`: refuses foreign files, catalogues
 * from a newer Ratio and folders it cannot write, then brings the schema up to date.
 */
export function openCatalogue(dirInput: string, options: OpenOptions): OpenedCatalogue {
  const dir = path.resolve(dirInput);
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.at(-1)?.version ?? 0;
  checkFolder(dir, options.create);
  const file = path.join(dir, DATABASE_FILE);
  const exists = fs.existsSync(file);
  if (exists) {
    const header = checkHeader(file);
    if (fs.statSync(file).size > 0) {
      const facts = inspect(file, header.ours, options.nativeBinding);
      const ours = facts.applicationId === RATIO_APPLICATION_ID;
      if (!ours && (facts.applicationId !== 0 || facts.tableCount > 0 || facts.userVersion > 0)) {
        throw new RatioError('NOT_A_CATALOGUE', `${file} is an SQLite database but not a Ratio catalogue; it was left untouched.`);
      }
      if (facts.userVersion > SCHEMA_VERSION || facts.userVersion > latest) {
        throw new RatioError(
          'CATALOGUE_NEWER',
          `This catalogue has schema version ${facts.userVersion}, newer than this Ratio understands (${latest}); update Ratio to open it.`,
        );
      }
    }
  } else if (!options.create) {
    throw new RatioError('CATALOGUE_MISSING', `There is no catalogue at ${dir}; run "ratio init" first.`);
  }

  let db: Database.Database;
  try {
    db = new Database(file, { nativeBinding: options.nativeBinding, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw openFailure(error, file, () => new RatioError('CATALOGUE_UNWRITABLE', `Cannot open ${file} for writing (${describeFsError(error)}).`));
  }
  try {
    // Set before the first table is written, the only moment it takes effect in WAL mode. Entry
    // rows are a few KB each: on 4 KB pages one row filled a page and left a quarter empty
    // (10,000 synthetic entries: the entries table 41.0 MB at 4 KB pages, 32.8 MB at 16 KB).
    if (!exists) {
      db.pragma(`page_size = ${PAGE_SIZE}`);
      // A re-index leaves the old postings' pages free (a quarter of the file at 100,000
      // entries); incremental auto-vacuum lets it give them back a step at a time, while
      // the app answers requests, instead of by a VACUUM that needs the catalogue to itself.
      db.pragma('auto_vacuum = INCREMENTAL');
    }
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    cacheStatements(db);
  } catch (error) {
    db.close();
    throw openFailure(error, file, () => new RatioError('CATALOGUE_UNWRITABLE', `Cannot open ${file} for writing (${describeFsError(error)}).`));
  }
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    throw openFailure(
      error,
      file,
      () => new RatioError('CATALOGUE_UNWRITABLE', `Cannot bring ${file} up to date: ${error instanceof Error ? error.message : String(error)}.`),
    );
  }
  const attachmentsDir = path.join(dir, ATTACHMENTS_DIR);
  fs.mkdirSync(attachmentsDir, { recursive: true });
  return { db, dir, attachmentsDir, created: !exists };
}

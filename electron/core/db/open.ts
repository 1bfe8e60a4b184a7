import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, type Migration } from './migrations.js';
import { nativeModuleFailure } from './native-module.js';

/** Written into PRAGMA application_id so a Ratio catalogue is told apart from any other SQLite file. */
export const RATIO_APPLICATION_ID = 0x52617469; // "Rati"
export const DATABASE_FILE = 'catalogue.sqlite';
export const ATTACHMENTS_DIR = 'attachments';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

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

/** Reads the first bytes without SQLite so a foreign file is refused before anything touches it. */
function checkHeader(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read === 0) return; // an empty file is what SQLite leaves after a crash during creation
    if (read < header.length || !header.equals(SQLITE_HEADER)) {
      throw new RatioError('NOT_A_CATALOGUE', `${file} is not a Ratio catalogue; it was left untouched.`);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function inspect(file: string, nativeBinding?: string): { applicationId: number; userVersion: number; tableCount: number } {
  let probe: Database.Database;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  } catch (error) {
    throw nativeModuleFailure(error) ?? new RatioError('NOT_A_CATALOGUE', `${file} cannot be opened as a Ratio catalogue; it was left untouched.`);
  }
  try {
    const applicationId = probe.pragma('application_id', { simple: true }) as number;
    const userVersion = probe.pragma('user_version', { simple: true }) as number;
    const tableCount = (probe.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
    return { applicationId, userVersion, tableCount };
  } catch {
    throw new RatioError('NOT_A_CATALOGUE', `${file} is damaged or not a Ratio catalogue; it was left untouched.`);
  } finally {
    probe.close();
  }
}

const STATEMENT_CACHE_LIMIT = 1000;

/**
 * better-sqlite3 compiles SQL on every prepare(), and the repositories prepare at each call
 * (which keeps them simple); so the connection keeps each compiled statement by its SQL
 * text and hands it back with its read mode reset. Calls are synchronous, so a statement is
 * never shared between two callers at once (nothing here uses iterate()). Dynamic SQL is
 * bounded by clearing the cache when it grows past a limit.
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
      statement.pluck(false);
    }
    return statement;
  };
  db.prepare = cached as typeof db.prepare;
}

export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`application_id = ${RATIO_APPLICATION_ID}`);
      db.pragma(`user_version = ${migration.version}`);
    })();
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
    checkHeader(file);
    if (fs.statSync(file).size > 0) {
      const facts = inspect(file, options.nativeBinding);
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
    db = new Database(file, { nativeBinding: options.nativeBinding });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    cacheStatements(db);
  } catch (error) {
    throw nativeModuleFailure(error) ?? new RatioError('CATALOGUE_UNWRITABLE', `Cannot open ${file} for writing (${describeFsError(error)}).`);
  }
  try {
    migrate(db, migrations);
  } catch (error) {
    db.close();
    if (error instanceof RatioError) throw error;
    throw new RatioError('CATALOGUE_UNWRITABLE', `Cannot bring ${file} up to date: ${error instanceof Error ? error.message : String(error)}.`);
  }
  const attachmentsDir = path.join(dir, ATTACHMENTS_DIR);
  fs.mkdirSync(attachmentsDir, { recursive: true });
  return { db, dir, attachmentsDir, created: !exists };
}

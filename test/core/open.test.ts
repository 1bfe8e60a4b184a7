import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { Catalogue } from '../../electron/core/catalogue.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations.js';
import { DATABASE_FILE, RATIO_APPLICATION_ID, openCatalogue } from '../../electron/core/db/open.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof RatioError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('opening a catalogue', () => {
  it('creates an empty catalogue with WAL, foreign keys, STRICT tables and the current schema', () => {
    const dir = path.join(tempDir(), 'new');
    const { db, created } = openCatalogue(dir, { create: true });
    expect(created).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(RATIO_APPLICATION_ID);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
      sql: string;
    }[];
    expect(tables.length).toBeGreaterThan(10);
    // Virtual tables and the shadow tables SQLite makes for them (search_index_data, …) are not ours to declare STRICT.
    const virtual = tables.filter((t) => t.sql.includes('VIRTUAL')).map((t) => `${t.name}_`);
    for (const t of tables.filter((t) => !t.sql.includes('VIRTUAL') && !virtual.some((v) => t.name.startsWith(v)))) {
      expect(t.sql, t.name).toMatch(/STRICT\s*$/);
    }
    expect(fs.existsSync(path.join(dir, 'attachments'))).toBe(true);
    db.close();
  });

  it('refuses to open a folder with no catalogue unless asked to create one', () => {
    expect(codeOf(() => openCatalogue(path.join(tempDir(), 'missing'), { create: false }))).toBe('CATALOGUE_MISSING');
  });

  it('migrates from every earlier version, keeping the data written there', () => {
    for (let version = 0; version < SCHEMA_VERSION; version += 1) {
      const dir = path.join(tempDir(), `v${version}`);
      const older = openCatalogue(dir, { create: true, migrations: MIGRATIONS.slice(0, version) });
      expect(older.db.pragma('user_version', { simple: true })).toBe(version);
      if (version >= 1) {
        older.db
          .prepare("INSERT INTO enterprises (id, name, created_at, updated_at) VALUES ('e', 'Troitsk Fine Wool Factory', 't', 't')")
          .run();
      }
      older.db.close();
      const current = Catalogue.open(dir, { create: false });
      expect(current.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      if (version >= 1) expect(current.enterprises.find('Troitsk Fine Wool Factory')).toBe('e');
      expect(current.db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The migrated schema is the one a fresh catalogue gets.
      const schemaOf = (db: Database.Database): string[] =>
        (db.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").pluck().all() as string[]).map((s) =>
          s.replace(/\s+/g, ' '),
        );
      const fresh = openCatalogue(path.join(tempDir(), 'fresh'), { create: true });
      expect(schemaOf(current.db)).toEqual(schemaOf(fresh.db));
      fresh.db.close();
      current.close();
    }
  });

  it('refuses a catalogue written by a newer Ratio and leaves it unchanged', () => {
    const dir = path.join(tempDir(), 'newer');
    const { db } = openCatalogue(dir, { create: true });
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = fs.readFileSync(path.join(dir, DATABASE_FILE));
    let message = '';
    try {
      openCatalogue(dir, { create: true });
    } catch (error) {
      message = (error as Error).message;
      expect((error as RatioError).code).toBe('CATALOGUE_NEWER');
    }
    expect(message).toMatch(/newer/);
    expect(fs.readFileSync(path.join(dir, DATABASE_FILE)).equals(before)).toBe(true);
  });

  it('refuses a file that is not a catalogue and never overwrites it', () => {
    const dir = tempDir();
    const file = path.join(dir, DATABASE_FILE);
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(100));
    const before = fs.readFileSync(file);
    expect(codeOf(() => openCatalogue(dir, { create: true }))).toBe('NOT_A_CATALOGUE');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([DATABASE_FILE]);
  });

  it('refuses another application’s SQLite database', () => {
    const dir = tempDir();
    const other = new Database(path.join(dir, DATABASE_FILE));
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    expect(codeOf(() => openCatalogue(dir, { create: true }))).toBe('NOT_A_CATALOGUE');
    const check = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(check.prepare('SELECT count(*) FROM sqlite_schema').pluck().get()).toBe(1);
    check.close();
  });

  it('refuses a catalogue path that is a file', () => {
    const file = path.join(tempDir(), 'plain.txt');
    fs.writeFileSync(file, 'x');
    expect(codeOf(() => openCatalogue(file, { create: true }))).toBe('NOT_A_CATALOGUE');
  });

  it('says clearly when the folder cannot be created or written', () => {
    const file = path.join(tempDir(), 'plain.txt');
    fs.writeFileSync(file, 'x');
    // A folder under a regular file can never be created, even by root.
    let error: unknown;
    try {
      openCatalogue(path.join(file, 'catalogue'), { create: true });
    } catch (e) {
      error = e;
    }
    expect((error as RatioError).code).toBe('CATALOGUE_UNWRITABLE');
    expect((error as RatioError).message).toMatch(/cannot create/i);
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { RatioError, asRatioError } from '../../shared/errors.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations.js';
import { DATABASE_FILE, RATIO_APPLICATION_ID, openCatalogue } from '../../electron/core/db/open.js';
import { cleanupTemp, failure, openTestCatalogue, runRatio, tempDir } from '../helpers.js';

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
  it('creates an empty catalogue with WAL, 16 KB pages, foreign keys, STRICT tables and the current schema', () => {
    const dir = path.join(tempDir(), 'new');
    const { db, created } = openCatalogue(dir, { create: true });
    expect(created).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
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

  it('keeps one compiled statement per SQL text, handed back in plain mode whatever its last caller set', () => {
    const { db } = openCatalogue(path.join(tempDir(), 'cache'), { create: true });
    db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'p')").run();
    const sql = 'SELECT key, value FROM settings WHERE key = ?';
    const first = db.prepare(sql);
    // The search layer and the repositories share this connection: one caller's mode must not leak to the next.
    expect(first.pluck().get('probe')).toBe('probe');
    expect(db.prepare(sql)).toBe(first);
    expect(db.prepare(sql).get('probe')).toEqual({ key: 'probe', value: 'p' });
    first.raw();
    expect(db.prepare(sql).get('probe')).toEqual({ key: 'probe', value: 'p' });
    first.expand();
    expect(db.prepare(sql).get('probe')).toEqual({ key: 'probe', value: 'p' });
    db.close();
  });

  it('refuses to open a folder with no catalogue unless asked to create one', () => {
    expect(codeOf(() => openCatalogue(path.join(tempDir(), 'missing'), { create: false }))).toBe('CATALOGUE_MISSING');
  });

  it('migrates from every earlier version, keeping the data written there', () => {
    // By position, not number: branches merged in any order may leave a version unused for a while.
    for (let applied = 0; applied < MIGRATIONS.length; applied += 1) {
      const version = MIGRATIONS[applied - 1]?.version ?? 0;
      const dir = path.join(tempDir(), `v${version}`);
      const older = openCatalogue(dir, { create: true, migrations: MIGRATIONS.slice(0, applied) });
      expect(older.db.pragma('user_version', { simple: true })).toBe(version);
      if (version >= 1) {
        older.db.prepare("INSERT INTO enterprises (id, name, created_at, updated_at) VALUES ('e', 'Troitsk Fine Wool Factory', 't', 't')").run();
      }
      older.db.close();
      const current = Catalogue.open(dir, { create: false });
      expect(current.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      if (version >= 1) expect(current.enterprises.find('Troitsk Fine Wool Factory')).toBe('e');
      expect(current.db.pragma('integrity_check', { simple: true })).toBe('ok');
      // The migrated schema is the one a fresh catalogue gets.
      const schemaOf = (db: Database.Database): string[] =>
        (db.prepare('SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name').pluck().all() as string[]).map((s) => s.replace(/\s+/g, ' '));
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

/** A closed catalogue of `entries` entries, big enough to have pages well past the schema. */
function filledCatalogue(entries = 400): string {
  const dir = path.join(tempDir(), 'catalogue');
  const catalogue = Catalogue.open(dir, { create: true, actor: 'tester' });
  catalogue.transaction(() => {
    for (let i = 0; i < entries; i += 1) {
      catalogue.entryService.create(
        EntryCreate.parse({ kind: 'method', title: `Method ${i}`, body: `Steam fulling, cropping and pressing of cloth batch ${i}. `.repeat(20) }),
      );
    }
  });
  catalogue.close();
  return dir;
}

/** Overwrites `count` pages from the middle of the file with garbage, as a failing disk or a bad copy would. */
function corruptMiddle(file: string, count = 8): void {
  // The page size is the header's big-endian number at offset 16.
  const pageSize = fs.readFileSync(file).readUInt16BE(16);
  const pages = Math.floor(fs.statSync(file).size / pageSize);
  const fd = fs.openSync(file, 'r+');
  try {
    const garbage = Buffer.alloc(pageSize * count);
    for (let i = 0; i < garbage.length; i += 1) garbage[i] = (i * 131 + 17) % 251;
    fs.writeSync(fd, garbage, 0, garbage.length, Math.floor(pages / 2) * pageSize);
  } finally {
    fs.closeSync(fd);
  }
}

describe('a damaged catalogue', () => {
  it('is refused at open as CATALOGUE_CORRUPT, and left exactly as it was', () => {
    const dir = filledCatalogue();
    const file = path.join(dir, DATABASE_FILE);
    corruptMiddle(file);
    const before = fs.readFileSync(file);
    let error: unknown;
    try {
      Catalogue.open(dir, { create: true });
    } catch (e) {
      error = e;
    }
    expect((error as RatioError).code).toBe('CATALOGUE_CORRUPT');
    expect((error as RatioError).message).toMatch(/damaged.*restore it from a backup/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    // The read-only look may leave SQLite's empty log beside it; never a page of changes.
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('makes `ratio init` say so and exit 8, instead of "ready"', async () => {
    const dir = filledCatalogue();
    corruptMiddle(path.join(dir, DATABASE_FILE));
    const run = await runRatio(tempDir(), ['--catalogue', dir, 'init']);
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(/damaged/);
    expect(run.stdout).not.toMatch(/ready/);
  });

  it('is reported as CATALOGUE_CORRUPT when damage turns up after open', async () => {
    const dir = filledCatalogue();
    const t = openTestCatalogue(dir);
    try {
      corruptMiddle(path.join(dir, DATABASE_FILE), 40);
      await failure(t.client.call('entries.list', { limit: 500 }), 'CATALOGUE_CORRUPT');
    } finally {
      t.close();
    }
  });

  it('is checked once after it changed outside Ratio, not at every open', () => {
    const dir = filledCatalogue();
    const file = path.join(dir, DATABASE_FILE);
    Catalogue.open(dir, { create: false }).close();
    // Same bytes, written anew by someone else: the stamp no longer matches, so the next open checks.
    fs.writeFileSync(file, fs.readFileSync(file));
    Catalogue.open(dir, { create: false }).close();
    const stamp = JSON.parse(fs.readFileSync(path.join(dir, '.integrity-checked'), 'utf8')) as { size: number; mtimeMs: number };
    expect(stamp).toMatchObject({ size: fs.statSync(file).size, mtimeMs: fs.statSync(file).mtimeMs });
  });
});

describe('a full disk', () => {
  it('is DISK_FULL, not an internal failure, and nothing is half-written', async () => {
    const t = openTestCatalogue();
    try {
      const pages = t.catalogue.db.pragma('page_count', { simple: true }) as number;
      // SQLite answers SQLITE_FULL when the file may not grow, exactly as when the disk is full.
      t.catalogue.db.pragma(`max_page_count = ${pages + 2}`);
      const message = await failure(t.client.call('entries.create', { kind: 'method', title: 'Huge', body: 'x'.repeat(400_000) }), 'DISK_FULL');
      expect(message).toMatch(/disk is full/);
      expect(t.catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0);
    } finally {
      t.close();
    }
  });

  it('and a busy or damaged catalogue keep their codes, whatever SQLite’s extended code', () => {
    for (const [code, expected] of [
      ['SQLITE_BUSY', 'CATALOGUE_BUSY'],
      ['SQLITE_BUSY_SNAPSHOT', 'CATALOGUE_BUSY'],
      ['SQLITE_LOCKED_SHAREDCACHE', 'CATALOGUE_BUSY'],
      ['SQLITE_CORRUPT_INDEX', 'CATALOGUE_CORRUPT'],
      ['SQLITE_NOTADB', 'CATALOGUE_CORRUPT'],
      ['SQLITE_FULL', 'DISK_FULL'],
      ['ENOSPC', 'DISK_FULL'],
    ] as const) {
      expect(asRatioError(Object.assign(new Error('x'), { code }))?.code, code).toBe(expected);
    }
    expect(asRatioError(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBeUndefined();
    expect(asRatioError(Object.assign(new Error('x'), { code: 'SQLITE_BUSYNESS' }))).toBeUndefined();
  });
});

describe('two writers', () => {
  it('a transaction that reads and then writes is never refused because another process wrote meanwhile', () => {
    const dir = path.join(tempDir(), 'catalogue');
    const first = Catalogue.open(dir, { create: true, actor: 'one' });
    const second = Catalogue.open(dir, { create: false, actor: 'two' });
    second.db.pragma('busy_timeout = 0');
    let secondOutcome = 'wrote';
    try {
      const created = first.transaction(() => {
        const before = first.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
        try {
          second.entryService.create(EntryCreate.parse({ kind: 'method', title: 'From the other process' }));
        } catch (error) {
          secondOutcome = asRatioError(error)?.code ?? String(error);
        }
        // A deferred transaction fails here (SQLITE_BUSY_SNAPSHOT) once the other process has written.
        return { before, entry: first.entryService.create(EntryCreate.parse({ kind: 'method', title: `After ${before}` })) };
      });
      expect(created.entry.title).toBe('After 0');
      expect(secondOutcome).toBe('CATALOGUE_BUSY');
    } finally {
      second.close();
      first.close();
    }
  });

  it('opening an up-to-date catalogue does not wait for another writer', () => {
    const dir = path.join(tempDir(), 'catalogue');
    Catalogue.open(dir, { create: true }).close();
    const writer = new Database(path.join(dir, DATABASE_FILE));
    writer.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      Catalogue.open(dir, { create: false }).close();
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });
});

import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Catalogue } from '../../electron/app/catalogue.js';
import { compactCatalogue } from '../../electron/core/db/compact.js';
import { DATABASE_FILE, openCatalogue } from '../../electron/core/db/open.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { RatioError } from '../../shared/errors.js';
import { cleanupTemp, runRatio, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

/** A catalogue of 4 KB pages (as Ratio made them before 16 KB) with 2 MB of free pages, as a re-index or deletions leave them. */
function catalogueWithFreePages(): string {
  const dir = path.join(tempDir(), 'cat');
  fs.mkdirSync(dir, { recursive: true });
  const raw = new Database(path.join(dir, DATABASE_FILE));
  raw.pragma('page_size = 4096');
  raw.close();
  const catalogue = Catalogue.open(dir, { create: true, actor: 'tester' });
  catalogue.transaction(() => {
    for (let i = 0; i < 300; i += 1) {
      catalogue.entryService.create(
        EntryCreate.parse({ kind: 'method', title: `Cropping ${i}`, body: `Cropping of cloth batch ${i}, lot ${i * 7}. `.repeat(60) }),
      );
    }
  });
  catalogue.db.exec(`
    CREATE TABLE scratch (bytes BLOB);
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) INSERT INTO scratch SELECT randomblob(1000) FROM n;
    DROP TABLE scratch;
  `);
  catalogue.close();
  return dir;
}

it('gives the free pages back, in 16 KB pages, and keeps every entry', async () => {
  const dir = catalogueWithFreePages();
  const { db } = openCatalogue(dir, { create: false });
  expect(db.pragma('page_size', { simple: true })).toBe(4096);
  expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(400);
  expect(db.pragma('auto_vacuum', { simple: true })).toBe(0);
  const before = db.prepare('SELECT id, title, body FROM entries ORDER BY id').all();
  const result = compactCatalogue(db);
  expect(result.pageSizeBefore).toBe(4096);
  expect(result.pageSize).toBe(16384);
  expect(result.bytesAfter).toBeLessThan(result.bytesBefore * 0.8);
  expect(db.pragma('freelist_count', { simple: true })).toBe(0);
  // Compacted as new catalogues are made: later re-indexes give their free pages back themselves.
  expect(db.pragma('auto_vacuum', { simple: true })).toBe(2);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(db.prepare('SELECT id, title, body FROM entries ORDER BY id').all()).toEqual(before);
  db.close();
  // The command line says the same, and a search still finds what was left.
  const cli = await runRatio(dir, ['--catalogue', dir, 'compact', '--json']);
  expect(cli.code).toBe(0);
  expect(cli.json()).toMatchObject({ pageSizeBefore: 16384, pageSize: 16384 });
  const catalogue = Catalogue.open(dir, { create: false, actor: 'tester' });
  try {
    expect(catalogue.search.search({ query: 'cropping', filters: {}, sort: 'relevance', limit: 100, facets: false }).total).toBe(300);
  } finally {
    catalogue.close();
  }
});

it('refuses while another connection has the catalogue open, and leaves it as it was', () => {
  const dir = catalogueWithFreePages();
  const { db } = openCatalogue(dir, { create: false });
  const other = new Database(path.join(dir, DATABASE_FILE));
  other.prepare('SELECT count(*) FROM entries').get();
  try {
    const pages = db.pragma('page_count', { simple: true });
    let error: unknown = null;
    try {
      compactCatalogue(db);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RatioError);
    expect((error as RatioError).code).toBe('CATALOGUE_BUSY');
    expect(db.pragma('page_count', { simple: true })).toBe(pages);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(300);
  } finally {
    other.close();
    db.close();
  }
});

import { afterEach, expect, it } from 'vitest';
import path from 'node:path';
import { Catalogue } from '../../electron/app/catalogue.js';
import { MIGRATIONS } from '../../electron/core/db/migrations.js';
import { cleanupTemp, openTestCatalogue, tempDir } from '../helpers.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { termRange } from '../../electron/search/impacts.js';
import { analyseTerms } from '../../electron/search/pipeline.js';

afterEach(() => cleanupTemp());

it('lets FTS5 keep 32 MB of pending postings before writing a segment (migration 5)', () => {
  const t = openTestCatalogue();
  try {
    const value = t.catalogue.db.prepare("SELECT v FROM search_index_config WHERE k = 'hashsize'").pluck().get();
    expect(value).toBe(33_554_432);
  } finally {
    t.close();
  }
});

it('keeps impact postings and no prefix indexes (their own prefix tokens answer), and a catalogue indexed otherwise is indexed again on its first search (migrations 6, 7, 8 and 16)', () => {
  const dir = path.join(tempDir(), 'catalogue');
  // A catalogue of version 5 with an entry, written as a Ratio of that schema would (without
  // today's index, whose tables version 5 lacks): the upgrade rebuilds the table as today's
  // schema has it, and the first search indexes the entry, postings and impact postings alike.
  const older = Catalogue.open(dir, { create: true, actor: 'tester', migrations: MIGRATIONS.slice(0, 5) });
  expect(older.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_index'").pluck().get()).toContain("prefix = '2 3'");
  const entry = older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Steam decatising of worsted cloth' }));
  older.close();

  const current = Catalogue.open(dir, { create: false, actor: 'tester' });
  try {
    expect(current.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'search_index'").pluck().get()).not.toContain('prefix');
    expect(current.db.prepare('SELECT count(*) FROM search_impact_vocab').pluck().get()).toBe(0);
    const progress: number[] = [];
    current.search.ensureCurrent((done) => progress.push(done));
    expect(progress.at(-1)).toBe(1);
    // Prefixes with impact tokens of their own (3 and 4 characters) and one without (5) find the same entry.
    for (const query of ['dec*', 'deca*', 'decat*', 'decatis*']) {
      const found = current.search.search({ query, sort: 'relevance', limit: 10, facets: false, filters: {} });
      expect(found.hits.map((h) => h.id)).toEqual([entry.id]);
    }
    // The re-index wrote the entry's impact postings too.
    const decatis = termRange(analyseTerms('decatising')[0] as string);
    expect(current.db.prepare('SELECT sum(doc) FROM search_impact_vocab WHERE term >= ? AND term < ?').pluck().get(decatis.from, decatis.to)).toBe(1);
    const again: number[] = [];
    current.search.ensureCurrent((done) => again.push(done));
    expect(again).toEqual([]);
  } finally {
    current.close();
  }
});

import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Catalogue } from '../../electron/app/catalogue.js';
import { MIGRATIONS } from '../../electron/core/db/migrations.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

it('keeps every indexed entry tag when tags are numbered, and tag filters and facets find the same entries', () => {
  const dir = path.join(tempDir(), 'cat');
  const older = Catalogue.open(dir, { create: true, actor: 'tester', migrations: MIGRATIONS.filter((m) => m.version < 17) });
  older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Decatising wool', tags: ['textiles/wool/finishing', 'mining'] }));
  older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Roof prop', tags: ['mining/roof'] }));
  older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Wool carding', tags: ['textiles/wool'] }));
  // A catalogue opened at an older schema has no indexer: its search rows are written as version 16 wrote them.
  older.db.exec(`
    INSERT INTO search_docs (entry_id, kind, status, language, enterprise_id, year, created_at, title_key, has_attachments, sections)
      SELECT id, kind, status, language, enterprise_id, 2026, created_at, lower(title), 0, 0 FROM entries ORDER BY rowid;
    INSERT INTO search_doc_tags (tag_id, docid)
      SELECT et.tag_id, d.docid FROM entry_tags et JOIN search_docs d ON d.entry_id = et.entry_id;
    INSERT INTO search_doc_tags (tag_id, docid)
      SELECT t.parent_id, d.docid FROM entry_tags et JOIN tags t ON t.id = et.tag_id JOIN search_docs d ON d.entry_id = et.entry_id
      WHERE t.parent_id IS NOT NULL;
  `);
  const pairs = (catalogue: Catalogue, sql: string): unknown => catalogue.db.prepare(sql).all();
  const before = pairs(older, 'SELECT d.entry_id, t.tag_id FROM search_doc_tags t JOIN search_docs d USING (docid) ORDER BY 1, 2');
  expect((before as unknown[]).length).toBe(7);
  older.close();

  const catalogue = Catalogue.open(dir, { create: false, actor: 'tester' });
  try {
    expect(
      pairs(
        catalogue,
        'SELECT d.entry_id, n.tag_id FROM search_doc_tags t JOIN search_tag_numbers n ON n.num = t.tag JOIN search_docs d USING (docid) ORDER BY 1, 2',
      ),
    ).toEqual(before);
    const wool = catalogue.tags.require('textiles/wool');
    const found = catalogue.search.search({ query: '', filters: { tagIds: [wool] }, sort: 'title', limit: 10, facets: true });
    expect(found.hits.map((h) => h.title)).toEqual(['Decatising wool', 'Wool carding']);
    // A tag met for the first time after the migration gets a number of its own.
    catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Steam press', tags: ['textiles/finishing/steam'] }));
    const steam = catalogue.tags.require('textiles/finishing/steam');
    expect(catalogue.search.search({ query: '', filters: { tagIds: [steam] }, sort: 'title', limit: 10, facets: false }).hits.map((h) => h.title)).toEqual([
      'Steam press',
    ]);
    // Tag facets count from the numbered rows too (over every entry: the tag filter is their own).
    expect(found.facets?.tag.find((f) => f.key === 'mining')?.count).toBe(2);
  } finally {
    catalogue.close();
  }
});

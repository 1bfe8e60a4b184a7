import { afterEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../electron/app/catalogue.js';
import type { SearchIndexer } from '../../electron/search/indexer.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { bundlePath, demoCatalogue, emptyCatalogue } from '../exchange/support.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

function indexerOf(catalogue: Catalogue): SearchIndexer {
  const indexer = catalogue.searchIndexer;
  if (!indexer) throw new Error('the test catalogue has no search index');
  return indexer;
}

/** The index as entries see it (docids differ between builds): facet columns, tags, codes and every term's counts. */
function indexState(catalogue: Catalogue): unknown {
  const db = catalogue.db;
  return {
    docs: db
      .prepare(
        `SELECT d.entry_id, d.kind, d.status, d.language, d.enterprise_id, d.year, d.created_at, d.title_key, d.has_attachments, d.sections,
                (SELECT group_concat(tag_id, ',') FROM (SELECT n.tag_id FROM search_doc_tags t JOIN search_tag_numbers n ON n.num = t.tag WHERE t.docid = d.docid ORDER BY n.tag_id)) AS tags,
                (SELECT group_concat(code, ',') FROM (SELECT code FROM search_doc_classes c WHERE c.docid = d.docid ORDER BY code)) AS codes
         FROM search_docs d ORDER BY d.entry_id`,
      )
      .all(),
    terms: db.prepare('SELECT term, doc, cnt FROM search_vocab ORDER BY term').all(),
  };
}

describe('batch indexing', () => {
  it('reads many entries exactly as it reads each one', async () => {
    const t = await demoCatalogue();
    open.push(t);
    const { catalogue } = t;
    // A deeper tag with synonyms on it and on its parent, so ancestors and synonyms both show.
    const entry = catalogue.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 1').pluck().get() as string;
    await t.client.call('entries.tag', { id: entry, add: ['textiles/wool/fine/merino'], remove: [] });
    catalogue.tags.setSynonyms(catalogue.tags.require('textiles/wool/fine'), ['superfine', 'тонкая']);
    const indexer = indexerOf(catalogue);
    const ids = catalogue.db.prepare('SELECT id FROM entries ORDER BY id DESC').pluck().all() as string[];
    const many = indexer.readMany([...ids, '01900000-0000-7000-8000-000000000000']);
    expect([...many.keys()].sort()).toEqual([...ids].sort());
    for (const id of ids) expect(many.get(id)).toEqual(indexer.read(id));
    expect(many.get(entry)?.texts.tags).toContain('superfine');
  });

  it('indexes an imported bundle in one batch to the same index as re-indexing entry by entry', async () => {
    const source = await demoCatalogue();
    open.push(source);
    const target = emptyCatalogue();
    open.push(target);
    const out = bundlePath();
    await source.client.call('exchange.export', { out });
    const indexer = indexerOf(target.catalogue);
    const batches: number[] = [];
    const original = indexer.indexEntries.bind(indexer);
    indexer.indexEntries = (ids) => {
      batches.push(ids.length);
      original(ids);
    };
    await target.client.call('exchange.import', { file: out, trust: true });
    expect(batches.filter((n) => n > 1)).toEqual([52]);
    const imported = indexState(target.catalogue);
    indexer.reindexAll();
    expect(indexState(target.catalogue)).toEqual(imported);
    expect(imported).toMatchObject({ docs: expect.arrayContaining([expect.objectContaining({ entry_id: expect.any(String) })]) });
    expect(target.catalogue.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(52);
  });

  it('indexes nothing when the deferred work fails, and needs a transaction', () => {
    const t = emptyCatalogue();
    open.push(t);
    const { catalogue } = t;
    const indexer = indexerOf(catalogue);
    expect(() => indexer.deferring(() => 1)).toThrow(/inside a transaction/);
    expect(() =>
      catalogue.transaction(() =>
        indexer.deferring(() => {
          catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Steam twice' }));
          throw new Error('injected');
        }),
      ),
    ).toThrow('injected');
    expect(catalogue.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
    const made = catalogue.transaction(() =>
      indexer.deferring(() => {
        const e = catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Steam twice' }));
        expect(catalogue.db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
        return e;
      }),
    );
    expect(catalogue.db.prepare('SELECT entry_id FROM search_docs').pluck().all()).toEqual([made.id]);
  });
});

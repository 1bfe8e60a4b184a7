import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../electron/app/catalogue.js';
import { INDEX_VERSION_KEY, type SearchIndexer } from '../../electron/search/indexer.js';
import { PAIR_LIST_MIN_ENTRIES } from '../../electron/search/pair-terms.js';
import { PIPELINE_VERSION } from '../../electron/search/pipeline.js';
import { unpackIds } from '../../electron/search/word-store.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { cleanupTemp, openTestCatalogue, type TestCatalogue } from '../helpers.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

const WORDS = ['wool', 'worsted', 'carding', 'fulling', 'steam', 'decatising', 'loom', 'weft', 'warp', 'dye', 'indigo', 'madder', 'press', 'teasel', 'nap'];
const RU = ['сукно', 'шерсть', 'ткань', 'валяние', 'крашение'];

/** `count` entries whose words differ from one to the next, so every query finds some and misses others. */
function fill(catalogue: Catalogue, count: number): string[] {
  // Searched once while empty, as the app does on opening: the index is then current, and stays so as entries are written.
  catalogue.search.ensureCurrent();
  const ids: string[] = [];
  catalogue.transaction(() => {
    for (let i = 0; i < count; i += 1) {
      const w = (k: number): string => WORDS[(i * 7 + k * 3) % WORDS.length] as string;
      const entry = catalogue.entryService.create(
        EntryCreate.parse({
          kind: i % 3 === 0 ? 'method' : 'invention',
          title: `${w(0)} ${w(1)} number ${i}`,
          summary: `${w(2)} and ${RU[i % RU.length]}`,
          body: `**${w(3)}** of the cloth, then ${w(4)}; batch ${i % 17}`,
          tags: [`textiles/${w(5)}`],
        }),
      );
      ids.push(entry.id);
    }
  });
  return ids;
}

function indexerOf(catalogue: Catalogue): SearchIndexer {
  const indexer = catalogue.searchIndexer;
  if (!indexer) throw new Error('the test catalogue has no search index');
  return indexer;
}

/** Every posting of both FTS5 tables, the documents' facet columns, tags and codes, and the surface words, by entry id (docids may differ between builds). */
function indexState(db: Database): { postings: string[]; impacts: string[]; docs: string[]; words: string[]; docWords: string[] } {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.text_instances USING fts5vocab(main, search_index, 'instance')");
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.impact_instances USING fts5vocab(main, search_impacts, 'instance')");
  const rows = (sql: string): string[] => (db.prepare(sql).raw().all() as unknown[][]).map((r) => r.join('\u0001')).sort();
  const byId = new Map((db.prepare('SELECT id, word FROM search_words').raw().all() as [number, string][]).map(([id, word]) => [id, word]));
  return {
    postings: rows('SELECT d.entry_id, i.term, i.col, i.offset FROM temp.text_instances i JOIN search_docs d ON d.docid = i.doc'),
    impacts: rows('SELECT d.entry_id, i.term, i.col, i.offset FROM temp.impact_instances i JOIN search_docs d ON d.docid = i.doc'),
    docs: rows(
      `SELECT d.entry_id, d.kind, d.status, d.language, d.enterprise_id, d.year, d.created_at, d.title_key, d.has_attachments, d.sections,
              (SELECT group_concat(tag_id, ',') FROM (SELECT n.tag_id FROM search_doc_tags t JOIN search_tag_numbers n ON n.num = t.tag WHERE t.docid = d.docid ORDER BY n.tag_id)),
              (SELECT group_concat(code, ',') FROM (SELECT code FROM search_doc_classes c WHERE c.docid = d.docid ORDER BY code))
       FROM search_docs d`,
    ),
    words: rows('SELECT word, terms, docs FROM search_words'),
    docWords: (db.prepare('SELECT d.entry_id, w.ids FROM search_doc_words w JOIN search_docs d ON d.docid = w.docid').raw().all() as [string, Uint8Array][])
      .map(
        ([entry, ids]) =>
          `${entry}: ${unpackIds(ids)
            .map((id) => byId.get(id))
            .sort()
            .join(' ')}`,
      )
      .sort(),
  };
}

/** What a newer pipeline finds on opening a catalogue indexed by an older one: the postings are there, the version is not current. */
function markStale(db: Database): void {
  db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(String(PIPELINE_VERSION - 1), INDEX_VERSION_KEY);
}

/** A catalogue whose client is the desktop core's: re-indexing between requests, every response checked against the contract. */
function openCatalogue(): TestCatalogue {
  const t = openTestCatalogue();
  open.push(t);
  const client = createLocalClient(createHandlers(t.catalogue, { resourcesDir: findResourcesDir, reindexInBackground: true }), {
    validateResponses: true,
    onInternalError: (error) => {
      throw error;
    },
  });
  return { ...t, client };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const QUERIES = ['wool', 'steam decatising', 'сукно', 'carding OR indigo', '"carding decatising"', 'tag:loom', 'teas*', 'number'];

describe('re-indexing between requests', () => {
  it('keeps answering every search with the same hits while it runs, and ends with the postings a synchronous re-index writes', async () => {
    const t = openCatalogue();
    const { catalogue, client } = t;
    fill(catalogue, 300);
    const before = new Map<string, string[]>();
    const totals = new Map<string, number>();
    for (const query of QUERIES) {
      const found = await client.call('search.query', { query, limit: 200 });
      expect(found.reindexing).toBeUndefined();
      // Sorted: entries scored alike may come in another order while segments are rewritten.
      before.set(query, found.hits.map((h) => h.id).sort());
      totals.set(query, found.total);
    }
    // Every query finds something and not everything, so a half-built index would show.
    for (const [query, hits] of before) expect(hits.length, query).toBeGreaterThan(0);
    expect(totals.get('wool')).toBeLessThan(300);
    const docids = catalogue.db.prepare('SELECT entry_id, docid FROM search_docs ORDER BY entry_id').raw().all();

    markStale(catalogue.db);
    const progress: number[] = [];
    const running = catalogue.search.reindexInBackground((done) => progress.push(done), { batch: 20 });
    // A second request joins the running re-index.
    expect(catalogue.search.reindexInBackground()).toBe(running);
    let rounds = 0;
    let answeredDuring = 0;
    while (catalogue.search.reindexing() !== null) {
      rounds += 1;
      const query = QUERIES[rounds % QUERIES.length] as string;
      const found = await client.call('search.query', { query, limit: 200, facets: true });
      if (found.reindexing) {
        answeredDuring += 1;
        expect(found.reindexing.total).toBe(300);
        expect(found.reindexing.done).toBeLessThanOrEqual(300);
      }
      expect(found.hits.map((h) => h.id).sort(), query).toEqual(before.get(query));
      expect(found.total, query).toBe(totals.get(query));
      await tick();
    }
    expect(await running).toEqual({ entries: 300, version: PIPELINE_VERSION });
    // Searches ran between the batches, not after them all: 300 entries in batches of 20.
    expect(answeredDuring).toBeGreaterThanOrEqual(10);
    expect(progress.at(-1)).toBe(300);
    expect(progress.length).toBeGreaterThanOrEqual(15);
    expect(indexerOf(catalogue).storedVersion()).toBe(PIPELINE_VERSION);
    // Rewritten in place: the documents kept their docids.
    expect(catalogue.db.prepare('SELECT entry_id, docid FROM search_docs ORDER BY entry_id').raw().all()).toEqual(docids);
    const inPlace = indexState(catalogue.db);
    expect(inPlace.postings.length).toBeGreaterThan(3000);
    indexerOf(catalogue).reindexAll();
    expect(indexState(catalogue.db)).toEqual(inPlace);
    expect((await client.call('search.query', { query: 'wool' })).reindexing).toBeUndefined();
  });

  it('loses no write made while it runs and never writes an older version over it', async () => {
    const t = openCatalogue();
    const { catalogue, client } = t;
    const ids = fill(catalogue, 200);
    markStale(catalogue.db);
    const kinds = async (): Promise<Record<string, number>> => {
      const found = await client.call('search.query', { query: 'number', limit: 1, facets: true });
      return Object.fromEntries((found.facets?.kind ?? []).map((f) => [f.key, f.count]));
    };
    // The facet store built before the pass must hear of a write made between its steps.
    const before = await kinds();
    const running = catalogue.search.reindexInBackground(undefined, { batch: 20 });
    while ((catalogue.search.reindexing()?.done ?? 0) < 40) await tick();
    const flipped = ids[60] as string;
    await client.call('entries.update', { id: flipped, patch: { kind: 'method' } });
    const wasInvention = 60 % 3 !== 0;
    expect(await kinds()).toEqual({
      ...before,
      method: (before.method ?? 0) + (wasInvention ? 1 : 0),
      invention: (before.invention ?? 0) - (wasInvention ? 1 : 0),
    });
    const early = ids[5] as string;
    const late = ids[190] as string;
    const gone = ids[150] as string;
    // One already re-indexed, one the pass has not reached (its old texts already sent to the worker), one removed.
    await client.call('entries.update', { id: early, patch: { title: 'Quillwork on birch bark', body: 'porcupine quills' } });
    await client.call('entries.update', { id: late, patch: { title: 'Quillwork on moose hide', body: 'dyed quills' } });
    await client.call('entries.delete', { id: gone });
    const during = await client.call('search.query', { query: 'quillwork' });
    expect(during.reindexing).toBeDefined();
    expect(during.hits.map((h) => h.id).sort()).toEqual([early, late].sort());
    await running;
    expect((await client.call('search.query', { query: 'quillwork' })).hits.map((h) => h.id).sort()).toEqual([early, late].sort());
    expect((await client.call('search.query', { query: 'moose' })).hits.map((h) => h.id)).toEqual([late]);
    expect((await client.call('search.query', { query: `number ${190}` })).hits.map((h) => h.id)).not.toContain(late);
    expect(catalogue.db.prepare('SELECT count(*) FROM search_docs WHERE entry_id = ?').pluck().get(gone)).toBe(0);
    // What the pass left is what indexing every entry from its current rows gives.
    const after = indexState(catalogue.db);
    indexerOf(catalogue).reindexAll();
    expect(indexState(catalogue.db)).toEqual(after);
  });

  it('is finished, not started again, by a caller that must wait; and an empty index is built from nothing', async () => {
    const t = openCatalogue();
    const { catalogue, client } = t;
    const ids = fill(catalogue, 60);
    catalogue.db.exec(
      "INSERT INTO search_index (search_index) VALUES ('delete-all'); INSERT INTO search_impacts (search_impacts) VALUES ('delete-all'); DELETE FROM search_doc_tags; DELETE FROM search_doc_classes; DELETE FROM search_docs;",
    );
    markStale(catalogue.db);
    const first = await client.call('search.query', { query: 'number' });
    // Nothing to rewrite in place: the answer says the index is being built, without waiting for it.
    expect(first.reindexing).toEqual({ done: 0, total: 60 });
    expect(first.total).toBeLessThan(60);
    const running = catalogue.search.reindexInBackground();
    catalogue.search.ensureCurrent();
    expect(catalogue.search.reindexing()).toBeNull();
    expect(await running).toEqual({ entries: 60, version: PIPELINE_VERSION });
    expect((await client.call('search.query', { query: 'number', limit: 100 })).hits.map((h) => h.id).sort()).toEqual([...ids].sort());
  });

  it('rewrites in place with FTS5 merging no segment for its tombstones and SQLite checkpointing in no commit, and gives both settings back', () => {
    const t = openCatalogue();
    const { catalogue } = t;
    fill(catalogue, 40);
    const deleteMerge = (table: string): unknown => catalogue.db.prepare(`SELECT v FROM ${table}_config WHERE k = 'deletemerge'`).pluck().get();
    const settings = (): unknown[] => ['search_index', 'search_impacts'].map(deleteMerge);
    const autocheckpoint = (): unknown => catalogue.db.pragma('wal_autocheckpoint', { simple: true });
    const pass = indexerOf(catalogue).reindexPass({ inPlace: true, batch: 10 });
    pass.next();
    pass.next();
    // Between two batches every rewritten entry has left a tombstone, and no segment is rewritten for them.
    expect(settings()).toEqual([0, 0]);
    pass.return(0);
    expect(settings()).toEqual([10, 10]);
    expect(autocheckpoint()).toBe(1000);
    const whole = indexerOf(catalogue).reindexPass({ inPlace: true, batch: 10 });
    // The first step only starts the pass; every later one is a batch or a step of the final merge.
    whole.next();
    for (let step = whole.next(); step.done !== true; step = whole.next()) {
      expect(settings()).toEqual([0, 0]);
      // No commit checkpoints on its own (one did, inside a small batch, for 150-200 ms): each step does.
      expect(autocheckpoint()).toBe(0);
    }
    expect(settings()).toEqual([10, 10]);
    expect(autocheckpoint()).toBe(1000);
  });

  it('gives the pages the old postings held back to the file system, in steps, and still finds every entry', async () => {
    const t = openCatalogue();
    const { catalogue, client } = t;
    const ids = fill(catalogue, 300);
    const pages = (): number => catalogue.db.pragma('page_count', { simple: true }) as number;
    const free = (): number => catalogue.db.pragma('freelist_count', { simple: true }) as number;
    // A new catalogue is made with incremental auto-vacuum (open.ts).
    expect(catalogue.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    catalogue.db.pragma('wal_checkpoint(TRUNCATE)');
    const before = pages();
    const found = (await client.call('search.query', { query: 'number', limit: 1, facets: false })).total;
    expect(found).toBe(ids.length);
    // A re-index in place rewrites every posting: without the vacuum, what the old ones held stays free in the file.
    const pass = indexerOf(catalogue).reindexPass({ inPlace: true, batch: 50 });
    let steps = 0;
    let freeSeen = 0;
    for (let step = pass.next(); step.done !== true; step = pass.next()) {
      steps += 1;
      freeSeen = Math.max(freeSeen, free());
      // Every step of the pass, the vacuum's too, reports it by entries, never past their number.
      expect(step.value.total).toBe(ids.length);
      expect(step.value.done).toBeLessThanOrEqual(ids.length);
    }
    expect(steps).toBeGreaterThan(6);
    expect(freeSeen).toBeGreaterThan(0);
    expect(free()).toBe(0);
    expect(pages()).toBeLessThanOrEqual(before);
    expect((await client.call('search.query', { query: 'number', limit: 1, facets: false })).total).toBe(ids.length);
    expect((await client.call('search.query', { query: 'wool', limit: 10, facets: false })).hits.length).toBeGreaterThan(0);
  });

  it('re-indexes once for the pair list of a catalogue large by its rowids but small in entries, not at every search', async () => {
    const t = openCatalogue();
    const { catalogue, client } = t;
    const ids = fill(catalogue, 30);
    // As after thousands of entries were written and deleted: the rowids went past the list's threshold.
    catalogue.db.prepare('UPDATE entries SET rowid = ? WHERE id = ?').run(PAIR_LIST_MIN_ENTRIES + 1_000, ids.at(-1));
    const first = await client.call('search.query', { query: 'wool' });
    expect(first.reindexing).toBeDefined();
    await catalogue.search.reindexInBackground();
    for (let i = 0; i < 3; i += 1) {
      expect((await client.call('search.query', { query: 'wool' })).reindexing).toBeUndefined();
      expect(catalogue.search.reindexing()).toBeNull();
    }
    expect(indexerOf(catalogue).pairListOutdated()).toBe(false);
  });
});

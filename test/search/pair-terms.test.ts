import { afterEach, describe, expect, it } from 'vitest';
import { BM25_WEIGHTS } from '../../electron/search/fields.js';
import { impactText } from '../../electron/search/impacts.js';
import { PAIR_LIST_MIN_ENTRIES, PairTerms, frequentTerms } from '../../electron/search/pair-terms.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, openTestCatalogue, type TestCatalogue } from '../helpers.js';

afterEach(cleanupTemp);

const NO_FIELDS = { title: '', tags: '', classification: '', summary: '', body: '', authors: '', enterprise: '', registration: '', attachments: '' };
const PAIR_START = '\uE001';

/** The pair tokens of an impact text, as "first second". */
function pairsOf(text: string): string[] {
  return text
    .split(' ')
    .filter((t) => t.startsWith(PAIR_START))
    .map((t) => t.slice(1, t.indexOf('\uE000')).replace('\uE002', ' '))
    .sort();
}

const COMMON = ['wool', 'cloth', 'steam', 'press'];
const RARE = ['fuller', 'teasel', 'nap', 'shear', 'dye', 'felt', 'loom', 'warp', 'weft', 'bobbin', 'card', 'comb'];

/** 40 entries: every one holds the common words, each rare word is in a few. */
function build(t: TestCatalogue): void {
  t.catalogue.transaction(() => {
    for (let i = 0; i < 40; i += 1) {
      const a = RARE[i % RARE.length] as string;
      const b = RARE[(i * 5 + 3) % RARE.length] as string;
      // wool and cloth are in every entry, steam and press in half, each rare word in about a sixth.
      const common = i % 2 === 0 ? COMMON.join(' ') : 'wool cloth';
      t.catalogue.entryService.create(
        EntryCreate.parse({ kind: 'method', title: `${common} ${a}`, body: `${a} ${b} ${common} ${b} ${a} wool ${i % 3 === 0 ? 'cloth wool' : b}` }),
      );
    }
  });
}

/** Every adjacent word pair of every entry's body and title, as phrases. */
function phrases(t: TestCatalogue): string[] {
  const texts = t.catalogue.db.prepare('SELECT title, body FROM entries').raw().all() as [string, string][];
  const out = new Set<string>();
  for (const text of texts.flat()) {
    const words = text.split(' ');
    for (let i = 0; i + 1 < words.length; i += 1) out.add(`"${words[i] as string} ${words[i + 1] as string}"`);
  }
  return [...out].sort();
}

/** What a phrase finds, best first, with scores: the app's search and FTS5's own. */
function results(t: TestCatalogue, query: string): { app: [string, number][]; fts5: Map<string, number> } {
  const found = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 500, facets: false, snippets: false, rerank: false });
  const match = t.catalogue.search.compile(query).match ?? '';
  const rows = t.catalogue.db
    .prepare(
      `SELECT d.entry_id AS id, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index JOIN search_docs d ON d.docid = search_index.rowid WHERE search_index MATCH ?`,
    )
    .all(match) as { id: string; score: number }[];
  return { app: found.hits.map((h) => [h.id, h.score]), fts5: new Map(rows.map((r) => [r.id, r.score])) };
}

describe('pairs of frequent terms only', () => {
  it('writes pair tokens between listed terms alone, and every pair without a list', () => {
    const fields = { ...NO_FIELDS, title: 'wool cloth nap', body: 'nap wool cloth steam' };
    expect(pairsOf(impactText(fields))).toEqual(['cloth nap', 'cloth steam', 'nap wool', 'wool cloth']);
    expect(pairsOf(impactText(fields, new Set(['wool', 'cloth', 'steam'])))).toEqual(['cloth steam', 'wool cloth']);
    expect(pairsOf(impactText(fields, new Set()))).toEqual([]);
  });

  it('chooses the terms a share of the sample holds, never from one entry alone', () => {
    const df = new Map([
      ['wool', 50],
      ['cloth', 10],
      ['nap', 9],
      ['felt', 1],
    ]);
    expect(frequentTerms(df, 100, 0.1)).toEqual(['cloth', 'wool']);
    expect(frequentTerms(df, 100, 0.001)).toEqual(['cloth', 'nap', 'wool']);
  });

  it('answers every phrase as before: pairs of frequent terms from their tokens, the rest from FTS5, same entries and scores', () => {
    const t = openTestCatalogue();
    try {
      build(t);
      const before = new Map(phrases(t).map((q) => [q, results(t, q).app]));
      const indexer = t.catalogue.searchIndexer;
      if (!indexer) throw new Error('no indexer');
      // A catalogue this small keeps every pair; here a list is made of the terms in a quarter of the entries.
      indexer.reindexAll(undefined, { pairList: { minEntries: 1, share: 0.25 } });
      const listed = indexer.pairs.writing();
      expect(listed && [...listed].sort()).toEqual(['cloth', 'press', 'steam', 'wool']);
      expect(indexer.pairs.stored('wool', 'cloth')).toBe(true);
      expect(indexer.pairs.stored('teasel', 'nap')).toBe(false);
      const pairTokens = t.catalogue.db.prepare("SELECT count(*) FROM search_impact_vocab WHERE term LIKE '\uE001%'").pluck().get() as number;
      expect(pairTokens).toBeGreaterThan(0);
      let fromFts5 = 0;
      for (const [query, hits] of before) {
        const [first = '', second = ''] = query.slice(1, -1).split(' ');
        const compiled = t.catalogue.search.compile(query);
        // A phrase of two listed terms keeps its token; any other goes to FTS5's positions.
        expect(compiled.impact === null, query).toBe(!(COMMON.includes(first) && COMMON.includes(second)));
        if (compiled.impact === null) fromFts5 += 1;
        const now = results(t, query);
        expect(
          now.app.map(([id]) => id),
          query,
        ).toEqual(hits.map(([id]) => id));
        now.app.forEach(([, score], i) => expect(score, query).toBeCloseTo(hits[i]?.[1] ?? NaN, 6));
        expect(new Set(now.fts5.keys()), query).toEqual(new Set(hits.map(([id]) => id)));
      }
      expect(fromFts5).toBeGreaterThan(10);
    } finally {
      t.close();
    }
  });

  it('takes a pair as stored only when both lists keep it while a re-index in place runs, and goes on with its list after an interruption', () => {
    const t = openTestCatalogue();
    try {
      build(t);
      const indexer = t.catalogue.searchIndexer;
      if (!indexer) throw new Error('no indexer');
      indexer.reindexAll(undefined, { pairList: { minEntries: 1, share: 0.25 } });
      // The next list is stricter (wool and cloth alone); stop once its first batch is written.
      const pass = indexer.reindexPass({ inPlace: true, batch: 5, pairList: { minEntries: 1, share: 0.9 } });
      for (let step = pass.next(); step.done !== true && step.value.done === 0; step = pass.next());
      const next = indexer.pairs.pending();
      expect(next?.terms && [...next.terms].sort()).toEqual(['cloth', 'wool']);
      expect(indexer.pairs.writing()).toBe(next?.terms);
      expect(indexer.pairs.stored('wool', 'cloth')).toBe(true);
      // Kept by the current list, not the next: some entries have been written without it.
      expect(indexer.pairs.stored('steam', 'press')).toBe(false);
      expect(t.catalogue.search.compile('"steam press"').impact).toBeNull();
      const steamPress = results(t, '"steam press"');
      expect(steamPress.app.length).toBe(steamPress.fts5.size);
      expect(steamPress.app.length).toBeGreaterThan(0);
      pass.return(0);
      // Stopped: the next pass in place goes on with the list its entries already hold.
      expect(indexer.pairs.pending()).toEqual(next);
      indexer.reindexAll(undefined, { pairList: { minEntries: 1, share: 0.25 } });
      // From empty a new list is chosen and is current at once.
      expect(indexer.pairs.pending()).toBeNull();
      const pass2 = indexer.reindexPass({ inPlace: true, batch: 100, pairList: { minEntries: 1, share: 0.9 } });
      pass2.next();
      expect(pass2.next().value).toEqual({ done: 40, total: 40 });
      pass2.return(0);
      const again = indexer.reindexPass({ inPlace: true, batch: 100, pairList: { minEntries: 1, share: 0.25 } });
      for (let step = again.next(); step.done !== true; step = again.next());
      expect(indexer.pairs.pending()).toBeNull();
      expect([...(indexer.pairs.writing() ?? [])].sort()).toEqual(['cloth', 'wool']);
      expect(indexer.pairs.stored('steam', 'press')).toBe(false);
      expect(results(t, '"wool cloth"').app.length).toBe(results(t, '"wool cloth"').fts5.size);
    } finally {
      t.close();
    }
  });

  it('says a catalogue has outgrown its list when it is large without one, or twice the size it was made for', () => {
    const t = openTestCatalogue();
    try {
      const pairs = new PairTerms(t.catalogue.db);
      expect(pairs.outdated(PAIR_LIST_MIN_ENTRIES - 1)).toBe(false);
      expect(pairs.outdated(PAIR_LIST_MIN_ENTRIES)).toBe(true);
      pairs.begin({ terms: new Set(['wool']), entries: 8_000 }, true);
      expect(pairs.outdated(8_000)).toBe(false);
      expect(pairs.outdated(15_999)).toBe(false);
      expect(pairs.outdated(16_000)).toBe(true);
      // A pass that began and did not end is to be finished.
      pairs.begin({ terms: new Set(['wool', 'cloth']), entries: 9_000 }, false);
      expect(pairs.outdated(9_000)).toBe(true);
      pairs.finish({ terms: new Set(['wool', 'cloth']), entries: 9_000 });
      expect(pairs.outdated(9_000)).toBe(false);
      // Another connection's settings are read again once it has written (data_version).
      expect(new PairTerms(t.catalogue.db).stored('wool', 'cloth')).toBe(true);
    } finally {
      t.close();
    }
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BM25_WEIGHTS } from '../../electron/search/fields.js';
import { bandLength, impactText, lengthBand, readImpact } from '../../electron/search/impacts.js';
import { IndexStatistics } from '../../electron/search/index-statistics.js';
import type { ResolvedFilters } from '../../electron/search/engine.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, openTestCatalogue, useFreshCatalogue, type TestCatalogue } from '../helpers.js';

const NO_FIELDS = { title: '', tags: '', classification: '', summary: '', body: '', authors: '', enterprise: '', registration: '', attachments: '' };

/** The tokens of impactText as [key, weighted frequency, length band], sorted, key with its marks shown as < | ^ @. */
function tokens(fields: Partial<typeof NO_FIELDS>): [string, number, number][] {
  return impactText({ ...NO_FIELDS, ...fields })
    .split(' ')
    .map((token) => {
      const impact = readImpact(token);
      if (impact === null) throw new Error(`not an impact token: ${token}`);
      const key = token.slice(0, token.indexOf('\uE000')).replace('\uE001', '<').replace('\uE002', '|').replace('\uE003', '^').replace('\uE004', '@');
      return [key, impact.frequency, impact.band] as [string, number, number];
    })
    .sort(byKey);
}
const byKey = (a: [string, number, number], b: [string, number, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

describe('impact tokens', () => {
  it('weigh each occurrence by its field, count adjacent pairs within a field only, and carry the entry length', () => {
    // title weighs 6, tags 3, summary 2, body 1; 2 + 1 + 2 + 3 = 8 tokens in all.
    const all = tokens({ title: 'wool felt', tags: 'wool', summary: 'felt wool', body: 'wool felt wool' });
    expect(all.filter(([key]) => !/^[@^]/.test(key))).toEqual([
      ['<felt|wool', 2 + 1, 8],
      ['<wool|felt', 6 + 1, 8],
      ['felt', 6 + 2 + 1, 8],
      ['wool', 6 + 3 + 2 + 2, 8],
    ]);
    // Each field but the body has its terms' own tokens (0 title, 1 tags, 3 summary), with that field's weight only.
    expect(all.filter(([key]) => key.startsWith('@'))).toEqual([
      ['@0|felt', 6, 8],
      ['@0|wool', 6, 8],
      ['@1|wool', 3, 8],
      ['@3|felt', 2, 8],
      ['@3|wool', 2, 8],
    ]);
  });

  it('give each 3- and 4-character prefix one token, with the summed frequency of its terms, counting characters rather than UTF-16 units', () => {
    const prefixes = tokens({ title: 'wool woollen wo шерсть', body: '𝑥𝑦𝑧𝑤q' }).filter(([key]) => key.startsWith('^'));
    expect(prefixes).toEqual(
      [
        ['^woo', 6 + 6, 5],
        ['^wool', 6 + 6, 5],
        ['^шер', 6, 5],
        ['^шерс', 6, 5],
        ['^𝑥𝑦𝑧', 1, 5],
        ['^𝑥𝑦𝑧𝑤', 1, 5],
      ].sort(byKey as (a: unknown, b: unknown) => number),
    );
  });

  it('keep short lengths exactly and long ones within 1 %', () => {
    for (const length of [1, 2, 40, 64]) expect(bandLength(lengthBand(length))).toBe(length);
    for (let length = 65; length < 200_000; length = Math.ceil(length * 1.07)) {
      expect(Math.abs(bandLength(lengthBand(length)) - length) / length).toBeLessThan(0.0101);
    }
  });

  it('read back only what impactText writes', () => {
    expect(readImpact('wool')).toBeNull();
    expect(readImpact('wool\uE000x\uE0003')).toBeNull();
    expect(readImpact('wool\uE0000\uE0003')).toBeNull();
    // Frequencies are stored in halves: 5 reads as 2.5.
    expect(readImpact('\uE001a\uE002b\uE0005\uE00070')).toEqual({ frequency: 2.5, band: 70 });
  });
});

const WORDS = ['wool', 'felt', 'loom', 'steam', 'dye', 'cloth', 'шерсть', 'ткань', 'fulling', 'finishing'];

interface Doc {
  title: string;
  summary: string;
  body: string;
  tags: string[];
  /** Text of one attached file, when it has one. */
  file?: string | undefined;
}

const words = (min: number, max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max }).map((w) => w.join(' '));
const docArb: fc.Arbitrary<Doc> = fc.record({
  title: words(1, 5),
  summary: words(0, 12),
  // Some bodies are long, so their lengths fall in bands rather than being kept exactly.
  body: fc.oneof(words(0, 20), words(60, 160)),
  tags: fc.array(fc.constantFrom('textile/wool', 'textile/felt', 'steam'), { maxLength: 2 }).map((t) => [...new Set(t)]),
  file: fc.option(words(1, 30), { nil: undefined }),
});

const word = fc.constantFrom(...WORDS, 'missing');
const clauseArb: fc.Arbitrary<string> = fc.oneof(
  word,
  word.map((w) => `+${w}`),
  word.map((w) => `-${w}`),
  word.map((w) => `${w}^3`),
  // Two characters read the terms in range; three and four, the prefix's own tokens; five, the terms again.
  fc.constantFrom('wo*', 'fel*', 'fin*', 'тка*', 'st*', 'wool*', 'fini*', 'шерс*', 'finis*'),
  // A field other than the body has tokens of its own; the body's are its terms' less theirs.
  fc.tuple(fc.constantFrom('title', 'tag', 'summary', 'file', 'body'), word).map(([field, w]) => `${field}:${w}`),
  fc.constantFrom('title:wol~1', '-title:felt', '+tag:wool', 'body:wol~1', '+body:felt', '-body:wool', 'body:fulling^2'),
  fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
  fc.constantFrom('wol~1', 'clth~1', 'finishin~2'),
);
const queryArb = fc.array(clauseArb, { minLength: 1, maxLength: 4 }).map((c) => c.join(' '));

function build(t: TestCatalogue, docs: readonly Doc[]): void {
  docs.forEach((doc, i) => {
    const { file, ...fields } = doc;
    const entry = t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', ...fields }));
    if (file === undefined) return;
    // The attachments field (weight 0.5, stored in halves): a file name and one page of text.
    const bytes = Buffer.from(`file ${i} ${file}`);
    t.catalogue.addAttachment(entry.id, `${file.split(' ')[0] ?? 'file'}.pdf`, bytes, 'application/pdf');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    t.catalogue.attachmentTexts.enqueue([sha256], 1);
    t.catalogue.attachmentTexts.claim(sha256, 1);
    t.catalogue.attachmentTexts.finish(sha256, 1, {
      detectedType: 'text/plain',
      pages: [{ page: 1, text: file, method: 'text', confidence: null, language: null }],
    });
  });
}

/**
 * The entries FTS5 matches for the query's compiled MATCH, by entry id, with -bm25() and how
 * far off a score may be (nothing for an entry whose length is kept exactly, 1 % otherwise).
 * Scores come from `scoring` when given: the same query without its exclusions, because under
 * "… AND (… OR …) NOT …" with a column filter FTS5's bm25() leaves out some OR-ed phrases an
 * entry has (this property found "+tag:wool ткань -felt" scoring as "+tag:wool"), and BM25 is
 * the sum over every phrase the entry has.
 */
function byFts5(t: TestCatalogue, match: string, scoring = match): Map<string, { score: number; tolerance: number }> {
  const run = (expr: string) =>
    t.catalogue.db
      .prepare(
        `SELECT d.entry_id AS id, d.docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index JOIN search_docs d ON d.docid = search_index.rowid WHERE search_index MATCH ?`,
      )
      .all(expr) as { id: string; docid: number; score: number }[];
  const rows = run(match);
  const scores = scoring === match ? null : new Map(run(scoring).map((r) => [r.id, r.score]));
  const lengths = new IndexStatistics(t.catalogue.db).lengths(rows.map((r) => r.docid));
  return new Map(
    rows.map((r) => {
      const score = scores?.get(r.id) ?? r.score;
      return [r.id, { score, tolerance: Math.abs(score) * ((lengths.get(r.docid) ?? 0) <= 64 ? 1e-9 : 0.01) }];
    }),
  );
}

/**
 * What FTS5 gives for a query the impact postings must answer (null when it asks nothing):
 * its entries with bm25() scores, those scored without the query's exclusions (clauses are
 * joined by spaces and an excluded one has none, so what is left ranks the same entries).
 */
function fts5Expected(t: TestCatalogue, query: string): Map<string, { score: number; tolerance: number }> | null {
  const compiled = t.catalogue.search.compile(query);
  if (compiled.match === null || compiled.impossible) return null;
  // Every clause these queries use is one the impact postings answer.
  expect(compiled.impact, query).not.toBeNull();
  const positive = t.catalogue.search.compile(
    query
      .split(' ')
      .filter((c) => !c.startsWith('-'))
      .join(' '),
  ).match;
  return byFts5(t, compiled.match, positive ?? compiled.match);
}

describe('ranking from impact postings', () => {
  it('matches exactly the entries FTS5 matches, with the scores of bm25() (to within 1 % for long entries), for any free-text query', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 25 }), fc.array(queryArb, { minLength: 1, maxLength: 6 }), (docs, queries) => {
        const t = openTestCatalogue();
        try {
          build(t, docs);
          for (const query of queries) {
            const expected = fts5Expected(t, query);
            if (expected === null) continue;
            const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 500, facets: false, snippets: false, rerank: false });
            expect(result.total, query).toBe(expected.size);
            expect(new Set(result.hits.map((h) => h.id)), query).toEqual(new Set(expected.keys()));
            compared += result.hits.length;
            for (const hit of result.hits) {
              const { score, tolerance } = expected.get(hit.id) ?? { score: NaN, tolerance: 0 };
              expect(Math.abs(hit.score - score), `${query}: ${hit.score} against ${score}`).toBeLessThanOrEqual(tolerance + 1e-12);
            }
            // Best first, ties by rowid: scores never rise down the list.
            for (let i = 1; i < result.hits.length; i += 1) expect(result.hits[i]?.score).toBeLessThanOrEqual(result.hits[i - 1]?.score as number);
            // A short page (read from the best lists only, for a lone term or pair) has the best scores FTS5 has:
            // near ties may swap entries whose scores are banded, so each place allows the largest tolerance.
            const page = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 3, facets: false, snippets: false, rerank: false });
            const bestScores = [...expected.values()].sort((a, b) => b.score - a.score).slice(0, 3);
            const slack = Math.max(0, ...[...expected.values()].map((e) => e.tolerance));
            expect(page.total, query).toBe(expected.size);
            expect(page.hits.length, query).toBe(bestScores.length);
            page.hits.forEach((hit, i) => {
              const score = bestScores[i]?.score ?? NaN;
              expect(Math.abs(hit.score - score), `${query} #${i}`).toBeLessThanOrEqual(slack + 1e-12);
            });
          }
        } finally {
          t.close();
          cleanupTemp();
        }
      }),
      { numRuns: 25 },
    );
    expect(compared).toBeGreaterThan(100);
  });

  it('answers a long query read as a bag of words, of more clauses than a plan has bits (a pasted text) from the impact postings, as FTS5 ranks it', () => {
    // Asked clauses, kept whatever the length: fields, prefixes and fuzzy words any one phrase of which will do.
    const optional = fc.oneof(
      fc.constantFrom('wo*', 'fel*', 'fini*', 'шерс*', 'wol~1'),
      fc.tuple(fc.constantFrom('title', 'tag', 'summary', 'body'), word).map(([field, w]) => `${field}:${w}`),
    );
    // A few that need bits of their own or leave entries out.
    const deciding = fc.oneof(
      word.map((w) => `+${w}`),
      word.map((w) => `-${w}`),
      fc.tuple(word, word).map(([a, b]) => `"${a} ${b}"`),
    );
    // More than MAX_QUERY_CLAUSES words in all, so the query is read as a bag of words (its plain words one clause each, boosted by count).
    const longQuery = fc
      .tuple(fc.array(word, { minLength: 30, maxLength: 40 }), fc.array(optional, { minLength: 36, maxLength: 44 }), fc.array(deciding, { maxLength: 4 }))
      .map(([plain, asked, few]) => [...plain, ...asked, ...few].join(' '));
    let compared = 0;
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 20 }), fc.array(longQuery, { minLength: 1, maxLength: 3 }), (docs, queries) => {
        const t = openTestCatalogue();
        try {
          build(t, docs);
          for (const query of queries) {
            const expected = fts5Expected(t, query);
            if (expected === null) continue;
            for (const facets of [false, true]) {
              const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 500, facets, snippets: false, rerank: false });
              expect(result.total, query).toBe(expected.size);
              expect(new Set(result.hits.map((h) => h.id)), query).toEqual(new Set(expected.keys()));
              for (const hit of result.hits) {
                const { score, tolerance } = expected.get(hit.id) ?? { score: NaN, tolerance: 0 };
                expect(Math.abs(hit.score - score), `${query}: ${hit.score} against ${score}`).toBeLessThanOrEqual(tolerance + 1e-12);
              }
              compared += result.hits.length;
            }
          }
        } finally {
          t.close();
          cleanupTemp();
        }
      }),
      { numRuns: 15 },
    );
    expect(compared).toBeGreaterThan(50);
  });

  it('leaves a query of 31 to 64 words uncondensed to FTS5, which ranks it by exact bm25()', () => {
    const t = openTestCatalogue();
    try {
      const words = Array.from({ length: 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
      build(t, [{ title: 'wool felt loom', summary: '', body: words.join(' '), tags: [] }]);
      expect(t.catalogue.search.compile(`wool ${words.join(' ')}`).impact).toBeNull();
      // Past MAX_QUERY_CLAUSES words it is read as a bag of words and ranked from the impact postings.
      expect(t.catalogue.search.compile(`wool ${words.join(' ')} ${words.join(' ')}`).impact).not.toBeNull();
    } finally {
      t.close();
      cleanupTemp();
    }
  });

  describe('on a catalogue of their own', () => {
    const t = useFreshCatalogue();

    it('leaves phrases and prefixes in a field, and longer phrases to FTS5', () => {
      build(t, [{ title: 'wool felt loom', summary: '', body: 'felt', tags: [] }]);
      for (const query of ['title:"wool felt"', 'title:wool*', 'body:"wool felt"', '"wool felt loom"', "o'fel*"]) {
        expect(t.catalogue.search.compile(query).impact, query).toBeNull();
      }
      expect(t.catalogue.search.compile('wool "felt loom" fel* -dye title:loom tag:wool~1 body:felt').impact).not.toBeNull();
    });

    it('finds a body: word in the body alone, not in the title or a file, and counts only those entries for its idf', () => {
      build(t, [
        { title: 'wool felt', summary: 'wool', body: 'loom', tags: ['textile/wool'], file: 'wool wool' },
        { title: 'loom', summary: '', body: 'wool steam', tags: [] },
        { title: 'wool', summary: '', body: 'wool wool dye', tags: [] },
        { title: 'dye', summary: '', body: 'cloth', tags: [] },
      ]);
      expect(t.catalogue.search.compile('body:wool').impact).not.toBeNull();
      for (const query of ['body:wool', 'body:wool dye', '+body:wool title:wool', 'body:wool -title:wool']) {
        const expected = fts5Expected(t, query);
        const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 10, facets: true, snippets: false, rerank: false });
        expect(new Set(result.hits.map((h) => h.id)), query).toEqual(new Set(expected?.keys()));
        for (const hit of result.hits) expect(hit.score, query).toBeCloseTo(expected?.get(hit.id)?.score ?? NaN, 9);
      }
      expect(t.catalogue.search.search({ query: 'body:wool', filters: {}, sort: 'relevance', limit: 10, facets: false }).total).toBe(2);
    });

    it("forgets an entry's old words and pairs when it is edited, and all of it when it is deleted", () => {
      const entry = t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Steam fulling of wool cloth' }));
      const find = (query: string): number => t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 10, facets: false }).total;
      expect([find('fulling'), find('"wool cloth"'), find('felt')]).toEqual([1, 1, 0]);
      t.catalogue.entryService.update(entry.id, { title: 'Steam felting of wool felt' }, entry.revision);
      expect([find('fulling'), find('"wool cloth"'), find('felt'), find('"wool felt"')]).toEqual([0, 0, 1, 1]);
      t.catalogue.entryService.delete(entry.id);
      expect([find('felt'), find('"wool felt"'), find('steam')]).toEqual([0, 0, 0]);
      expect(t.catalogue.db.prepare('SELECT count(*) FROM search_impact_vocab').pluck().get()).toBe(0);
    });

    it('keeps totals, document frequencies and scores right after deletions and edits, with and without facets', () => {
      const ids = Array.from(
        { length: 30 },
        (_, i) => t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: `wool number ${i}`, body: 'felt '.repeat(i % 4) })).id,
      );
      for (let i = 0; i < 10; i += 1) t.catalogue.entryService.delete(ids[i * 2] as string);
      for (let i = 0; i < 5; i += 1) t.catalogue.entryService.update(ids[i * 2 + 1] as string, { title: `cotton number ${i}` });
      for (const query of ['wool', 'felt', '"wool number"', 'cotton']) {
        const expected = byFts5(t, t.catalogue.search.compile(query).match as string);
        for (const facets of [false, true]) {
          const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 3, facets, rerank: false });
          expect(result.total, query).toBe(expected.size);
          const best = [...expected].sort((a, b) => b[1].score - a[1].score)[0];
          expect(result.hits[0]?.score, query).toBeCloseTo(best?.[1].score as number, 3);
        }
      }
      expect(t.catalogue.search.search({ query: 'wool', filters: {}, sort: 'relevance', limit: 3, facets: false }).total).toBe(15);
    });

    it('ranks lists of thousands of entries as FTS5 does, with and without facets', () => {
      t.catalogue.transaction(() => {
        for (let i = 0; i < 3000; i += 1) {
          t.catalogue.entryService.create(
            EntryCreate.parse({ kind: 'method', title: `wool ${i % 7 === 0 ? 'wool' : 'felt'}`, body: i % 50 === 0 ? 'cloth cloth' : '' }),
          );
        }
      });
      for (const query of ['wool', 'felt', 'wo*', 'woo*', 'wool felt', '"wool felt"', 'title:wool', 'title:felt~1']) {
        const expected = byFts5(t, t.catalogue.search.compile(query).match as string);
        const bestScores = [...expected.values()]
          .map((e) => e.score)
          .sort((a, b) => b - a)
          .slice(0, 5);
        for (const facets of [false, true]) {
          const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 5, facets, snippets: false, rerank: false });
          expect(result.total, query).toBe(expected.size);
          expect(result.hits.length, query).toBe(bestScores.length);
          result.hits.forEach((hit, i) => expect(hit.score, `${query} #${i}`).toBeCloseTo(bestScores[i] as number, 9));
        }
      }
    });

    it('ranks a lone term under filters from its best lists as bm25() ranks the filtered matches, with the same total and facets', () => {
      t.catalogue.transaction(() => {
        for (let i = 0; i < 2000; i += 1) {
          const kind = i % 3 === 0 ? 'invention' : 'method';
          const title = `wool ${i % 7 === 0 ? 'wool' : 'felt'} ${i % 11 === 0 ? 'wool wool' : ''}`;
          t.catalogue.entryService.create(
            EntryCreate.parse({ kind, title, body: i % 5 === 0 ? 'wool cloth' : 'cloth', tags: i % 4 === 0 ? ['fibre/merino'] : [] }),
          );
        }
      });
      const tagId = t.catalogue.tags.require('fibre/merino');
      const filtersOf: ResolvedFilters[] = [{ kind: ['method'] }, { kind: ['invention'], tagIds: [tagId] }, { tagIds: [tagId] }, { hasAttachments: false }];
      for (const filters of filtersOf) {
        for (const limit of [5, 50, 2000]) {
          for (const facets of [false, true]) {
            const ask = (impact: boolean) =>
              t.catalogue.search.search({ query: 'wool', filters, sort: 'relevance', limit, facets, snippets: false, rerank: false, impact });
            const fts5 = ask(false);
            const impacts = ask(true);
            const label = `${JSON.stringify(filters)} limit ${limit} facets ${facets}`;
            expect(impacts.total, label).toBe(fts5.total);
            expect(impacts.facets, label).toEqual(fts5.facets);
            impacts.hits.forEach((hit, i) => expect(hit.score, `${label} #${i}`).toBeCloseTo(fts5.hits[i]?.score ?? NaN, 9));
            // Equal scores tie by rowid on both paths, so the entries are the same too.
            expect(
              impacts.hits.map((h) => h.id),
              label,
            ).toEqual(fts5.hits.map((h) => h.id));
          }
        }
      }
    });
  });
});

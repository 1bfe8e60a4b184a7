import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING, feedbackRuns, RankingSettings, type FeedbackGate } from '../../electron/search/ranking-settings.js';
import { rerankWithFeedback, type EntryTexts, type FeedbackSource } from '../../electron/search/relevance-feedback.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

/** Two candidates BM25 ranks 1 over 4 whose texts make feedback put 4 above 3 (as in relevance-feedback.test.ts). */
const texts: Record<number, string> = { 1: 'loom heddle shuttle', 2: 'loom heddle shuttle', 3: 'loom common common', 4: 'loom heddle common' };
const source: FeedbackSource = {
  texts: (docids) => new Map(docids.map((d): [number, EntryTexts] => [d, { title: '', summary: '', body: texts[d] ?? '' }])),
  lengths: (docids) => new Map(docids.map((d) => [d, 3])),
  collection: () => ({ documents: 100, averageLength: 5 }),
  documentFrequency: (term) => (term === 'loom' ? 10 : term === 'common' ? 100 : 3),
};
const candidates = [1, 2, 3, 4].map((docid, i) => ({ docid, score: i < 2 ? 3 : 1 }));
const order = (gate: FeedbackGate, terms: string[]): number[] =>
  rerankWithFeedback(candidates, terms.length, terms, source, { ...DEFAULT_RANKING, gate }).map((r) => r.docid);

describe('when feedback runs', () => {
  it('never, always, or by the number of query terms', () => {
    expect(order({ kind: 'never' }, ['loom'])).toEqual([1, 2, 3, 4]);
    expect(order({ kind: 'always' }, ['loom'])).toEqual([1, 2, 4, 3]);
    expect(order({ kind: 'shortQueries', maxTerms: 1 }, ['loom'])).toEqual([1, 2, 4, 3]);
    expect(order({ kind: 'shortQueries', maxTerms: 1 }, ['loom', 'heddle'])).toEqual([1, 2, 3, 4]);
  });

  it('only when the first results score alike, when asked to', () => {
    // The fifth score is a third of the best: the results do not agree at 0.5, they do at 0.3.
    expect(feedbackRuns({ kind: 'resultsAgree', minRatio: 0.5 }, 2, [3, 3, 1, 1, 1], 5)).toBe(false);
    expect(feedbackRuns({ kind: 'resultsAgree', minRatio: 0.3 }, 2, [3, 3, 1, 1, 1], 5)).toBe(true);
    expect(feedbackRuns({ kind: 'shortAndAgree', maxTerms: 1, minRatio: 0.3 }, 2, [3, 3, 1, 1, 1], 5)).toBe(false);
    expect(feedbackRuns({ kind: 'resultsAgree', minRatio: 0.1 }, 2, [], 5)).toBe(false);
    expect(order({ kind: 'resultsAgree', minRatio: 0.5 }, ['loom'])).toEqual([1, 2, 3, 4]);
    expect(order({ kind: 'resultsAgree', minRatio: 0.3 }, ['loom'])).toEqual([1, 2, 4, 3]);
  });

  it('refuses settings out of range', () => {
    expect(RankingSettings.safeParse({ ...DEFAULT_RANKING, originalWeight: 1.5 }).success).toBe(false);
    expect(RankingSettings.safeParse({ ...DEFAULT_RANKING, gate: { kind: 'shortQueries', maxTerms: 0 } }).success).toBe(false);
  });

  it('the engine ranks in FTS5 order when its settings gate feedback off, and re-ranks where the gate lets it', async () => {
    for (const body of ['turbine blade compressor', 'turbine blade cooling compressor', 'compressor turbine blade stall'])
      await addEntry(t, { title: body, body });
    for (const body of ['rye bread oven', 'wool madder dye', 'bronze bell casting', 'linen loom weaving']) await addEntry(t, { title: body, body });
    await addEntry(t, { title: 'Workshop note', body: 'A turbine beside the bread and flour' });
    await addEntry(t, { title: 'Workshop note', body: 'A turbine beside the blade and compressor' });
    const ids = (ranking?: RankingSettings, rerank = true): string[] =>
      t.catalogue.search
        .search({ query: 'turbine', filters: {}, sort: 'relevance', limit: 50, facets: false, snippets: false, rerank, ranking })
        .hits.map((h) => h.id);
    const bm25 = ids(undefined, false);
    expect(ids({ ...DEFAULT_RANKING, gate: { kind: 'never' } })).toEqual(bm25);
    expect(ids({ ...DEFAULT_RANKING, gate: { kind: 'shortQueries', maxTerms: 3 } })).not.toEqual(bm25);
  });
});

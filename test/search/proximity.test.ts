import { describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/contract/index.js';
import type { SearchOptions } from '../../electron/search/engine.js';
import { analyseTerms } from '../../electron/search/pipeline.js';
import { proximityScore, proximityUnits } from '../../electron/search/proximity.js';
import { DEFAULT_RANKING, RankingSettings } from '../../electron/search/ranking-settings.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();
const add = (entry: Partial<RequestOf<'entries.create'>> & { title: string }): Promise<string> => addEntry(t, entry);

function ranked(query: string, extra: Partial<SearchOptions> = {}): string[] {
  return t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 50, facets: false, ...extra }).hits.map((h) => h.id);
}

/** The proximity score of `fields` for the words of `query` (each its analysed terms), every idf 1, at the average length. */
function score(query: string, fields: string[]): number {
  const words = query.split(' ').map((word) => analyseTerms(word));
  return proximityScore(
    proximityUnits(words, () => 1),
    fields,
    20,
    20,
  );
}

describe('term proximity score (Büttcher and Clarke)', () => {
  it('is higher the closer the query words stand, and nothing for one word or words in different fields', () => {
    const adjacent = score('heat transfer', ['Notes', 'the heat transfer of a wall and some other words here']);
    const near = score('heat transfer', ['Notes', 'the heat of a wall and its transfer and some other words']);
    const far = score('heat transfer', ['Notes', `the heat ${'of a wall '.repeat(10)} transfer`]);
    expect(adjacent).toBeGreaterThan(near);
    expect(near).toBeGreaterThan(far);
    expect(far).toBeGreaterThan(0);
    expect(score('heat', ['heat heat heat', 'heat transfer heat'])).toBe(0);
    // A pair never spans two fields: the title's last word and the body's first are not neighbours.
    expect(score('heat transfer', ['Wall heat', 'transfer of a wall'])).toBe(0);
    // Stop words stand between words too: "heat of the transfer" is three words apart, not adjacent.
    expect(score('heat transfer', ['', 'heat of the transfer'])).toBeLessThan(score('heat transfer', ['', 'heat transfer of the']));
  });

  it('counts positions the same through Russian lemmas and Chinese words', () => {
    expect(score('уголь шахта', ['', 'угля в шахте'])).toBeGreaterThan(score('уголь шахта', ['', `угля ${'и камня '.repeat(6)} в шахте`]));
    expect(score('瓦斯 抽放', ['', '瓦斯抽放系统'])).toBeGreaterThan(score('瓦斯 抽放', ['', '瓦斯的系统和抽放']));
    expect(score('瓦斯 抽放', ['', '瓦斯的系统和抽放'])).toBeGreaterThan(0);
    // The characters and bigrams of one word are one unit: they do not pair with each other.
    expect(score('瓦斯', ['', '瓦斯瓦斯'])).toBe(0);
  });

  it('takes the terms of one unit (a concept and its labels) as one word', () => {
    const words = [analyseTerms('raising'), [...analyseTerms('gig mill'), ...analyseTerms('teasel napping')], analyseTerms('felt')];
    const units = proximityUnits(words, () => 1);
    // The labels of one concept side by side are not query words standing together.
    expect(proximityScore(units, ['', 'gig mill teasel napping'], 20, 20)).toBe(0);
    expect(proximityScore(units, ['', 'raising felt'], 20, 20)).toBeGreaterThan(0);
  });
});

describe('proximity in the ranking', () => {
  it('lifts the entry whose words stand together above one BM25 ties with it, and keeps FTS5 order without it', async () => {
    const fillers = ['Baking rye bread', 'Dyeing wool with madder', 'Painting steel bridges', 'Glazing porcelain cups', 'Tanning leather with bark'];
    for (const title of fillers) await add({ title, body: `${title} in the old way, step by step.` });
    // The same words, the same length: BM25 ties them and FTS5 lists the older first.
    const apart = await add({ title: 'Workshop note', body: 'Heat from the furnace is lost in the wall; the rate of transfer depends on the lining.' });
    const together = await add({ title: 'Workshop note', body: 'Heat transfer from the furnace is lost in the wall; the rate of depends on the lining.' });
    const without = RankingSettings.parse({ ...DEFAULT_RANKING, gate: { kind: 'never' }, proximityWeight: 0 });
    const bm25 = ranked('heat transfer', { rerank: false });
    expect(bm25.indexOf(apart)).toBeLessThan(bm25.indexOf(together));
    expect(ranked('heat transfer', { ranking: without })).toEqual(bm25);
    expect(DEFAULT_RANKING.proximityWeight).toBeGreaterThan(0);
    const app = ranked('heat transfer');
    expect(app.indexOf(together)).toBeLessThan(app.indexOf(apart));
    expect([...app].sort()).toEqual([...bm25].sort());
  });
});

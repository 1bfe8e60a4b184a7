import { describe, expect, it } from 'vitest';
import type { RequestOf, ResponseOf } from '../../shared/contract/index.js';
import { BM25_WEIGHTS } from '../../electron/search/fields.js';
import { IndexStatistics } from '../../electron/search/index-statistics.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const add = (title: string, extra: Partial<RequestOf<'entries.create'>> = {}): Promise<string> => addEntry(t, { title, language: 'zh', ...extra });

async function search(query: string): Promise<ResponseOf<'search.query'>> {
  return t.client.call('search.query', { query, limit: 200 });
}

async function ids(query: string): Promise<string[]> {
  return (await search(query)).hits.map((h) => h.id);
}

describe('Chinese words', () => {
  it('呢绒整理 finds an entry whose text says 呢绒的整理', async () => {
    const a = await add('厚呢绒的整理方法');
    await add('磨床床身导轨快速装夹夹具');
    expect(await ids('呢绒整理')).toEqual([a]);
  });

  it('瓦斯抽放 finds 抽放瓦斯, and 抽放瓦斯 finds 瓦斯抽放', async () => {
    const a = await add('采煤工作面抽放瓦斯的新方法');
    const b = await add('本煤层瓦斯抽放钻孔封孔工艺');
    await add('液压支架立柱的快速修复');
    expect((await ids('瓦斯抽放')).sort()).toEqual([a, b].sort());
    expect((await ids('抽放瓦斯')).sort()).toEqual([a, b].sort());
  });

  it('液压支架 still finds 液压支架 inside a longer text', async () => {
    const a = await add('综采工作面液压支架立柱快速修复工艺', { summary: '在井下修复液压支架立柱，无需升井。' });
    await add('本煤层瓦斯抽放钻孔封孔工艺');
    expect(await ids('液压支架')).toEqual([a]);
    expect(await ids('支架')).toEqual([a]);
  });

  it('ranks an entry with every word of the query above one with only some, which still matches', async () => {
    const both = await add('瓦斯抽放泵站改造');
    const one = await add('瓦斯浓度检测仪表改造');
    await add('液压支架立柱改造');
    expect(await ids('瓦斯抽放')).toEqual([both, one]);
  });

  it('ranks an entry where the dictionary found the word above one that only has its bigrams', async () => {
    const word = await add('采煤工作面的通风方法');
    const bigrams = await add('采煤工作，作面通风方法');
    expect(await ids('工作面')).toEqual([word, bigrams]);
  });

  it('ranks words typed together above the same words in another order or apart', async () => {
    const reversed = await add('抽放瓦斯泵站');
    const apart = await add('瓦斯泵站抽放');
    const together = await add('瓦斯抽放泵站');
    expect(await ids('瓦斯抽放')).toEqual([together, reversed, apart]);
    expect((await ids('抽放瓦斯'))[0]).toBe(reversed);
  });

  it('keeps one-character queries and runs the dictionary cannot split, as typed', async () => {
    const a = await add('库兰夫诺细绒工厂加工厚呢绒的新方法');
    await add('磨床床身导轨快速装夹夹具');
    expect(await ids('绒')).toEqual([a]);
    expect(await ids('细绒工厂')).toEqual([a]);
    // 细厂 is no word: its one bigram is required, and the text has none.
    expect(await ids('细厂')).toEqual([]);
  });

  it('a required or quoted run needs every word, in any order', async () => {
    const both = await add('抽放瓦斯泵站');
    await add('瓦斯浓度检测');
    expect(await ids('+瓦斯抽放')).toEqual([both]);
    expect(await ids('"瓦斯抽放"')).toEqual([both]);
    expect(await ids('瓦斯 -瓦斯抽放')).toHaveLength(1);
  });

  it('reads a pasted Chinese text as a bag of its words: the entry it speaks of comes first', async () => {
    const gas = await add('本煤层瓦斯抽放钻孔封孔工艺', { summary: '采煤工作面瓦斯浓度高，采用钻孔抽放瓦斯，封孔后抽放效率提高。' });
    const cloth = await add('呢绒的整理方法', { summary: '厚呢绒经过整理后，织物表面平整。' });
    await add('磨床床身导轨快速装夹夹具');
    // About 1,500 words without a space, mostly about drainage, some about cloth.
    const paste = '井下采煤工作面的瓦斯浓度超过规定时，必须采用钻孔抽放瓦斯的方法，钻孔封孔质量决定抽放效率。'.repeat(90) + '呢绒整理'.repeat(20);
    const result = await search(paste);
    expect(result.hits[0]?.id).toBe(gas);
    expect(result.hits.map((h) => h.id)).toContain(cloth);
    // Words repeated through the paste count once each, weighted by how often they were written.
    expect(result.condensed ?? null).toBeNull();
  });

  it('highlights the words the query found', async () => {
    await add('新方法', { summary: '厚呢绒的整理方法' });
    const [hit] = (await search('呢绒整理')).hits;
    expect(hit?.highlights.map(([s, e]) => hit.snippet.slice(s, e))).toEqual(['呢绒', '整理']);
  });

  it('ranks from the impact postings exactly as FTS5 bm25() does over the same MATCH', async () => {
    await add('采煤工作面瓦斯抽放方法', { summary: '本煤层瓦斯抽放钻孔' });
    await add('抽放瓦斯泵站改造', { body: '泵站改造后瓦斯浓度下降，工作面通风改善。' });
    await add('采煤工作，作面通风');
    await add('Wool felt 呢绒的整理', { language: 'en' });
    await add('液压支架立柱修复');
    const queries = ['瓦斯抽放', '工作面', '采煤工作面瓦斯抽放方法', '+瓦斯抽放 通风', '"瓦斯抽放"', '呢绒整理 wool', '瓦斯抽放^3 液压支架', '细厂 瓦斯'];
    for (const query of queries) {
      const compiled = t.catalogue.search.compile(query);
      expect(compiled.impact, query).not.toBeNull();
      const rows = t.catalogue.db
        .prepare(
          `SELECT d.entry_id AS id, d.docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index JOIN search_docs d ON d.docid = search_index.rowid WHERE search_index MATCH ?`,
        )
        .all(compiled.match) as { id: string; docid: number; score: number }[];
      const lengths = new IndexStatistics(t.catalogue.db).lengths(rows.map((r) => r.docid));
      const result = t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 500, facets: false, snippets: false, rerank: false });
      expect(new Set(result.hits.map((h) => h.id)), query).toEqual(new Set(rows.map((r) => r.id)));
      for (const row of rows) {
        const hit = result.hits.find((h) => h.id === row.id);
        const tolerance = Math.abs(row.score) * ((lengths.get(row.docid) ?? 0) <= 64 ? 1e-9 : 0.01);
        expect(Math.abs((hit?.score ?? NaN) - row.score), query).toBeLessThanOrEqual(tolerance + 1e-12);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { RequestOf, ResponseOf } from '../../shared/contract/index.js';
import type { SearchOptions } from '../../electron/search/engine.js';
import { parseQuery } from '../../electron/search/query-parser.js';
import { DEFAULT_RANKING, RankingSettings } from '../../electron/search/ranking-settings.js';
import { inverseFrequency, lengthNormalisation, saturated } from '../../electron/search/bm25.js';
import { RERANK_DEPTH, reRankable, rerankWithFeedback, type EntryTexts, type FeedbackSource } from '../../electron/search/relevance-feedback.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;
const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, entry);

/** The engine directly, so a test can ask for FTS5's order alone (`rerank: false`) next to the app's. */
function ranked(query: string, extra: Partial<SearchOptions> = {}): string[] {
  return t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 200, facets: false, ...extra }).hits.map((h) => h.id);
}

async function search(query: string, extra: Partial<RequestOf<'search.query'>> = {}): Promise<ResponseOf<'search.query'>> {
  return t.client.call('search.query', { query, ...extra });
}

/**
 * Three entries squarely about a subject, fillers about others, and two entries that
 * mention the subject's word once in texts of the same length, so BM25 ties them and FTS5
 * lists the older first: `plain` (older) goes on about something else, `related` uses the
 * vocabulary of the three.
 */
async function tiedPair(texts: {
  about: string[];
  fillers: string[];
  plain: string;
  related: string;
  title: string;
}): Promise<{ plain: string; related: string }> {
  for (const body of texts.about) await add({ title: body.split(' ').slice(0, 4).join(' '), body });
  for (const body of texts.fillers) await add({ title: body.split(' ').slice(0, 3).join(' '), body });
  const plain = await add({ title: texts.title, body: texts.plain });
  const related = await add({ title: texts.title, body: texts.related });
  return { plain, related };
}

/** FTS5 alone lists `plain` first; the app, re-ranking, lists `related` first. Both orders are returned. */
function expectLifted(query: string, pair: { plain: string; related: string }): { bm25: string[]; app: string[] } {
  const bm25 = ranked(query, { rerank: false });
  expect(bm25.indexOf(pair.plain), query).toBeLessThan(bm25.indexOf(pair.related));
  const app = ranked(query);
  expect(app.indexOf(pair.related), query).toBeLessThan(app.indexOf(pair.plain));
  return { bm25, app };
}

const FILLERS = [
  'Baking rye bread in a wood oven',
  'Dyeing wool with madder root',
  'Painting steel bridges against rust',
  'Glazing porcelain cups evenly',
  'Tanning leather with oak bark',
  'Brewing malt in copper vessels',
  'Weaving linen on a treadle loom',
  'Casting bronze bells in sand',
  'Sharpening saws for hardwood',
  'Pressing apples for cider',
];

describe('pseudo-relevance feedback re-ranking', () => {
  it('lifts an entry that uses the vocabulary of the best matches above one BM25 ties with it', async () => {
    const { plain, related } = await tiedPair({
      about: [
        'Gas turbine blade cooling with compressor air bled through the blade',
        'Turbine blade erosion: compressor washing protects every blade',
        'Compressor stall and turbine blade vibration in the compressor',
      ],
      fillers: FILLERS,
      title: 'Workshop note',
      plain: 'A turbine beside the bread and flour',
      related: 'A turbine beside the blade and compressor',
    });
    const { bm25, app } = expectLifted('turbine', { plain, related });
    expect([...app].sort()).toEqual([...bm25].sort());
  });

  it('does the same for Russian and Chinese text', async () => {
    const russian = await tiedPair({
      about: [
        'Охлаждение лопатки газовой турбины воздухом компрессора через лопатку',
        'Эрозия лопатки турбины: промывка компрессора бережёт каждую лопатку',
        'Помпаж компрессора и вибрация лопатки турбины в компрессоре',
      ],
      fillers: ['Выпечка ржаного хлеба в печи', 'Крашение шерсти мареной', 'Окраска стальных мостов', 'Дубление кожи корой дуба', 'Литьё бронзовых колоколов'],
      title: 'Заметка из цеха',
      plain: 'Турбина рядом с хлебом и мукой',
      related: 'Турбина рядом с лопаткой компрессором',
    });
    expectLifted('турбина', russian);

    const chinese = await tiedPair({
      about: ['燃气涡轮 叶片 冷却 压气 叶片', '涡轮 叶片 侵蚀 压气 清洗 叶片', '压气 喘振 涡轮 叶片 振动'],
      fillers: ['面包 烤炉', '羊毛 染色', '钢桥 油漆', '皮革 鞣制', '铜钟 铸造'],
      title: '车间 笔记',
      plain: '涡轮 面包 面粉 烤炉',
      related: '涡轮 叶片 压气 烤炉',
    });
    expectLifted('涡轮', chinese);
  });

  it('keeps FTS5 order for field restrictions, wildcards, fuzzy words and boosts, and keeps +/- meaning', async () => {
    const { plain, related } = await tiedPair({
      about: ['Turbine blade cooling by compressor air', 'Turbine blade erosion and compressor washing', 'Compressor stall and turbine blade vibration'],
      fillers: FILLERS,
      title: 'Workshop note',
      plain: 'A turbine beside the bread and flour',
      related: 'A turbine beside the blade and compressor',
    });
    for (const query of ['body:turbine', 'turbin*', 'turbine~1', 'turbine^2']) {
      expect(ranked(query), query).toEqual(ranked(query, { rerank: false }));
    }
    expect(ranked('+turbine -bread')).not.toContain(plain);
    expect(ranked('+turbine -bread')).toContain(related);
    expect(reRankable(parseQuery('turbine "blade cooling" +air -bread -title:oven'))).toBe(true);
    for (const query of ['title:turbine', 'turbine^3', 'turb*', 'turbine~1', '-turbine']) expect(reRankable(parseQuery(query)), query).toBe(false);
  });

  it('changes only the order: the same total, facets and matches, with scores falling page after page', async () => {
    await seedMany(70);
    const all = await search('loom', { limit: 200 });
    expect(all.total).toBe(70);
    const pages: ResponseOf<'search.query'>[] = [];
    let cursor: string | undefined;
    do {
      const page = await search('loom', { limit: 7, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const paged = pages.flatMap((p) => p.hits);
    expect(paged.map((h) => h.id)).toEqual(all.hits.map((h) => h.id));
    expect(new Set(paged.map((h) => h.id)).size).toBe(70);
    for (const page of pages) {
      expect(page.total).toBe(70);
      expect(page.facets).toEqual(all.facets);
    }
    const scores = paged.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The re-ranking did reorder the first RERANK_DEPTH, and left the rest in FTS5's order.
    const bm25 = ranked('loom', { rerank: false });
    const app = paged.map((h) => h.id);
    expect(app.slice(0, RERANK_DEPTH)).not.toEqual(bm25.slice(0, RERANK_DEPTH));
    expect([...app.slice(0, RERANK_DEPTH)].sort()).toEqual([...bm25.slice(0, RERANK_DEPTH)].sort());
    expect(app.slice(RERANK_DEPTH)).toEqual(bm25.slice(RERANK_DEPTH));
  });

  it('re-ranks with filters the same way, among the filtered matches only', async () => {
    await seedMany(40);
    const filtered = await search('loom', { limit: 200, filters: { kind: ['invention'] } });
    const inventions = (await search('', { limit: 200, filters: { kind: ['invention'] }, sort: 'newest' })).hits.map((h) => h.id);
    expect(filtered.total).toBe(20);
    expect(filtered.hits.every((h) => inventions.includes(h.id))).toBe(true);
    const paged = [...(await search('loom', { limit: 9, filters: { kind: ['invention'] } })).hits];
    const second = await search('loom', { limit: 9, filters: { kind: ['invention'] }, cursor: 'o9' });
    paged.push(...second.hits);
    expect(paged.map((h) => h.id)).toEqual(filtered.hits.slice(0, 18).map((h) => h.id));
  });
});

/** `count` entries about looms in varied words, half inventions, so BM25 and feedback disagree about their order. */
async function seedMany(count: number): Promise<void> {
  const vocabulary = ['shuttle', 'warp', 'weft', 'heddle', 'reed', 'treadle', 'bobbin', 'selvedge', 'bread', 'paint', 'bronze', 'cider', 'glaze', 'leather'];
  let seed = 11;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < count; i += 1) {
    const words = Array.from({ length: 6 + Math.floor(next() * 12) }, () => vocabulary[Math.floor(next() * vocabulary.length)] as string);
    const looms = Array.from({ length: 1 + Math.floor(next() * 3) }, () => 'loom');
    await add({ title: `Note ${i} ${words[0] ?? ''}`, body: [...looms, ...words].join(' '), kind: i % 2 === 0 ? 'invention' : 'method' });
  }
}

describe('rerankWithFeedback', () => {
  const source = (texts: Record<number, string>, documents = 100): FeedbackSource => ({
    texts: (docids) =>
      new Map(docids.filter((d) => texts[d] !== undefined).map((d): [number, EntryTexts] => [d, { title: '', summary: '', body: texts[d] as string }])),
    lengths: (docids) => new Map(docids.map((d) => [d, (texts[d] ?? '').split(' ').length])),
    collection: () => ({ documents, averageLength: 5 }),
    documentFrequency: (term) => (term === 'loom' ? 10 : term === 'common' ? documents : 3),
  });

  it('keeps the order of ties and of candidates it cannot read', () => {
    const candidates = [1, 2, 3, 4].map((docid) => ({ docid, score: 2 }));
    const out = rerankWithFeedback(candidates, 1, ['loom'], source({ 1: 'loom', 2: 'loom', 3: 'loom', 4: 'loom' }));
    expect(out.map((r) => r.docid)).toEqual([1, 2, 3, 4]);
    const unread = rerankWithFeedback(candidates, 2, ['loom'], { ...source({}), collection: () => null });
    // Unread, each keeps its original share: the original weight times its score per phrase.
    expect(unread).toEqual(candidates.map((c) => ({ docid: c.docid, score: DEFAULT_RANKING.originalWeight })));
  });

  it("raises the candidate sharing the best ones' words, and ignores words in half the collection", () => {
    const texts = { 1: 'loom heddle shuttle', 2: 'loom heddle shuttle', 3: 'loom common common', 4: 'loom heddle common' };
    const out = rerankWithFeedback(
      [1, 2, 3, 4].map((docid, i) => ({ docid, score: i < 2 ? 3 : 1 })),
      1,
      ['loom'],
      source(texts),
    );
    expect(out.map((r) => r.docid)).toEqual([1, 2, 4, 3]);
  });

  it('builds its model only from entries whose own text holds a searched word, not from those found by a tag alone', () => {
    // Three Russian entries found by their tag "loom" rank first, but their text never says
    // "loom": were they the model, their words would keep them first and the two English
    // entries that speak of looms would get nothing from it.
    const texts = { 1: 'ткацкий станок челнок', 2: 'ткацкий станок челнок', 3: 'ткацкий станок челнок', 4: 'loom shuttle', 5: 'loom shuttle heddle' };
    const candidates = [1, 2, 3, 4, 5].map((docid) => ({ docid, score: docid <= 3 ? 3 : 2.5 }));
    const out = rerankWithFeedback(candidates, 1, ['loom'], source(texts));
    expect(
      out
        .slice(0, 2)
        .map((r) => r.docid)
        .sort(),
    ).toEqual([4, 5]);
    expect(out.slice(2).map((r) => r.docid)).toEqual([1, 2, 3]);
  });

  it("re-scores the searcher's words at the settings' k1 and b, and keeps every score above the entries after it", () => {
    // A short entry saying "loom" once and a long one saying it three times, scored as bm25() scores them (1.2, 0.75).
    const texts = { 1: 'loom', 2: 'loom loom loom weft weft weft weft weft weft weft' };
    const idf = inverseFrequency(100, 10);
    const bm25 = (f: number, length: number): number => saturated(idf, f, lengthNormalisation(length, 5));
    const candidates = [
      { docid: 1, score: bm25(1, 1) },
      { docid: 2, score: bm25(3, 10) },
    ];
    const only = (k1: number, b: number): RankingSettings => RankingSettings.parse({ ...DEFAULT_RANKING, gate: { kind: 'never' }, proximityWeight: 0, k1, b });
    const fts5 = rerankWithFeedback(candidates, 1, ['loom'], source(texts), only(1.2, 0.75));
    expect(fts5.map((r) => r.docid)).toEqual([1, 2]);
    // Without length normalisation the entry saying it three times comes first, scored as BM25 at k1 1.2, b 0.
    const flat = rerankWithFeedback(candidates, 1, ['loom'], source(texts), only(1.2, 0));
    expect(flat.map((r) => r.docid)).toEqual([2, 1]);
    const share = (score: number): number => DEFAULT_RANKING.originalWeight * score;
    const raised = share(bm25(3, 10)) - share(saturated(idf, 1, lengthNormalisation(1, 5, 1.2, 0)));
    expect(flat[0]?.score).toBeCloseTo(share(saturated(idf, 3, lengthNormalisation(10, 5, 1.2, 0))) + raised, 9);
    // The entries past the re-ranked ones score at most the last candidate's share: none re-ranked is below it.
    for (const r of flat) expect(r.score).toBeGreaterThanOrEqual(share(bm25(3, 10)) - 1e-12);
  });

  it('weighs the feedback entries by exp(score − best) when asked, so a far better first entry speaks for all', () => {
    const texts = { 1: 'loom heddle', 2: 'loom shuttle', 3: 'loom shuttle', 4: 'loom heddle', 5: 'loom shuttle' };
    const candidates = [1, 2, 3, 4, 5].map((docid) => ({ docid, score: docid === 1 ? 3 : 2 }));
    const settings = (feedbackWeighting: 'score' | 'softmax'): RankingSettings =>
      RankingSettings.parse({ ...DEFAULT_RANKING, gate: { kind: 'always' }, proximityWeight: 0, k1: 1.2, b: 0.75, feedbackEntries: 3, feedbackWeighting });
    // By score (3 against 2 + 2), the two "shuttle" entries among the three outweigh "heddle"; by exp(score − best) (1 against 0.37 + 0.37), entry 1 does.
    expect(rerankWithFeedback(candidates, 1, ['loom'], source(texts), settings('score')).map((r) => r.docid)).toEqual([1, 2, 3, 5, 4]);
    expect(rerankWithFeedback(candidates, 1, ['loom'], source(texts), settings('softmax')).map((r) => r.docid)[1]).toBe(4);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf, ResponseOf } from '../../shared/contract/index.js';
import { createHandlers, type ProgressEvent } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { INDEX_VERSION_KEY } from '../../electron/search/indexer.js';
import { PIPELINE_VERSION } from '../../electron/search/pipeline.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;

const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, entry);

async function search(query: string, extra: Partial<RequestOf<'search.query'>> = {}): Promise<ResponseOf<'search.query'>> {
  return t.client.call('search.query', { query, ...extra });
}

async function ids(query: string, extra: Partial<RequestOf<'search.query'>> = {}): Promise<string[]> {
  return (await search(query, { limit: 200, ...extra })).hits.map((h) => h.id);
}

describe('languages', () => {
  it('stems English: "finishing" finds "finished" and the reverse', async () => {
    const a = await add({ title: 'Cloth finished in two stages' });
    const b = await add({ title: 'Finishing of heavy drapes' });
    await add({ title: 'Casting bronze bells' });
    expect((await ids('finishing')).sort()).toEqual([a, b].sort());
    expect((await ids('finished')).sort()).toEqual([a, b].sort());
  });

  it('stems and case-folds Russian: "ткань" finds "тканей" and "Ткани"', async () => {
    const a = await add({ title: 'Отделка толстых суконных тканей', language: 'ru' });
    const b = await add({ title: 'Ткани для пальто', language: 'ru' });
    await add({ title: 'Литьё бронзы', language: 'ru' });
    expect((await ids('ткань')).sort()).toEqual([a, b].sort());
    expect((await ids('ТКАНИ')).sort()).toEqual([a, b].sort());
  });

  it('treats ё as е', async () => {
    const a = await add({ title: 'Литьё колоколов', language: 'ru' });
    expect(await ids('литье')).toEqual([a]);
    const b = await add({ title: 'Новое литье', language: 'ru' });
    expect((await ids('литьё')).sort()).toEqual([a, b].sort());
  });

  it('segments Chinese: "细绒" finds "库兰夫诺细绒工厂", one character finds too', async () => {
    const a = await add({ title: '库兰夫诺细绒工厂加工厚呢绒的新方法', language: 'zh' });
    await add({ title: '磨床床身导轨快速装夹夹具', language: 'zh' });
    expect(await ids('细绒')).toEqual([a]);
    expect(await ids('细绒工厂')).toEqual([a]);
    expect(await ids('绒')).toEqual([a]);
    expect(await ids('细厂')).toEqual([]);
  });

  it('needs no language switch for mixed entries', async () => {
    const a = await add({ title: 'Finishing сукна на фабрике 细绒工厂', language: 'en' });
    expect(await ids('finished')).toEqual([a]);
    expect(await ids('сукно')).toEqual([a]);
    expect(await ids('细绒')).toEqual([a]);
  });

  it('leaves out optional words no entry contains, which changes neither matches nor scores', async () => {
    await add({ title: 'Finishing thick woollen cloth', summary: 'Finishing by hand' });
    await add({ title: 'Finishing steel', body: 'cloth' });
    const plain = await search('finishing cloth');
    const typing = await search('finishing cloth zzqqx');
    expect(typing.hits.map((h) => [h.id, h.score, h.snippet])).toEqual(plain.hits.map((h) => [h.id, h.score, h.snippet]));
    expect(t.catalogue.search.compile('finishing cloth zzqqx').match).toBe(t.catalogue.search.compile('finishing cloth').match);
    // A required word still has to be there, and a query of absent words still finds nothing.
    expect((await search('finishing +zzqqx')).total).toBe(0);
    expect((await search('zzqqx qqzzx')).total).toBe(0);
  });

  it('drops stop words in queries without losing the rest', async () => {
    const a = await add({ title: 'The finishing of cloth' });
    expect(await ids('the finishing of')).toEqual([a]);
    expect((await search('the of and')).total).toBe(0);
  });
});

describe('query syntax', () => {
  let wool: string;
  let steam: string;
  let both: string;
  beforeEach(async () => {
    wool = await add({ title: 'Carding fine wool', summary: 'A carding method.', tags: ['textiles/wool'] });
    steam = await add({ title: 'Steam pressing', summary: 'Pressing with steam, then cooling.', authors: ['I. Sidorova'] });
    both = await add({
      title: 'Thick woollen cloth decatising',
      summary: 'Wool cloth is steamed under pressure, cooled, steamed again.',
      registration: 'RP-1959-0142',
      classification: ['D06C 23/04'],
      enterprise: 'Kulanovno Fine Wool Factory',
    });
  });

  it('ranks entries matching more of the words first', async () => {
    const result = await ids('wool steam');
    expect(result[0]).toBe(both);
    expect(result.sort()).toEqual([wool, steam, both].sort());
  });

  it('ranks a title match above a body match (field weights)', async () => {
    const inBody = await add({ title: 'Something else', body: 'Mentions the loom once.' });
    const inTitle = await add({ title: 'Loom maintenance', body: 'Oiling.' });
    expect(await ids('loom')).toEqual([inTitle, inBody]);
  });

  it('matches quoted phrases only in order', async () => {
    expect(await ids('"woollen cloth"')).toEqual([both]);
    expect(await ids('"cloth woollen"')).toEqual([]);
    expect(await ids('"steamed under pressure"')).toEqual([both]);
  });

  it('restricts field:term to a field', async () => {
    expect(await ids('title:steam')).toEqual([steam]);
    expect(await ids('summary:steam')).toEqual([steam, both].sort((a, b) => (a === steam ? -1 : b === steam ? 1 : 0)));
    expect(await ids('author:sidorova')).toEqual([steam]);
    expect(await ids('registration:RP-1959-0142')).toEqual([both]);
    expect(await ids('class:D06C')).toEqual([both]);
    expect(await ids('class:D06')).toEqual([both]);
    expect(await ids('tag:textiles')).toEqual([wool]);
    expect(await ids('enterprise:kulanovno')).toEqual([both]);
    expect(await ids('title:"fine wool"')).toEqual([wool]);
  });

  it('honours +required and -excluded', async () => {
    expect(await ids('+wool +steam')).toEqual([both]);
    expect((await ids('wool -steam')).sort()).toEqual([wool]);
    expect((await ids('-wool')).sort()).toEqual([steam]);
    expect(await ids('+steam -"woollen cloth"')).toEqual([steam]);
  });

  it('expands prefix*, pattern wildcards and fuzzy~1/~2', async () => {
    expect((await ids('card*')).sort()).toEqual([wool]);
    expect((await ids('deca*')).sort()).toEqual([both]);
    // Wildcards work on index terms, which are stems (as in lunr): carding → card.
    expect(await ids('c*rd')).toEqual([wool]);
    expect(await ids('*ard')).toEqual([wool]);
    expect((await ids('stam~1')).sort()).toEqual([steam, both].sort());
    expect(await ids('stam')).toEqual([]);
    expect(await ids('title:stm~2')).toEqual([steam]);
    expect(await ids('title:stm~1')).toEqual([]);
    expect(await ids('+zzzzzz~1 wool')).toEqual([]);
  });

  it('finds words written after the fuzzy vocabulary was built', async () => {
    // Fuzzy words are matched against words as written ("carding"), not stems ("card").
    expect(await ids('crding~1')).toEqual([wool]);
    expect(await ids('crd~1')).toEqual([]);
    const later = await add({ title: 'Loom upgrade' });
    expect(await ids('lom~1')).toEqual([later]);
  });

  it('lets ^boost change the order', async () => {
    const a = await add({ title: 'Bronze bells', summary: 'bronze' });
    const b = await add({ title: 'Copper pipes', summary: 'copper' });
    const plain = await ids('bronze copper');
    expect(plain.sort()).toEqual([a, b].sort());
    expect((await ids('bronze copper^5'))[0]).toBe(b);
    expect((await ids('bronze^5 copper'))[0]).toBe(a);
  });

  it('answers malformed queries with one clear sentence, never an exception', async () => {
    const cases: [string, RegExp][] = [
      ['"thick cloth', /quote/],
      ['wool -', /lone "-"/],
      ['-', /lone "-"/],
      ['+', /lone "\+"/],
      ['title:', /"title:" needs a word/],
      ['colour:red', /"colour" is not a field.*title/],
      ['*', /"\*" must come with some letters/],
      ['wool ~2', /no word/],
      ['wool^', /no word|could not be read/],
    ];
    for (const [query, message] of cases) {
      const text = await failure(search(query), 'INVALID_INPUT');
      expect(text, query).toMatch(message);
      expect(text.split(/\.\s/).length, query).toBeLessThanOrEqual(2);
    }
  });

  it('reads odd but harmless input sensibly', async () => {
    expect((await search('10:30')).total).toBe(0);
    expect((await search('wool~7')).total).toBeGreaterThan(0);
    expect((await search('!!! ???')).total).toBe(0);
    expect((await search('')).total).toBe(3);
  });
});

describe('filters and facets', () => {
  let a: string;
  let b: string;
  let c: string;
  beforeEach(async () => {
    a = await add({
      kind: 'method',
      title: 'Wool finishing A',
      status: 'implemented',
      language: 'en',
      tags: ['textiles/wool/fine'],
      enterprise: 'Kulanovno',
      classification: ['D06C 23/04'],
      createdAt: '1959-05-01T00:00:00.000Z',
    });
    b = await add({
      kind: 'proposal',
      title: 'Wool finishing B',
      status: 'accepted',
      language: 'ru',
      tags: ['textiles/cotton'],
      enterprise: 'Troitsk',
      classification: ['B24B 1/00'],
      createdAt: '1960-02-01T00:00:00.000Z',
    });
    c = await add({
      kind: 'invention',
      title: 'Wool finishing C',
      status: 'implemented',
      language: 'en',
      tags: ['mining'],
      classification: ['D06B 1/02'],
      createdAt: '1961-03-01T00:00:00.000Z',
    });
    await t.client.call('attachments.add', { entryId: c, name: 'drawing.txt', contentBase64: Buffer.from('x').toString('base64') });
    await t.client.call('adoptions.add', { entryId: a, enterprise: 'Troitsk', date: '1960-02-01' });
  });

  it('filters by every field, alone or together, with or without a query', async () => {
    const sorted = async (query: string, filters: RequestOf<'search.query'>['filters']) => (await ids(query, { filters })).sort();
    expect(await sorted('wool', { kind: ['method'] })).toEqual([a]);
    expect(await sorted('wool', { kind: ['method', 'invention'] })).toEqual([a, c].sort());
    expect(await sorted('wool', { status: ['implemented'] })).toEqual([a, c].sort());
    expect(await sorted('wool', { tags: ['textiles'] })).toEqual([a, b].sort());
    expect(await sorted('wool', { tags: ['textiles/wool'] })).toEqual([a]);
    expect(await sorted('wool', { enterprise: 'troitsk' })).toEqual([b]);
    expect(await sorted('wool', { classification: ['D06'] })).toEqual([a, c].sort());
    expect(await sorted('wool', { classification: ['d06c'] })).toEqual([a]);
    expect(await sorted('wool', { classification: ['D06C 23/04'] })).toEqual([a]);
    expect(await sorted('wool', { language: ['ru'] })).toEqual([b]);
    expect(await sorted('wool', { yearFrom: 1960 })).toEqual([b, c].sort());
    expect(await sorted('wool', { yearFrom: 1960, yearTo: 1960 })).toEqual([b]);
    expect(await sorted('wool', { hasAttachments: true })).toEqual([c]);
    expect(await sorted('wool', { hasAttachments: false })).toEqual([a, b].sort());
    expect(await sorted('wool', { adoptedBy: 'Troitsk' })).toEqual([a]);
    expect(await sorted('', { status: ['implemented'], tags: ['textiles'] })).toEqual([a]);
    expect(await sorted('', { kind: ['proposal'], language: ['en'] })).toEqual([]);
    expect(await sorted('-wool', {})).toEqual([]);
  });

  it('refuses unknown tags and enterprises by name', async () => {
    expect(await failure(search('wool', { filters: { tags: ['nothing'] } }), 'NOT_FOUND')).toMatch(/nothing/);
    expect(await failure(search('wool', { filters: { enterprise: 'Nowhere' } }), 'NOT_FOUND')).toMatch(/Nowhere/);
    expect(await failure(search('wool', { filters: { classification: ['99'] } }), 'INVALID_INPUT')).toMatch(/classification/);
    expect(await failure(search('wool', { filters: { yearFrom: 1962, yearTo: 1960 } }), 'INVALID_INPUT')).toMatch(/year/);
  });

  it('counts facets over every match of the query and filters', async () => {
    const result = await search('wool', { limit: 1 });
    expect(result.total).toBe(3);
    expect(result.hits).toHaveLength(1);
    const facets = result.facets;
    expect(facets).not.toBeNull();
    const counts = (list: { key: string; count: number }[]) => Object.fromEntries(list.map((f) => [f.key, f.count]));
    expect(counts(facets?.kind ?? [])).toEqual({ method: 1, proposal: 1, invention: 1 });
    expect(counts(facets?.status ?? [])).toEqual({ implemented: 2, accepted: 1 });
    expect(counts(facets?.language ?? [])).toEqual({ en: 2, ru: 1 });
    expect(counts(facets?.year ?? [])).toEqual({ 1959: 1, 1960: 1, 1961: 1 });
    expect(counts(facets?.section ?? [])).toEqual({ D: 2, B: 1 });
    expect(counts(facets?.tag ?? [])).toEqual({ textiles: 2, 'textiles/wool': 1, 'textiles/wool/fine': 1, 'textiles/cotton': 1, mining: 1 });
    expect(facets?.enterprise.map((e) => [e.label, e.count]).sort()).toEqual([
      ['Kulanovno', 1],
      ['Troitsk', 1],
    ]);
    const filtered = await search('wool', { filters: { status: ['implemented'] } });
    expect(filtered.total).toBe(2);
    expect(counts(filtered.facets?.kind ?? [])).toEqual({ method: 1, invention: 1 });
  });

  it('pages with a cursor and sorts by relevance, newest or title', async () => {
    const first = await search('wool', { limit: 2, sort: 'newest' });
    expect(first.hits.map((h) => h.id)).toEqual([c, b]);
    expect(first.nextCursor).not.toBeNull();
    const second = await search('wool', { limit: 2, sort: 'newest', cursor: first.nextCursor ?? undefined });
    expect(second.hits.map((h) => h.id)).toEqual([a]);
    expect(second.nextCursor).toBeNull();
    expect((await search('wool', { sort: 'title' })).hits.map((h) => h.title)).toEqual(['Wool finishing A', 'Wool finishing B', 'Wool finishing C']);
    await failure(search('wool', { cursor: 'bogus' }), 'INVALID_INPUT');
  });
});

describe('results', () => {
  it('cuts highlighted snippets from the original text and names the fields matched', async () => {
    const long = `${'Preparation of the loom takes a while. '.repeat(20)}Then the cloth is Finished by steaming twice. ${'Afterwards it rests. '.repeat(20)}`;
    const id = await add({ title: 'Finishing cloth', summary: 'Short summary without the word.', body: `# Method\n\n${long}` });
    const [hit] = (await search('finishing')).hits;
    expect(hit?.id).toBe(id);
    expect(hit?.fields).toEqual(['title', 'body']);
    expect(hit?.titleHighlights).toEqual([[0, 9]]);
    const snippet = hit?.snippet ?? '';
    expect(snippet).toContain('Finished by steaming');
    expect(snippet.length).toBeLessThan(260);
    const spans = hit?.highlights ?? [];
    expect(spans.map(([s, e]) => snippet.slice(s, e))).toEqual(['Finished']);
    expect(snippet).not.toContain('#');
  });

  it('highlights Russian and Chinese words as written', async () => {
    await add({ title: 'Ткани', summary: 'Отделка тканей и Ткани для пальто.', language: 'ru' });
    const [ru] = (await search('ткань')).hits;
    expect(ru?.highlights.map(([s, e]) => ru.snippet.slice(s, e))).toEqual(['тканей', 'Ткани']);
    await add({ title: '新方法', summary: '库兰夫诺细绒工厂加工厚呢绒', language: 'zh' });
    const [zh] = (await search('细绒')).hits;
    expect(zh?.highlights.map(([s, e]) => zh.snippet.slice(s, e))).toEqual(['细绒']);
  });

  it('finds similar entries, never the entry itself', async () => {
    const a = await add({ title: 'Decatising woollen cloth', summary: 'Steam decatising of woollen cloth in two stages.' });
    const b = await add({ title: 'Two-stage decatising', summary: 'Woollen cloth decatising with steam.' });
    await add({ title: 'Coal cutter water spray', summary: 'Dust suppression.' });
    const { hits } = await t.client.call('search.similar', { id: a });
    expect(hits.map((h) => h.id)).toEqual([b]);
  });
});

describe('keeping the index in step', () => {
  it('finds an edited entry by its new words and not its old ones', async () => {
    const id = await add({ title: 'Carding fine wool', summary: 'old words here' });
    await t.client.call('entries.update', { id, patch: { title: 'Spinning coarse flax', summary: 'fresh text' } });
    expect(await ids('carding')).toEqual([]);
    expect(await ids('old')).toEqual([]);
    expect(await ids('spinning')).toEqual([id]);
    expect(await ids('fresh')).toEqual([id]);
  });

  it('forgets deleted entries and finds restored ones', async () => {
    const id = await add({ title: 'Carding fine wool', tags: ['textiles'] });
    await t.client.call('entries.delete', { id });
    expect(await ids('carding')).toEqual([]);
    expect((await search('')).total).toBe(0);
    await t.client.call('entries.restore', { id, number: 1 });
    expect(await ids('carding')).toEqual([id]);
  });

  it('follows tag renames, merges, synonyms and deletion', async () => {
    const id = await add({ title: 'Carding', tags: ['textiles/wool'] });
    expect(await ids('tag:wool')).toEqual([id]);
    await t.client.call('tags.rename', { from: 'textiles', to: 'fabrics' });
    expect(await ids('tag:textiles')).toEqual([]);
    expect(await ids('tag:fabrics')).toEqual([id]);
    expect(await ids('', { filters: { tags: ['fabrics'] } })).toEqual([id]);
    await t.client.call('tags.setSynonyms', { path: 'fabrics/wool', synonyms: ['шерсть', '呢绒'] });
    expect(await ids('шерсти')).toEqual([id]);
    expect(await ids('呢绒')).toEqual([id]);
    await t.client.call('tags.create', { path: 'fleece' });
    await t.client.call('tags.merge', { from: 'fabrics/wool', into: 'fleece' });
    expect(await ids('tag:fleece')).toEqual([id]);
    expect(await ids('tag:fabrics')).toEqual([]);
    expect(await ids('tag:wool')).toEqual([id]); // the merged name stays as a synonym
    await t.client.call('tags.delete', { path: 'fleece', untagEntries: true });
    expect(await ids('tag:fleece')).toEqual([]);
    expect(await ids('carding')).toEqual([id]);
  });

  it('follows an enterprise rename', async () => {
    const id = await add({ title: 'Carding', enterprise: 'Kulanovno Factory' });
    await t.client.call('enterprises.update', { ref: 'Kulanovno Factory', name: 'Troitsk Mill' });
    expect(await ids('enterprise:kulanovno')).toEqual([]);
    expect(await ids('enterprise:troitsk')).toEqual([id]);
  });

  it('re-indexes once, with progress, when the pipeline version changes', async () => {
    const id = await add({ title: 'Carding fine wool' });
    const db = t.catalogue.db;
    // Simulate postings written by another pipeline version: gone, and an old version recorded.
    db.exec(
      "INSERT INTO search_index (search_index) VALUES ('delete-all'); DELETE FROM search_doc_tags; DELETE FROM search_doc_classes; DELETE FROM search_docs;",
    );
    db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(String(PIPELINE_VERSION - 1), INDEX_VERSION_KEY);
    const events: ProgressEvent[] = [];
    const client = createLocalClient(
      createHandlers(t.catalogue, { resourcesDir: findResourcesDir, progress: (e) => events.push(e), reindexInBackground: true }),
    );
    // The index was emptied, so the first answer has nothing yet, says so, and did not wait.
    const first = await client.call('search.query', { query: 'carding' });
    expect(first.reindexing).toEqual({ done: 0, total: 1 });
    expect(first.hits).toEqual([]);
    await t.catalogue.search.reindexInBackground();
    const second = await client.call('search.query', { query: 'carding' });
    expect(second.hits.map((h) => h.id)).toEqual([id]);
    expect(second.reindexing).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(INDEX_VERSION_KEY)).toBe(String(PIPELINE_VERSION));
    events.length = 0;
    await client.call('search.query', { query: 'carding' });
    expect(events).toEqual([]);
    expect(await client.call('catalogue.reindex', {})).toEqual({ entries: 1, version: PIPELINE_VERSION });
  });

  it("answers a repeated query anew after any write: its own, a rolled-back one, or another connection's", async () => {
    const id = await add({ title: 'Carding fine wool', tags: ['textiles'] });
    expect((await search('wool')).hits.map((h) => h.title)).toEqual(['Carding fine wool']);
    await t.client.call('entries.update', { id, patch: { title: 'Carding fine wool again' } });
    expect((await search('wool')).hits.map((h) => h.title)).toEqual(['Carding fine wool again']);
    expect((await t.client.call('search.facets', { query: 'wool' })).total).toBe(1);

    // Read inside a transaction that is then rolled back: nothing of it may be remembered.
    expect(() =>
      t.catalogue.transaction(() => {
        t.catalogue.tags.rename(t.catalogue.tags.require('textiles'), 'fabrics');
        expect(t.catalogue.search.search({ query: 'wool', filters: {}, sort: 'relevance', limit: 10, facets: true }).hits[0]?.tags).toEqual(['fabrics']);
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expect((await search('wool')).hits[0]?.tags).toEqual(['textiles']);

    const other = Catalogue.open(t.dir, { create: false, actor: 'other' });
    try {
      await createLocalClient(createHandlers(other, { resourcesDir: findResourcesDir })).call('entries.create', { kind: 'method', title: 'Washing wool' });
    } finally {
      other.close();
    }
    expect((await search('wool')).total).toBe(2);
    expect((await t.client.call('search.facets', { query: 'wool' })).total).toBe(2);
  });

  it('rolls the index back with the entry when a write fails', async () => {
    const id = await add({ title: 'Carding fine wool' });
    t.catalogue.db.exec("CREATE TRIGGER boom BEFORE INSERT ON revisions WHEN NEW.number = 2 BEGIN SELECT RAISE(ABORT, 'injected'); END");
    await expect(t.client.call('entries.update', { id, patch: { title: 'Never seen' } })).rejects.toThrow();
    expect(await ids('never')).toEqual([]);
    expect(await ids('carding')).toEqual([id]);
  });
});

import { describe, expect, it } from 'vitest';
import type { RequestOf, ResponseOf } from '../../shared/contract/index.js';
import { surfaceWordsOf } from '../../electron/search/surface-words.js';
import { defaultEdits } from '../../electron/search/query-parser.js';
import { packIds, unpackIds } from '../../electron/search/word-store.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;
const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, entry);

async function search(query: string): Promise<ResponseOf<'search.query'>> {
  return t.client.call('search.query', { query, limit: 200 });
}
async function ids(query: string): Promise<string[]> {
  return (await search(query)).hits.map((h) => h.id).sort();
}

/** The stored surface vocabulary, word → entries. */
function stored(): Map<string, number> {
  const rows = t.catalogue.db.prepare('SELECT word, docs FROM search_words').all() as { word: string; docs: number }[];
  return new Map(rows.map((r) => [r.word, r.docs]));
}

/** The same vocabulary worked out from scratch from every entry's indexed texts. */
function recomputed(): Map<string, number> {
  const indexer = t.catalogue.searchIndexer;
  if (!indexer) throw new Error('no indexer');
  const entryIds = t.catalogue.db.prepare('SELECT id FROM entries').pluck().all() as string[];
  const out = new Map<string, number>();
  for (const entry of indexer.readMany(entryIds).values()) {
    for (const word of surfaceWordsOf(Object.values(entry.texts)).keys()) out.set(word, (out.get(word) ?? 0) + 1);
  }
  return out;
}

const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

describe('surface vocabulary', () => {
  it('keeps words as typed with their terms and entry counts, exact after create, update and delete', async () => {
    const a = await add({ title: 'Decatising woollen cloth', summary: 'Decatising twice' });
    const b = await add({ title: 'Steam decatising', language: 'en', tags: ['Ткани'] });
    const c = await add({ title: 'Уголь и углём', summary: '呢绒的整理', language: 'ru' });
    expect(stored().get('decatising')).toBe(2);
    expect(stored().get('углем')).toBe(1);
    expect(stored().get('呢绒')).toBe(1);
    expect(stored().has('the')).toBe(false);
    const terms = t.catalogue.db.prepare('SELECT terms FROM search_words WHERE word = ?').pluck();
    expect(terms.get('decatising')).toBe('decatis');
    expect(String(terms.get('углем'))).toMatch(/^уголь/);
    expect(sorted(stored())).toEqual(sorted(recomputed()));

    await t.client.call('entries.update', { id: a, patch: { title: 'Carding of wool', summary: '' } });
    expect(stored().get('decatising')).toBe(1);
    expect(stored().get('carding')).toBe(1);
    expect(sorted(stored())).toEqual(sorted(recomputed()));

    await t.client.call('entries.delete', { id: b });
    expect(stored().has('decatising')).toBe(false);
    await t.client.call('entries.delete', { id: c });
    expect(sorted(stored())).toEqual(sorted(recomputed()));
    expect(stored().has('углем')).toBe(false);
  });

  it("stays exact when a word's remembered id was rolled back or deleted and taken by another word", async () => {
    const doc = (docid: number): number[] =>
      unpackIds(t.catalogue.db.prepare('SELECT ids FROM search_doc_words WHERE docid = ?').pluck().get(docid) as Uint8Array);
    const words = (docid: number): string[] => {
      const byId = t.catalogue.db.prepare('SELECT word FROM search_words WHERE id = ?').pluck();
      return doc(docid)
        .map((id) => byId.get(id) as string)
        .sort();
    };
    // A new word written and rolled back: its id is remembered, then given to another word.
    expect(() =>
      t.catalogue.transaction(() => {
        t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Zirconium crucibles' }));
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    const a = await add({ title: 'Tantalum crucibles' });
    const b = await add({ title: 'Zirconium crucibles' });
    expect(stored().get('zirconium')).toBe(1);
    expect(stored().get('crucibles')).toBe(2);
    expect(sorted(stored())).toEqual(sorted(recomputed()));
    const docid = (id: string): number => t.catalogue.db.prepare('SELECT docid FROM search_docs WHERE entry_id = ?').pluck().get(id) as number;
    expect(words(docid(b))).toEqual(['crucibles', 'zirconium']);
    // A word deleted (no entry has it) and written again gets a row of its own.
    await t.client.call('entries.delete', { id: a });
    expect(stored().has('tantalum')).toBe(false);
    const c = await add({ title: 'Tantalum again' });
    expect(stored().get('tantalum')).toBe(1);
    expect(words(docid(c))).toEqual(['again', 'tantalum']);
    expect(sorted(stored())).toEqual(sorted(recomputed()));
  });

  it('folds full-width forms and ё the way queries are folded', () => {
    const words = surfaceWordsOf(['ＷＯＯＬ Ёлка']);
    expect([...words.keys()].sort()).toEqual(['elka'.replace('elka', 'елка'), 'wool'].sort());
  });
});

describe('fuzzy words against what was typed', () => {
  it('finds "decatising" for decatizing~1 and decatisng~1, and not for a word two edits away at ~1', async () => {
    const a = await add({ title: 'Decatising of worsted cloth' });
    const b = await add({ title: 'Cloth decatised in steam' });
    await add({ title: 'Carding wool' });
    expect(await ids('decatising')).toEqual([a, b].sort());
    expect(await ids('decatizing~1')).toEqual([a, b].sort());
    expect(await ids('decatisng~1')).toEqual([a, b].sort());
    expect(await ids('decatizng~1')).toEqual([]);
    expect(await ids('decatizng~2')).toEqual([a, b].sort());
    // A bare ~ allows two edits from six letters on.
    expect(await ids('decatizng~')).toEqual([a, b].sort());
    expect(defaultEdits('wool')).toBe(1);
    expect(defaultEdits('decatising')).toBe(2);
  });

  it('matches Russian forms by what was typed, then by lemma', async () => {
    const coal = await add({ title: 'Сушка углём', language: 'ru' });
    const coal2 = await add({ title: 'Добыча угля', language: 'ru' });
    await add({ title: 'Угол резца', language: 'ru' });
    // One letter off "углём"; its lemma уголь also finds угля.
    expect(await ids('угдём~1')).toEqual([coal, coal2].sort());
    expect(await ids('углем~1')).toContain(coal);
  });

  it('matches Chinese words of two characters or more by characters', async () => {
    const a = await add({ title: '呢绒的整理方法', language: 'zh' });
    await add({ title: '瓦斯抽放', language: 'zh' });
    expect(await ids('呢戎~1')).toEqual([a]);
    expect(await ids('呢戎')).toEqual([]);
  });

  it('finds words written after the automaton was built', async () => {
    await add({ title: 'Carding wool' });
    expect(await ids('cardng~1')).toHaveLength(1);
    const later = await add({ title: 'Loom upgrade' });
    expect(await ids('lom~1')).toEqual([later]);
  });

  it('stays bounded for a 2,000-character word and 500 fuzzy words', async () => {
    await add({ title: 'Decatising of worsted cloth' });
    const long = 'a'.repeat(2000);
    let t0 = performance.now();
    expect((await search(`${long}~2`)).total).toBe(0);
    expect(performance.now() - t0).toBeLessThan(2000);
    const many = Array.from({ length: 500 }, (_, i) => `decatisin${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) | 0))}~2`).join(' ');
    t0 = performance.now();
    const result = await search(many);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(result.total).toBeGreaterThanOrEqual(0);
  });
});

describe('did you mean', () => {
  it('suggests the catalogue word for an English typo, keeping operators and fields', async () => {
    const a = await add({ title: 'Decatising of worsted cloth' });
    const b = await add({ title: 'Steam decatising', summary: 'worsted' });
    await add({ title: 'Carding wool' });
    const result = await search('decatisng');
    expect(result.total).toBe(0);
    expect(result.suggestion).toEqual({ query: 'decatising', hits: 2 });
    expect(await ids(result.suggestion?.query ?? '')).toEqual([a, b].sort());
    expect((await search('+title:Decatisng worsted')).suggestion?.query).toBe('+title:Decatising worsted');
    expect((await search('"steam decatisng"')).suggestion?.query).toBe('"steam decatising"');
    // Words found often enough, stop words, fuzzy words and prefixes are left as typed.
    expect((await search('decatising')).suggestion).toBeUndefined();
    expect((await search('zzzzqqq')).suggestion).toBeUndefined();
    expect((await search('decatisng~1')).suggestion).toBeUndefined();
  });

  it('suggests in Russian and Chinese', async () => {
    await add({ title: 'Сушка углём', language: 'ru' });
    await add({ title: 'Добыча угля в шахте', language: 'ru' });
    const ru = await search('шахто');
    expect(ru.suggestion?.query).toBe('шахте');
    expect(ru.suggestion?.hits).toBe(1);
    await add({ title: '呢绒的整理方法', language: 'zh' });
    const zh = await search('呢戎');
    expect(zh.total).toBe(0);
    expect(zh.suggestion?.query).toBe('呢绒');
    expect(zh.suggestion?.hits).toBe(1);
  });
});

describe('packed word ids', () => {
  it('round-trips ascending delta varints', () => {
    const ids = [5, 1, 127, 128, 300, 16_384, 2_000_000, 2_000_001];
    expect(unpackIds(packIds(ids))).toEqual([...ids].sort((a, b) => a - b));
    expect(packIds([1, 2, 3]).length).toBe(3);
  });
});

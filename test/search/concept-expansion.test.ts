import { describe, expect, it } from 'vitest';
import type { RequestOf, ResponseOf } from '../../shared/contract/index.js';
import type { ConceptRepository } from '../../electron/core/repos/concepts.js';
import { parseQuery } from '../../electron/search/query-parser.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;
const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, entry);

function concepts(): ConceptRepository {
  const repo = t.catalogue.concepts;
  if (!repo) throw new Error('The test catalogue has no concept tables.');
  return repo;
}

const label = (lang: string, text: string, kind: 'pref' | 'alt' = 'pref'): { lang: string; kind: 'pref' | 'alt'; text: string } => ({ lang, kind, text });

async function search(query: string, extra: Partial<RequestOf<'search.query'>> = {}): Promise<ResponseOf<'search.query'>> {
  return t.client.call('search.query', { query, limit: 50, ...extra });
}
const ids = async (query: string, extra: Partial<RequestOf<'search.query'>> = {}): Promise<string[]> => (await search(query, extra)).hits.map((h) => h.id);

/** A concept of twelve labels in three languages: raising (napping) cloth. */
function raisingConcept(codes: string[] = []): string {
  const many = ['gig mill', 'raising gig', 'teasel gig', 'napping machine', 'raising machine', 'teaseling machine'];
  return concepts().create({
    labels: [
      label('en', 'raising'),
      ...many.map((text) => label('en', text, 'alt')),
      label('ru', 'ворсовальная машина'),
      label('ru', 'ворсование', 'alt'),
      label('ru', 'ворсовка', 'alt'),
      label('zh-Hans', '起绒机'),
      label('zh-Hans', '起毛机', 'alt'),
    ],
    codes,
  });
}

/** The cloth shearing machine, and a narrower concept below it. */
function shearingThesaurus(): { shearing: string; rotary: string } {
  const shearing = concepts().create({
    labels: [label('en', 'cloth shearing machine'), label('ru', 'стригальная машина'), label('zh-Hans', '剪呢机')],
    codes: ['D06C 13'],
  });
  const rotary = concepts().create({
    labels: [label('en', 'rotary shear'), label('ru', 'ротационные ножницы')],
    broader: [shearing],
  });
  return { shearing, rotary };
}

describe('thesaurus expansion', () => {
  it('expands en to ru and zh, and ru and zh to en', async () => {
    shearingThesaurus();
    const en = await add({ title: 'A cloth shearing machine for thick woollens' });
    const ru = await add({ title: 'Стригальная машина для толстых сукон', language: 'ru' });
    const zh = await add({ title: '新型剪呢机的结构', language: 'zh' });
    await add({ title: 'Casting bronze bells' });

    const fromEn = await search('cloth shearing machine');
    expect(fromEn.hits.map((h) => h.id)).toEqual(expect.arrayContaining([en, ru, zh]));
    expect(fromEn.expansion[0]).toMatchObject({ matched: 'cloth shearing machine', narrower: false, enabled: true });
    expect(fromEn.expansion[0]?.labels).toEqual([
      { lang: 'ru', text: 'стригальная машина' },
      { lang: 'zh', text: '剪呢机' },
    ]);
    expect(fromEn.hits.find((h) => h.id === ru)?.matchedLanguages).toEqual(['ru']);
    expect(fromEn.hits.find((h) => h.id === zh)?.matchedLanguages).toEqual(['zh']);

    expect(await ids('стригальная машина')).toEqual(expect.arrayContaining([en, ru, zh]));
    expect(await ids('剪呢机')).toEqual(expect.arrayContaining([en, ru, zh]));
    // Without expansion each query finds its own language only.
    expect(await ids('стригальная машина', { expand: false })).toEqual([ru]);
    expect((await search('剪呢机', { expand: false })).expansion).toEqual([]);
  });

  it('`=word` searches the word alone', async () => {
    concepts().create({ labels: [label('en', 'wool'), label('ru', 'шерсть')] });
    const en = await add({ title: 'Wool scouring' });
    const ru = await add({ title: 'Промывка шерсти', language: 'ru' });
    expect((await ids('wool')).sort()).toEqual([en, ru].sort());
    expect(await ids('=wool')).toEqual([en]);
    expect((await search('=wool')).expansion).toEqual([]);
    expect(parseQuery('=wool cloth').map((c) => [c.text, c.literal === true])).toEqual([
      ['wool', true],
      ['cloth', false],
    ]);
  });

  it('expandOff switches one concept off and reports it so', async () => {
    const { shearing, rotary } = shearingThesaurus();
    const ru = await add({ title: 'Стригальная машина для сукон', language: 'ru' });
    const blade = await add({ title: 'Ротационные ножницы новой конструкции', language: 'ru' });
    expect((await ids('cloth shearing machine')).sort()).toEqual([ru, blade].sort());
    const narrowerOff = await search('cloth shearing machine', { expandOff: [rotary] });
    expect(narrowerOff.hits.map((h) => h.id)).toEqual([ru]);
    expect(narrowerOff.expansion.find((e) => e.conceptId === rotary)).toMatchObject({ narrower: true, enabled: false });
    const off = await search('cloth shearing machine', { expandOff: [shearing] });
    expect(off.hits).toEqual([]);
    expect(off.expansion.every((e) => !e.enabled)).toBe(true);
  });

  it('weights narrower concepts lower than the concept itself', async () => {
    shearingThesaurus();
    const narrower = await add({ title: 'Ротационные ножницы', language: 'ru' });
    const own = await add({ title: 'Стригальная машина', language: 'ru' });
    expect(await ids('cloth shearing machine')).toEqual([own, narrower]);
  });

  it('a concept of twelve labels counts as one term: it does not outrank an entry with two query words', async () => {
    raisingConcept();
    // Every one of the concept's labels, once each: with labels scored apart it would win.
    const labelled = await add({ title: 'Gig mill raising gig teasel gig napping machine raising machine teaseling machine', language: 'en' });
    const twoWords = await add({ title: 'Raising the pile of felt' });
    await add({ title: 'Felt boots' });
    await add({ title: 'Pile driving' });
    // Enough other entries for BM25's idf to tell rare words from common ones (with four, every idf is 0).
    for (const title of [
      'Casting bells',
      'Hardening gears',
      'Welding rails',
      'Drilling rock',
      'Coal cutting',
      'Roof supports',
      'Mine ventilation',
      'Spinning cotton',
    ])
      await add({ title });
    const ranked = await ids('raising felt');
    expect(ranked.indexOf(twoWords)).toBeLessThan(ranked.indexOf(labelled));
    expect(ranked).toContain(labelled);
  });

  it('a one-word English label expands its own forms, not another word its stem shares', async () => {
    const machining = concepts().create({ labels: [label('en', 'machining'), label('ru', 'обработка резанием')] });
    const decatising = concepts().create({ labels: [label('en', 'decatising'), label('en', 'study', 'alt'), label('ru', 'декатировка')] });
    const matched = async (query: string): Promise<string[]> => (await search(query)).expansion.map((e) => e.conceptId);
    // The stemmer makes one term of machine and machining: the label still does not stand for "machines".
    expect(await matched('machines')).toEqual([]);
    expect(await matched('machined')).toEqual([machining]);
    expect(await matched('machining')).toEqual([machining]);
    expect(await matched('decatised')).toEqual([decatising]);
    expect(await matched('studies')).toEqual([decatising]);
  });

  it('a concept write is seen by the next search', async () => {
    const ru = await add({ title: 'Промывка шерсти', language: 'ru' });
    expect(await ids('wool')).toEqual([]);
    concepts().create({ labels: [label('en', 'wool'), label('ru', 'шерсть')] });
    expect(await ids('wool')).toEqual([ru]);
  });

  it('an entry edited after a search is seen by the next search of the same concept', async () => {
    concepts().create({ labels: [label('en', 'wool'), label('ru', 'шерсть'), label('en', 'merino fleece', 'alt')] });
    const first = await add({ title: 'Промывка шерсти', language: 'ru' });
    const second = await add({ title: 'Casting bronze bells' });
    expect(await ids('wool')).toEqual([first]);
    // The concept's entries are kept between searches: an edit (no new entry, the same rowids) must drop them.
    await t.client.call('entries.update', { id: first, patch: { title: 'Casting iron bells' } });
    expect(await ids('wool')).toEqual([]);
    await t.client.call('entries.update', { id: second, patch: { title: 'Merino fleece for the spinning mill' } });
    expect(await ids('wool')).toEqual([second]);
    expect(await ids('wool', { filters: { kind: ['proposal', 'invention', 'method'] } })).toEqual([second]);
  });

  it('a bulk action over every match covers the entries found through other languages', async () => {
    shearingThesaurus();
    const ru = await add({ title: 'Стригальная машина', language: 'ru' });
    const zh = await add({ title: '剪呢机', language: 'zh' });
    expect(t.catalogue.search.matchingEntryIds('cloth shearing machine', {}).sort()).toEqual([ru, zh].sort());
    expect(t.catalogue.search.matchingEntryIds('cloth shearing machine', {}, { expand: false })).toEqual([]);
  });

  it('a bulk action over every match acts on exactly the hits shown with a chip switched off', async () => {
    const { shearing, rotary } = shearingThesaurus();
    const en = await add({ title: 'A cloth shearing machine for woollens' });
    const ru = await add({ title: 'Стригальная машина для сукон', language: 'ru' });
    const zh = await add({ title: '剪呢机', language: 'zh' });
    const blade = await add({ title: 'Ротационные ножницы новой конструкции', language: 'ru' });
    await add({ title: 'Casting bronze bells' });
    const query = 'cloth shearing machine';
    const acted = async (selection: Partial<{ expand: boolean; expandOff: string[] }>): Promise<string[]> => {
      const preview = await t.client.call('entries.bulk', {
        selection: { by: 'search', query, ...selection },
        changes: { addTags: ['checked'] },
        dryRun: true,
      });
      return (preview.changes[0]?.ids ?? []).sort();
    };
    const shown = async (extra: Partial<RequestOf<'search.query'>>): Promise<string[]> => (await ids(query, extra)).sort();

    // Every chip on, the narrower one off, the concept off, expansion off: each time the entries acted on are the hits.
    for (const extra of [{}, { expandOff: [rotary] }, { expandOff: [shearing] }, { expandOff: [shearing, rotary] }, { expand: false }]) {
      expect(await acted(extra)).toEqual(await shown(extra));
    }
    expect(await acted({ expandOff: [rotary] })).toEqual([en, ru, zh].sort());
    expect(await acted({})).toContain(blade);
    expect(await acted({ expand: false })).toEqual([en]);

    // Applied, not only previewed: the entries tagged are the ones shown with the chip off.
    const applied = await t.client.call('entries.bulk', { selection: { by: 'search', query, expandOff: [rotary] }, changes: { addTags: ['checked'] } });
    expect(applied.selected).toBe(3);
    expect((await ids('', { filters: { tags: ['checked'] } })).sort()).toEqual([en, ru, zh].sort());

    // The boundary checks the chips as search.query does.
    await failure(t.client.call('entries.bulk', { selection: { by: 'search', query, expandOff: [''] }, changes: { status: 'accepted' } }), 'INVALID_INPUT');
    await failure(
      t.client.call('entries.bulk', {
        selection: { by: 'search', query, expandOff: Array.from({ length: 51 }, (_, i) => `c${i}`) },
        changes: { status: 'accepted' },
      }),
      'INVALID_INPUT',
    );
    await failure(
      t.client.call('entries.bulk', { selection: { by: 'search', query, expand: 'no' as never }, changes: { status: 'accepted' } }),
      'INVALID_INPUT',
    );
  });

  it('a saved search keeps the chips switched off: applied, acted on and exported as it was shown', async () => {
    const { shearing, rotary } = shearingThesaurus();
    const ru = await add({ title: 'Стригальная машина для сукон', language: 'ru' });
    await add({ title: 'Ротационные ножницы новой конструкции', language: 'ru' });
    const query = 'cloth shearing machine';
    const saved = await t.client.call('savedSearches.create', { name: 'Shearing, no rotary', query, expandOff: [rotary, rotary] });
    expect(saved.expandOff).toEqual([rotary]);
    expect((await t.client.call('savedSearches.list', {})).searches[0]?.expandOff).toEqual([rotary]);
    // Every match of the saved search is what search.query shows with the same chip off.
    const preview = await t.client.call('entries.bulk', { selection: { by: 'savedSearch', id: saved.id }, changes: { addTags: ['checked'] }, dryRun: true });
    expect(preview.changes[0]?.ids).toEqual(await ids(query, { expandOff: saved.expandOff }));
    expect(preview.changes[0]?.ids).toEqual([ru]);
    expect((await t.client.call('exchange.estimateExport', { savedSearch: saved.id })).entries).toBe(1);

    // Renaming keeps the chips; an update may switch them on again, or others off.
    expect((await t.client.call('savedSearches.update', { id: saved.id, name: 'Shearing' })).expandOff).toEqual([rotary]);
    expect((await t.client.call('savedSearches.update', { id: saved.id, expandOff: [] })).expandOff).toEqual([]);
    expect(
      (await t.client.call('entries.bulk', { selection: { by: 'savedSearch', id: saved.id }, changes: { addTags: ['checked'] }, dryRun: true })).changes[0]
        ?.ids,
    ).toHaveLength(2);
    expect((await t.client.call('savedSearches.update', { id: saved.id, expandOff: [shearing] })).expandOff).toEqual([shearing]);
    // The boundary checks the chips as search.query does; a search saved without any keeps every chip on.
    await failure(t.client.call('savedSearches.create', { name: 'Bad', query, expandOff: [''] }), 'INVALID_INPUT');
    await failure(t.client.call('savedSearches.update', { id: saved.id, expandOff: Array.from({ length: 51 }, (_, i) => `c${i}`) }), 'INVALID_INPUT');
    expect((await t.client.call('savedSearches.create', { name: 'All of it', query })).expandOff).toEqual([]);
  });

  it('the FTS5 path (a classification filter) finds entries through the other languages too', async () => {
    shearingThesaurus();
    const ru = await add({ title: 'Стригальная машина', language: 'ru', classification: ['D06C 13/00'] });
    await add({ title: 'Стригальная машина', language: 'ru', classification: ['B21D 13/00'] });
    const found = await search('cloth shearing machine', { filters: { classification: ['D06C'] } });
    expect(found.hits.map((h) => h.id)).toEqual([ru]);
    expect(found.hits[0]?.matchedLanguages).toEqual(['ru']);
  });

  describe('on the FTS5 path (bm25(): a classification filter, a body: field)', () => {
    /** The twelve-label concept of the test above, the entries it ranks, and enough others for idf; every entry coded D06C. */
    async function raisingCatalogue(): Promise<{ labelled: string; twoWords: string; ru: string }> {
      raisingConcept(['D06C 11']);
      const classification = ['D06C 29/00'];
      const labelled = await add({ title: 'Gig mill raising gig teasel gig napping machine raising machine teaseling machine', classification });
      const twoWords = await add({ title: 'Raising the pile of felt', body: 'The felt is raised twice.', classification });
      const ru = await add({ title: 'Ворсование сукна перед стрижкой', language: 'ru', classification: ['D06C 11/00'] });
      for (const title of ['Felt boots', 'Pile driving', 'Casting bells', 'Hardening gears', 'Welding rails', 'Drilling rock', 'Coal cutting', 'Roof supports'])
        await add({ title, classification });
      return { labelled, twoWords, ru };
    }
    const coded = { filters: { classification: ['D06C'] } };

    it('ranks as the impact path ranks: the concept one term, an entry reached in Russian where it would be', async () => {
      const { labelled, twoWords, ru } = await raisingCatalogue();
      for (const query of ['raising felt', 'raising', 'ворсование', 'felt 起绒机']) {
        // Every entry carries a D06C code: the filter changes the path, not the matches.
        const impact = await search(query);
        const fts5 = await search(query, coded);
        expect(fts5.hits.map((h) => h.id)).toEqual(impact.hits.map((h) => h.id));
        // bm25() and the impact postings agree to within their length bands.
        fts5.hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(impact.hits[i]?.score ?? NaN, 1));
      }
      const ranked = await ids('raising felt', coded);
      expect(ranked.indexOf(twoWords)).toBeLessThan(ranked.indexOf(labelled));
      expect(ranked).toContain(ru);
    });

    it('a concept of twelve labels does not outweigh a plain word beside a body: clause', async () => {
      const { labelled, twoWords } = await raisingCatalogue();
      const ranked = await ids('raising body:felt');
      expect(ranked.slice(0, 2)).toEqual([twoWords, labelled]);
      // What matches stays FTS5's, with a required or an excluded clause too.
      expect(await ids('raising +body:felt')).toEqual([twoWords]);
      const without = await ids('raising body:felt -pile');
      expect(without).toContain(labelled);
      expect(without).not.toContain(twoWords);
      expect((await search('raising body:felt', { limit: 1 })).total).toBe(ranked.length);
    });
  });

  it("boosts entries carrying the concept's IPC code", async () => {
    shearingThesaurus();
    // A code of the same shape elsewhere: both entries are as long, only the code differs.
    const plain = await add({ title: 'Стригальная машина', language: 'ru', classification: ['B21D 13/00'] });
    const coded = await add({ title: 'Стригальная машина', language: 'ru', classification: ['D06C 13/00'] });
    expect(await ids('cloth shearing machine')).toEqual([coded, plain]);
  });

  it('"Did you mean" counts what the corrected query finds with its expansion, filtered or not', async () => {
    raisingConcept();
    const english = await add({ title: 'Raising worsted before shearing', kind: 'method' });
    await add({ title: 'Raising machine with teasel rollers', kind: 'proposal' });
    await add({ title: 'Ворсовальная машина для сукна', language: 'ru', kind: 'method' });
    await add({ title: '起绒机的改进', language: 'zh', kind: 'method' });
    const typed = await search('raisnig');
    expect(typed.total).toBe(0);
    expect(typed.suggestion?.query).toBe('raising');
    expect(typed.suggestion?.hits).toBe((await search('raising')).total);
    expect(typed.suggestion?.hits).toBe(4);
    const methods = { filters: { kind: ['method' as const] } };
    expect((await search('raisnig', methods)).suggestion?.hits).toBe(3);
    // Without expansion the count is the word's own entries.
    expect((await search('raisnig', { expand: false })).suggestion?.hits).toBe(2);
    expect(await ids('=raising', methods)).toEqual([english]);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/contract/index.js';
import type { SearchFacets } from '../../shared/schemas/search.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { SearchEngine } from '../../electron/search/engine.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

/**
 * The facet store is built once and then kept current incrementally; every check compares
 * its counts with those of a fresh engine (which builds its store from the database now).
 */
const t = useFreshCatalogue();

type Create = RequestOf<'entries.create'>;

const add = (entry: Partial<Create> & { title: string }): Promise<string> => addEntry(t, entry);

function facets(engine: SearchEngine, query: string): { total: number; facets: SearchFacets | null } {
  const result = engine.search({ query, filters: {}, sort: 'relevance', limit: 5, facets: true });
  return { total: result.total, facets: result.facets };
}

function fresh(): SearchEngine {
  const indexer = t.catalogue.searchIndexer;
  if (!indexer) throw new Error('no search index');
  return new SearchEngine(t.catalogue.db, indexer, () => t.catalogue.tags.paths());
}

function expectCurrent(query = 'wool'): void {
  expect(facets(t.catalogue.search, query)).toEqual(facets(fresh(), query));
  expect(facets(t.catalogue.search, '')).toEqual(facets(fresh(), ''));
}

const counts = (list: readonly { key: string; count: number }[]): Record<string, number> => Object.fromEntries(list.map((f) => [f.key, f.count]));

describe('facet store', () => {
  let a: string;
  beforeEach(async () => {
    a = await add({
      title: 'Wool finishing',
      status: 'implemented',
      tags: ['textiles/wool'],
      enterprise: 'Kulanovno',
      classification: ['D06C 23/04'],
      createdAt: '1959-05-01T00:00:00.000Z',
    });
    await add({
      kind: 'proposal',
      title: 'Wool carding',
      language: 'ru',
      tags: ['textiles/cotton'],
      classification: ['B24B 1/00'],
      createdAt: '1960-02-01T00:00:00.000Z',
    });
    // Build the store.
    expect(facets(t.catalogue.search, 'wool').total).toBe(2);
  });

  it('is built once, on the first facet request, not at open', () => {
    const engine = fresh();
    expect(engine.facetStoreStats.builds).toBe(0);
    engine.search({ query: 'wool', filters: {}, sort: 'relevance', limit: 5, facets: false });
    expect(engine.facetStoreStats.builds).toBe(0);
    facets(engine, 'wool');
    facets(engine, '');
    expect(engine.facetStoreStats.builds).toBe(1);
  });

  it('follows new entries, edits and deletions without a rebuild', async () => {
    const builds = t.catalogue.search.facetStoreStats.builds;
    const c = await add({ kind: 'invention', title: 'Wool dyeing', tags: ['mining'], enterprise: 'Troitsk', classification: ['C09B 1/00'] });
    expectCurrent();
    expect(counts(facets(t.catalogue.search, 'wool').facets?.kind ?? [])).toEqual({ method: 1, proposal: 1, invention: 1 });
    await t.client.call('entries.update', { id: a, patch: { status: 'rejected', tags: ['mining'], enterprise: 'Troitsk', classification: ['A01B 1/00'] } });
    expectCurrent();
    expect(counts(facets(t.catalogue.search, 'wool').facets?.status ?? [])).toEqual({ draft: 2, rejected: 1 });
    await t.client.call('entries.delete', { id: c });
    expectCurrent();
    expect(facets(t.catalogue.search, 'wool').total).toBe(2);
    expect(t.catalogue.search.facetStoreStats.builds).toBe(builds);
  });

  it('shows tag renames, moves and deletions and enterprise renames', async () => {
    await t.client.call('tags.rename', { from: 'textiles', to: 'fabrics' });
    expectCurrent();
    expect(counts(facets(t.catalogue.search, 'wool').facets?.tag ?? [])).toEqual({ fabrics: 2, 'fabrics/wool': 1, 'fabrics/cotton': 1 });
    await t.client.call('tags.delete', { path: 'fabrics/cotton', untagEntries: true });
    expectCurrent();
    await t.client.call('enterprises.update', { ref: 'Kulanovno', name: 'Troitsk Mill' });
    expectCurrent();
    expect(facets(t.catalogue.search, 'wool').facets?.enterprise.map((e) => e.label)).toEqual(['Troitsk Mill']);
  });

  it('forgets writes that were rolled back, even when counted inside the transaction', () => {
    expect(() =>
      t.catalogue.transaction(() => {
        t.catalogue.entryService.create(EntryCreate.parse({ kind: 'invention', title: 'Wool inside', tags: ['mining'] }));
        t.catalogue.entryService.update(a, { status: 'rejected', tags: ['mining'] });
        expect(facets(t.catalogue.search, 'wool').total).toBe(3);
        expect(counts(facets(t.catalogue.search, 'wool').facets?.kind ?? [])).toEqual({ method: 1, proposal: 1, invention: 1 });
        expect(counts(facets(t.catalogue.search, 'wool').facets?.status ?? [])).toEqual({ draft: 2, rejected: 1 });
        throw new Error('roll back');
      }),
    ).toThrow('roll back');
    expectCurrent();
    expect(counts(facets(t.catalogue.search, 'wool').facets?.kind ?? [])).toEqual({ method: 1, proposal: 1 });
    expect(counts(facets(t.catalogue.search, 'wool').facets?.status ?? [])).toEqual({ implemented: 1, draft: 1 });
  });

  it('is rebuilt after another connection wrote', async () => {
    const builds = t.catalogue.search.facetStoreStats.builds;
    const other = Catalogue.open(t.dir, { create: false, actor: 'other' });
    try {
      const client = createLocalClient(createHandlers(other, { resourcesDir: findResourcesDir }));
      await client.call('entries.create', { kind: 'invention', title: 'Wool elsewhere', tags: ['mining'], language: 'zh' });
    } finally {
      other.close();
    }
    const result = facets(t.catalogue.search, 'wool');
    expect(result.total).toBe(3);
    expect(counts(result.facets?.language ?? [])).toEqual({ en: 1, ru: 1, zh: 1 });
    expect(counts(result.facets?.tag ?? [])).toMatchObject({ mining: 1 });
    expectCurrent();
    expect(t.catalogue.search.facetStoreStats.builds).toBe(builds + 1);
  });

  it('is dropped by a re-index', () => {
    const builds = t.catalogue.search.facetStoreStats.builds;
    t.catalogue.search.reindex();
    expectCurrent();
    expect(t.catalogue.search.facetStoreStats.builds).toBe(builds + 1);
  });

  it('filters in memory exactly as the database does', async () => {
    const c = await add({
      kind: 'invention',
      title: 'Wool dyeing',
      tags: ['textiles/wool/fine'],
      enterprise: 'Troitsk',
      createdAt: '1961-03-01T00:00:00.000Z',
    });
    await t.client.call('attachments.add', { entryId: c, name: 'drawing.txt', contentBase64: Buffer.from('x').toString('base64') });
    await t.client.call('entries.update', { id: a, patch: { status: 'accepted' } });
    const engine = t.catalogue.search;
    const kulanovno = t.catalogue.enterprises.require('Kulanovno');
    const troitsk = t.catalogue.enterprises.require('Troitsk');
    const textiles = t.catalogue.tags.require('textiles');
    const wool = t.catalogue.tags.require('textiles/wool');
    const cases = [
      { kind: ['method', 'invention'] as const },
      { status: ['accepted'] as const },
      { language: ['ru'] },
      { tagIds: [textiles] },
      { tagIds: [textiles, wool] },
      { enterpriseId: kulanovno },
      { enterpriseId: troitsk, hasAttachments: true },
      { hasAttachments: false },
      { yearFrom: 1960 },
      { yearFrom: 1959, yearTo: 1960, kind: ['method', 'proposal'] as const },
    ];
    for (const filters of cases) {
      // Relevance order filters in the store; newest-first filters in SQL.
      const inStore = engine.search({ query: 'wool', filters, sort: 'relevance', limit: 50, facets: true });
      const inSql = engine.search({ query: 'wool', filters, sort: 'newest', limit: 50, facets: true });
      expect(inStore.total).toBe(inSql.total);
      expect(inStore.hits.map((h) => h.id).sort()).toEqual(inSql.hits.map((h) => h.id).sort());
      expect(inStore.facets).toEqual(inSql.facets);
    }
    expect(engine.search({ query: 'wool', filters: { tagIds: [wool] }, sort: 'relevance', limit: 50, facets: true }).total).toBe(2);
  });

  it('gives the same matches, totals and facets in one pass (phrases, fields, AND, NOT) as in two', async () => {
    await add({ kind: 'invention', title: 'Finishing wool cloth', summary: 'wool finishing twice', tags: ['mining'] });
    const engine = t.catalogue.search;
    const other = fresh(); // a second engine on the same connection must not disturb the first
    for (const query of ['"wool finishing"', 'title:wool', '+wool +finishing', 'wool -carding', 'title:wool summary:finishing']) {
      for (const facetsToo of [true, false]) {
        const onePass = engine.search({ query, filters: {}, sort: 'relevance', limit: 50, facets: facetsToo });
        other.search({ query, filters: {}, sort: 'relevance', limit: 50, facets: facetsToo });
        const twoPasses = engine.search({ query, filters: {}, sort: 'newest', limit: 50, facets: facetsToo });
        expect(onePass.total).toBe(twoPasses.total);
        expect(onePass.hits.map((h) => h.id).sort()).toEqual(twoPasses.hits.map((h) => h.id).sort());
        expect(onePass.facets).toEqual(twoPasses.facets);
      }
    }
    expect(engine.search({ query: '"wool finishing"', filters: {}, sort: 'relevance', limit: 50, facets: true }).total).toBe(2);
  });
});

describe('facet store built in slices', () => {
  beforeEach(async () => {
    for (let i = 0; i < 23; i += 1) {
      await add({
        kind: i % 3 === 0 ? 'proposal' : 'method',
        title: `Wool method ${i}`,
        tags: [i % 2 === 0 ? 'textiles/wool' : 'textiles/cotton'],
        enterprise: i % 4 === 0 ? 'Kulanovno' : 'Troitsk',
        classification: [i % 5 === 0 ? 'D06C 23/04' : 'B24B 1/00'],
        createdAt: `19${50 + (i % 7)}-03-01T00:00:00.000Z`,
      });
    }
  });

  it('counts what a build in one go counts', async () => {
    const engine = fresh();
    await engine.prepareFacets(4);
    expect(engine.facetStoreStats.builds).toBe(1);
    for (const query of ['wool', '', 'method 1*']) expect(facets(engine, query)).toEqual(facets(fresh(), query));
    expect(engine.facetStoreStats.builds).toBe(1);
  });

  it('takes in entries written, changed and deleted between its slices', async () => {
    const engine = t.catalogue.search;
    const ids = (await t.client.call('entries.list', { limit: 100 })).entries.map((e) => e.id);
    const preparing = engine.prepareFacets(4);
    // The first slice is read; the rest wait for the event loop, where these writes come in.
    await add({ kind: 'invention', title: 'Wool dyeing', tags: ['mining'], enterprise: 'Norilsk' });
    await t.client.call('entries.update', { id: ids[0] ?? '', patch: { status: 'archived', tags: ['mining'] } });
    await t.client.call('entries.delete', { id: ids[5] ?? '' });
    await preparing;
    expectCurrent('wool');
    expect(counts(facets(engine, 'wool').facets?.kind ?? [])).toMatchObject({ invention: 1 });
  });

  it('counts a match of most entries (the whole store less the others) as the entries themselves say', async () => {
    // What each entry was given above, and so what any facet must count, worked out here rather than by the store.
    const given = Array.from({ length: 23 }, (_, i) => ({
      kind: i % 3 === 0 ? 'proposal' : 'method',
      status: 'draft',
      tags: i % 2 === 0 ? ['textiles', 'textiles/wool'] : ['textiles', 'textiles/cotton'],
      enterprise: i % 4 === 0 ? 'Kulanovno' : 'Troitsk',
      section: i % 5 === 0 ? 'D' : 'B',
      year: String(1950 + (i % 7)),
    }));
    const tally = (values: string[]): Record<string, number> => values.reduce<Record<string, number>>((c, v) => ({ ...c, [v]: (c[v] ?? 0) + 1 }), {});
    const check = (query: string, kept: (i: number) => boolean): void => {
      const mine = given.filter((g, i) => g !== null && kept(i));
      const { total, facets: f } = facets(t.catalogue.search, query);
      expect(total, query).toBe(mine.length);
      expect(counts(f?.kind ?? []), query).toEqual(tally(mine.map((g) => g.kind)));
      expect(counts(f?.status ?? []), query).toEqual(tally(mine.map((g) => g.status)));
      expect(counts(f?.tag ?? []), query).toEqual(tally(mine.flatMap((g) => g.tags)));
      expect(Object.fromEntries((f?.enterprise ?? []).map((e) => [e.label, e.count])), query).toEqual(tally(mine.map((g) => g.enterprise)));
      expect(counts(f?.section ?? []), query).toEqual(tally(mine.map((g) => g.section)));
      expect(counts(f?.year ?? []), query).toEqual(tally(mine.map((g) => g.year)));
      expect(counts(f?.language ?? []), query).toEqual(tally(mine.map(() => 'en')));
    };
    const cases: [string, (i: number) => boolean][] = [
      ['wool', () => true],
      ['wool -"method 3"', (i) => i !== 3],
      ['wool -cotton', (i) => i % 2 === 0],
      ['wool -wool', () => false],
      ['cotton', (i) => i % 2 === 1],
    ];
    for (const [query, kept] of cases) check(query, kept);
    // Written after the store was built: one entry changed, one deleted, one added.
    const byTitle = new Map((await t.client.call('entries.list', { limit: 100 })).entries.map((e) => [e.title, e.id]));
    await t.client.call('entries.update', { id: byTitle.get('Wool method 0') ?? '', patch: { kind: 'invention', tags: ['mining'], enterprise: 'Norilsk' } });
    await t.client.call('entries.delete', { id: byTitle.get('Wool method 5') ?? '' });
    Object.assign(given[0] ?? {}, { kind: 'invention', tags: ['mining'], enterprise: 'Norilsk' });
    given[5] = null as unknown as (typeof given)[number];
    for (const [query, kept] of cases) check(query, kept);
  });

  it('lets a search without facets be answered between its slices', async () => {
    const order: string[] = [];
    const engine = fresh();
    const store = engine.prepareFacets(2).then(() => order.push('store'));
    // Queued after the build began: answered only if the build gives the event loop a turn.
    const page = new Promise<void>((resolve) =>
      setImmediate(() => {
        engine.search({ query: 'wool', filters: {}, sort: 'relevance', limit: 5, facets: false });
        order.push('page');
        resolve();
      }),
    );
    await Promise.all([store, page]);
    expect(order).toEqual(['page', 'store']);
  });
});

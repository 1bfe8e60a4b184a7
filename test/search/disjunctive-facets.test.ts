import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestOf } from '../../shared/contract/index.js';
import type { SearchFacets } from '../../shared/schemas/search.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();
type Filters = NonNullable<RequestOf<'search.query'>['filters']>;

const KINDS = ['proposal', 'invention', 'method'] as const;
const STATUSES = ['draft', 'accepted', 'implemented'] as const;
const TAGS = [['textiles/wool'], ['textiles/cotton'], ['mining'], ['textiles/wool/fine', 'mining'], []] as const;
const CODES = [['D06C 23/04'], ['B24B 1/00'], ['E21D 15/00'], []] as const;

beforeEach(async () => {
  // 36 entries spread over every facet, all with "cloth" in the body; some say "wool cloth".
  for (let i = 0; i < 36; i += 1) {
    await t.client.call('entries.create', {
      kind: KINDS[i % 3] as (typeof KINDS)[number],
      status: STATUSES[Math.floor(i / 3) % 3],
      language: i % 4 === 0 ? 'ru' : 'en',
      title: `Entry ${i}`,
      body: i % 2 === 0 ? 'Finishing wool cloth by steaming.' : 'Cutting cloth.',
      tags: [...(TAGS[i % 5] ?? [])],
      classification: [...(CODES[i % 4] ?? [])],
      enterprise: i % 3 === 0 ? 'Kulanovno' : i % 3 === 1 ? 'Troitsk' : null,
      createdAt: `${1958 + (i % 4)}-03-01T00:00:00.000Z`,
    });
  }
});

const search = (query: string, filters: Filters, extra: Partial<RequestOf<'search.query'>> = {}) =>
  t.client.call('search.query', { query, filters, limit: 5, ...extra });

/** Each facet, how its values become a filter, and which filter fields it owns. */
const FACETS: { facet: keyof SearchFacets; owns: (keyof Filters)[]; filterFor: (key: string) => Filters }[] = [
  { facet: 'kind', owns: ['kind'], filterFor: (k) => ({ kind: [k as (typeof KINDS)[number]] }) },
  { facet: 'status', owns: ['status'], filterFor: (k) => ({ status: [k as (typeof STATUSES)[number]] }) },
  { facet: 'language', owns: ['language'], filterFor: (k) => ({ language: [k] }) },
  { facet: 'tag', owns: ['tags'], filterFor: (k) => ({ tags: [k] }) },
  { facet: 'enterprise', owns: ['enterprise'], filterFor: (k) => ({ enterprise: k }) },
  { facet: 'year', owns: ['yearFrom', 'yearTo'], filterFor: (k) => ({ yearFrom: Number(k), yearTo: Number(k) }) },
  { facet: 'section', owns: ['classification'], filterFor: (k) => ({ classification: [k] }) },
];

const without = (filters: Filters, owned: readonly (keyof Filters)[]): Filters =>
  Object.fromEntries(Object.entries(filters).filter(([key]) => !owned.includes(key as keyof Filters)));

/**
 * The rule, checked against totals (which obey every filter): a facet value's count is the
 * total of the same search with that facet's own selection replaced by that value alone.
 */
async function expectDisjunctive(query: string, filters: Filters, extra: Partial<RequestOf<'search.query'>> = {}): Promise<void> {
  const result = await search(query, filters, extra);
  const facets = result.facets as SearchFacets;
  const counted = await t.client.call('search.facets', { query, filters });
  expect(counted.total).toBe(result.total);
  expect(counted.facets).toEqual(facets);
  for (const { facet, owns, filterFor } of FACETS) {
    const others = without(filters, owns);
    const all = (await search(query, others, extra)).total;
    let sum = 0;
    for (const value of facets[facet]) {
      const alone = await search(query, { ...others, ...filterFor(value.key) }, extra);
      expect(value.count, `${facet} ${value.key} with ${JSON.stringify(filters)}`).toBe(alone.total);
      sum += value.count;
    }
    // Facets where every entry has exactly one value list them all.
    if (facet === 'kind' || facet === 'status' || facet === 'language' || facet === 'year') expect(sum, facet).toBe(all);
  }
}

describe('disjunctive facets', () => {
  it('counts each facet as if its own selection were absent, so "method or invention" can be chosen', async () => {
    const result = await search('cloth', { kind: ['method'] });
    expect(result.total).toBe(12);
    const kinds = Object.fromEntries((result.facets?.kind ?? []).map((k) => [k.key, k.count]));
    expect(kinds).toEqual({ proposal: 12, invention: 12, method: 12 });
    const both = await search('cloth', { kind: ['method', 'invention'] });
    expect(both.total).toBe(24);
    // The other facets still obey the kind filter.
    expect((both.facets?.status ?? []).reduce((n, s) => n + s.count, 0)).toBe(24);
  });

  it('keeps totals and hits under every filter while each facet drops only its own', async () => {
    const result = await search('cloth', { kind: ['method'], status: ['accepted'] }, { limit: 50 });
    const entries = await Promise.all(result.hits.map((h) => t.client.call('entries.get', { id: h.id })));
    expect(entries.length).toBe(result.total);
    expect(entries.every((e) => e.kind === 'method' && e.status === 'accepted')).toBe(true);
  });

  it('holds on every path: browsing, ranked free text, phrases, other sorts, classification and adoption filters', async () => {
    const filters: Filters = { kind: ['method', 'proposal'], status: ['accepted', 'implemented'], tags: ['textiles'], yearFrom: 1959 };
    await expectDisjunctive('', filters);
    await expectDisjunctive('cloth', filters);
    await expectDisjunctive('"wool cloth"', filters);
    await expectDisjunctive('cloth', filters, { sort: 'newest' });
    await expectDisjunctive('wool', { ...filters, classification: ['D'], language: ['en'] });
    await expectDisjunctive('', { enterprise: 'Troitsk', hasAttachments: false, classification: ['B', 'D06'] });
    for (const hit of (await search('wool', {}, { limit: 9 })).hits) {
      await t.client.call('adoptions.add', { entryId: hit.id, enterprise: 'Troitsk', date: '1960-01-01' });
    }
    await expectDisjunctive('cloth', { adoptedBy: 'Troitsk', kind: ['method'], language: ['ru'] });
    await expectDisjunctive('', { adoptedBy: 'Troitsk', status: ['draft'] });
  });
});

describe('the tag facet as a tree', () => {
  it('lists children under their parents with counts that include the tags below', async () => {
    const { facets } = await search('cloth', {});
    const tags = facets?.tag ?? [];
    expect(tags.map((t) => [t.key, t.count, t.parent, t.depth])).toEqual([
      ['textiles', 22, null, 0],
      ['textiles/wool', 15, 'textiles', 1],
      ['textiles/wool/fine', 7, 'textiles/wool', 2],
      ['textiles/cotton', 7, 'textiles', 1],
      ['mining', 14, null, 0],
    ]);
    // Pre-order: every tag comes after its parent.
    tags.forEach((tag, i) => {
      if (tag.parent !== null) expect(tags.findIndex((p) => p.key === tag.parent)).toBeLessThan(i);
    });
  });
});

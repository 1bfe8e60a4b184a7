import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { bundlePath, emptyCatalogue } from '../exchange/support.js';

const open: TestCatalogue[] = [];
const track = (t: TestCatalogue): TestCatalogue => {
  open.push(t);
  return t;
};
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

async function trustEachOther(a: TestCatalogue, b: TestCatalogue): Promise<void> {
  const ka = await a.client.call('exchange.keys', { enterpriseName: 'Kulanovno Exchange Office' });
  const kb = await b.client.call('exchange.keys', { enterpriseName: 'Troitsk Exchange Office' });
  await b.client.call('exchange.trust', { source: ka.publicKey, enterprise: 'Kulanovno Exchange Office' });
  await a.client.call('exchange.trust', { source: kb.publicKey, enterprise: 'Troitsk Exchange Office' });
}

describe('keep-both variants', () => {
  it('are marked: entries.get names the entry each was kept beside, and search hits carry it', async () => {
    const a = track(emptyCatalogue());
    const b = track(emptyCatalogue());
    await trustEachOther(a, b);
    const entry = await a.client.call('entries.create', { kind: 'method', title: 'Steam decatising of worsted' });
    const first = bundlePath('first.ratio');
    await a.client.call('exchange.export', { out: first });
    await b.client.call('exchange.import', { file: first });
    await a.client.call('entries.update', { id: entry.id, patch: { body: 'theirs' } });
    await b.client.call('entries.update', { id: entry.id, patch: { body: 'ours' } });
    const second = bundlePath('second.ratio');
    await a.client.call('exchange.export', { out: second });
    await b.client.call('exchange.import', { file: second, onConflict: 'keep-both' });

    const local = await b.client.call('entries.get', { id: entry.id });
    expect(local.variantOf).toBeNull();
    expect(local.variants).toHaveLength(1);
    const variantId = local.variants[0]?.id as string;
    const variant = await b.client.call('entries.get', { id: variantId });
    expect(variant.variantOf).toEqual({ id: entry.id, title: 'Steam decatising of worsted' });
    expect(variant.body).toBe('theirs');
    const hits = (await b.client.call('search.query', { query: 'decatising' })).hits;
    expect(Object.fromEntries(hits.map((h) => [h.id, h.variantOf]))).toEqual({ [entry.id]: null, [variantId]: entry.id });
  });
});

describe('a saved search as the export selection', () => {
  it('exports exactly the entries the saved search matches, and estimates the same', async () => {
    const a = track(emptyCatalogue());
    for (const [title, status] of [
      ['Wool steaming', 'accepted'],
      ['Wool pressing', 'draft'],
      ['Coal cutting', 'accepted'],
    ] as const) {
      await a.client.call('entries.create', { kind: 'method', title, status });
    }
    const saved = await a.client.call('savedSearches.create', { name: 'Accepted wool', query: 'wool', filters: { status: ['accepted'] } });
    const estimate = await a.client.call('exchange.estimateExport', { savedSearch: saved.id });
    expect(estimate.entries).toBe(1);
    const written = await a.client.call('exchange.export', { out: bundlePath(), savedSearch: saved.id });
    expect(written).toMatchObject({ entries: 1, selection: 'the entries of a saved search' });
    const b = track(emptyCatalogue());
    await b.client.call('exchange.import', { file: written.file, trust: true });
    expect((await b.client.call('entries.list', {})).entries.map((e) => e.title)).toEqual(['Wool steaming']);
  });
});

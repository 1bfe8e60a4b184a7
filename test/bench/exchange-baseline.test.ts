import { afterEach, describe, expect, it } from 'vitest';
import { exportBundle } from '../../electron/exchange/export-bundle.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';
import { describeSelection } from '../../electron/exchange/selection.js';
import { bundlePath, demoCatalogue, emptyCatalogue } from '../exchange/support.js';
import { dumpCatalogue } from '../support/dump.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { baselineImport } from './exchange-baseline.js';
import { median, perSecond } from './exchange-figures.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

/** Rows of every search table: the postings both writes made, counted. */
function searchRows(t: TestCatalogue): Record<string, number> {
  const db = t.catalogue.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%' ORDER BY name").pluck().all() as string[];
  return Object.fromEntries(tables.map((name) => [name, db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number]));
}

describe('bench:exchange baseline', () => {
  it('writes what an import of the same bundle writes: content, attachments, origins, provenance and postings', async () => {
    const source = await demoCatalogue();
    open.push(source);
    const out = bundlePath();
    await exportBundle(source.catalogue, { out, selection: describeSelection({}) });
    const imported = emptyCatalogue();
    const baseline = emptyCatalogue();
    open.push(imported, baseline);
    const report = await importBundle(imported.catalogue, out, { dryRun: false, onConflict: 'keep-local', trust: true, actor: 'bench' });
    const result = await baselineImport(baseline.catalogue, out, 'bench');

    expect(result.entries).toBe(report.new);
    expect(result.attachments).toBe(report.attachments);
    // The demo has adoptions, links, attachments and concepts: the comparison covers each kind of row.
    const dump = dumpCatalogue(imported.catalogue);
    expect(dump).toContain('"adoptions":[{');
    expect(dump).toContain('"links":[{');
    expect(dumpCatalogue(baseline.catalogue)).toBe(dump);
    const count = (t: TestCatalogue, table: string): unknown => t.catalogue.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    for (const table of ['entry_origins', 'provenance', 'imports', 'blobs', 'concepts', 'revisions']) {
      expect([table, count(baseline, table)]).toEqual([table, count(imported, table)]);
    }
    expect(count(imported, 'concepts')).not.toBe(0);
    const rows = searchRows(imported);
    expect(Object.values(rows).some((n) => n > 0)).toBe(true);
    expect(searchRows(baseline)).toEqual(rows);
    for (const query of ['wool', 'steam', 'fulling']) {
      const ids = async (t: TestCatalogue): Promise<string[]> => (await t.client.call('search.query', { query, limit: 200 })).hits.map((h) => h.id);
      expect(await ids(baseline)).toEqual(await ids(imported));
    }
  });
});

describe('bench:exchange figures', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow();
  });

  it('prints a rate in whole units per second, and none for no time', () => {
    expect(perSecond(10_000, 4)).toBe('2,500');
    expect(perSecond(2000, 3)).toBe('667');
    expect(perSecond(5, 0)).toBe('n/a');
  });
});

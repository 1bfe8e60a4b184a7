import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';

afterEach(cleanupTemp);

function ratio(dir: string, ...args: string[]): Promise<CliRun> {
  return runRatio(dir, ['--catalogue', dir, ...args]);
}

describe('ratio search', () => {
  it('prints {total, hits[{id,title,kind,score,snippet}], facets} with --json, filters applied', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const run = await ratio(cat, 'search', 'ткань', '--kind', 'method', '--limit', '2', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      total: number;
      hits: { id: string; title: string; kind: string; score: number; snippet: string }[];
      facets: Record<string, { key: string; count: number }[]>;
    };
    expect(out.total).toBeGreaterThan(0);
    expect(out.hits.length).toBeLessThanOrEqual(2);
    for (const hit of out.hits) {
      expect(hit).toMatchObject({ id: expect.any(String), title: expect.any(String), kind: 'method', score: expect.any(Number), snippet: expect.any(String) });
    }
    expect(Object.keys(out.facets).sort()).toEqual(['enterprise', 'kind', 'language', 'section', 'status', 'tag', 'year']);
    // Facets are disjunctive: the kind facet counts as if no kind were chosen, so the chosen
    // kind's count is the total and the other kinds stay offered with their own counts.
    expect(out.facets.kind?.find((k) => k.key === 'method')).toEqual({ key: 'method', label: 'method', count: out.total });
    expect(out.facets.kind?.filter((k) => k.key !== 'method').length).toBeGreaterThan(0);

    const human = await ratio(cat, 'search', 'finishing', '--tag', 'textiles', '--status', 'implemented');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/entr(y|ies) match/);
    expect(human.stdout).toMatch(/\[[Ff]inish/);
  });

  it('prints "Did you mean" for a misspelt word, and the suggestion in --json', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const run = await ratio(cat, 'search', 'decatisng', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { total: number; suggestion: { query: string; hits: number } | null };
    expect(out.total).toBeLessThan(3);
    expect(out.suggestion).toMatchObject({ query: 'decatising' });
    expect(out.suggestion?.hits).toBeGreaterThan(out.total);
    const human = await ratio(cat, 'search', 'decatisng');
    expect(human.stdout).toMatch(/^Did you mean: decatising \(\d+ entr(y|ies)\)$/m);
    // A fuzzy word is never expanded through the thesaurus: it finds what the word itself finds alone.
    const fuzzy = await ratio(cat, 'search', 'decatizing~1', '--json');
    const exact = await ratio(cat, 'search', 'decatising', '--no-expand', '--json');
    expect((JSON.parse(fuzzy.stdout) as { total: number }).total).toBe((JSON.parse(exact.stdout) as { total: number }).total);
    expect((JSON.parse(fuzzy.stdout) as { total: number }).total).toBeGreaterThan(out.total);
    expect((JSON.parse((await ratio(cat, 'search', 'decatising', '--json')).stdout) as { suggestion: unknown }).suggestion).toBeNull();
  });

  it('exits 2 with one sentence on stderr for a bad query', async () => {
    const cat = path.join(tempDir(), 'cat');
    await ratio(cat, 'init');
    const run = await ratio(cat, 'search', '"thick cloth', '--json');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^ratio: .*quote.*\.\n$/);
    expect((await ratio(cat, 'search', 'colour:red')).code).toBe(2);
  });

  it('answers a pasted text of more than 2,000 words with results and a note, exit 0', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const text = `${'Our cloth comes out of the finishing shop with an uneven nap and it shrinks after steaming; '.repeat(130)}decatising`;
    const run = await ratio(cat, 'search', text, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { total: number; condensed: { words: number; wordsLeftOut: number } | null };
    expect(out.total).toBeGreaterThan(0);
    expect(out.condensed).toMatchObject({ words: 130 * 17 + 1, wordsLeftOut: 130 * 17 + 1 - 2000 });
    const human = await ratio(cat, 'search', text);
    expect(human.stdout.split('\n')[0]).toBe(`A long query (${130 * 17 + 1} words): the ${130 * 17 + 1 - 2000} words after the first 2000 were left out.`);
  });

  it('re-indexes on demand', async () => {
    const cat = path.join(tempDir(), 'cat');
    await ratio(cat, 'demo');
    const run = await ratio(cat, 'reindex', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ entries: expect.any(Number), version: expect.any(Number) });
  });
});

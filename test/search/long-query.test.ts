import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CLAUSES, MAX_QUERY_WORDS } from '../../electron/search/long-query.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

/** Words common to every entry below, so they say little about which entry is meant. */
const COMMON = 'method factory machine process workers output quality shift production improved'.split(' ');

async function catalogue(): Promise<{ press: string; coal: string; loom: string }> {
  const press = await addEntry(t, {
    title: 'Steam press for thick woollen cloth',
    body: `${COMMON.join(' ')}. The cloth passes twice under a heated steam press; decatising sets the nap and shrinkage falls.`,
  });
  const coal = await addEntry(t, {
    title: 'Methane drainage ahead of the coal face',
    body: `${COMMON.join(' ')}. Boreholes drain methane from the seam before cutting; the coal face stays below the gas limit.`,
  });
  const loom = await addEntry(t, {
    title: 'Automatic weft stop on the loom',
    body: `${COMMON.join(' ')}. A feeler stops the loom when the weft breaks, so no faulty cloth is woven.`,
  });
  for (let i = 0; i < 12; i += 1) await addEntry(t, { title: `Note ${i} on the ${COMMON[i % COMMON.length] as string}`, body: COMMON.join(' ') });
  return { press, coal, loom };
}

/** A pasted problem description: `n` words, mostly the catalogue's common words and prose. */
function pasted(n: number, subject: string): string {
  const filler = [...COMMON, 'the', 'of', 'and', 'a', 'we', 'have', 'in', 'our', 'with', 'is'];
  const words: string[] = [];
  for (let i = 0; words.length < n; i += 1) {
    words.push(filler[i % filler.length] as string);
    if (i % 97 === 50) words.push(...subject.split(' '));
  }
  return words.slice(0, n).join(' ');
}

describe('long and pasted queries', () => {
  it('ranks a 1,500-word pasted description instead of refusing it, by its most informative terms', async () => {
    const { coal } = await catalogue();
    const query = pasted(1500, 'methane drainage boreholes seam');
    const result = await t.client.call('search.query', { query, limit: 5 });
    expect(result.hits[0]?.id).toBe(coal);
    // Stop words and repeats come to a few distinct terms: nothing had to be left out.
    expect(result.condensed).toBeNull();
  });

  it('keeps the rarest terms, not the first ones, when there are more than it ranks by', async () => {
    const { loom } = await catalogue();
    // Distinct words the catalogue mostly lacks, then the one word that names the subject, last.
    const noise = Array.from(
      { length: MAX_QUERY_CLAUSES + 40 },
      (_, i) => `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`,
    );
    const query = `${COMMON.join(' ')} ${noise.join(' ')} weft`;
    const result = await t.client.call('search.query', { query, limit: 5 });
    expect(result.hits[0]?.id).toBe(loom);
    expect(result.condensed).toMatchObject({ wordsLeftOut: 0, termsKept: MAX_QUERY_CLAUSES });
    expect(result.condensed?.terms).toBeGreaterThan(MAX_QUERY_CLAUSES);
  });

  it('keeps its operators: a required field and an excluded word inside a long text still decide', async () => {
    const { press, loom } = await catalogue();
    const query = `${pasted(600, 'cloth woven nap')} +title:cloth -loom`;
    const result = await t.client.call('search.query', { query, limit: 20 });
    expect(result.hits.map((h) => h.id)).toEqual([press]);
    expect(result.hits.map((h) => h.id)).not.toContain(loom);
  });

  it('reads the first 2,000 words of a longer paste and says how many were left out, without an error', async () => {
    const { press } = await catalogue();
    const query = `${pasted(MAX_QUERY_WORDS - 5, 'steam press decatising')} ${'unread '.repeat(700)}`;
    expect(query.length).toBeGreaterThan(1000);
    const result = await t.client.call('search.query', { query, limit: 3 });
    expect(result.hits[0]?.id).toBe(press);
    expect(result.condensed).toMatchObject({ words: MAX_QUERY_WORDS - 5 + 700, wordsLeftOut: 700 - 5 });
    const counted = await t.client.call('search.facets', { query });
    expect(counted.total).toBe((await t.client.call('search.query', { query, limit: 200 })).total);
  });

  it('cuts a text longer than the request allows instead of refusing it', async () => {
    await catalogue();
    const result = await t.client.call('search.query', { query: 'decatising '.repeat(20_000), limit: 3 });
    expect(result.hits).toHaveLength(1);
    expect(result.condensed?.wordsLeftOut).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { readerText } from '../../electron/search/snippets.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const BODY = [
  '# Trial results',
  '',
  'The **steam** pressure was *raised* in [two steps](https://example.org/steps).',
  '',
  '| Indicator | Before | After |',
  '|---|:---:|---:|',
  '| Shrinkage of worsted | 3.5 % | 1.6 % |',
  '| Returns | 4.1 % | 2.3 % |',
  '',
  '***',
  '',
  '- [x] first shift',
  '- second shift with `decatising` drum',
  '1. Check the [gauge][g].',
  '',
  '[g]: https://example.org/gauge',
].join('\n');

describe('snippets as a reader sees the text', () => {
  it('reduces tables, headings, list markers, emphasis and link syntax to words', () => {
    const text = readerText(BODY);
    for (const markup of ['|', '---', '#', '**', '](', '[x]', '`', '***', '[g]', 'https://']) expect(text).not.toContain(markup);
    expect(text).toContain('Indicator · Before · After');
    expect(text).toContain('Shrinkage of worsted · 3.5 % · 1.6 %');
    expect(text).toContain('The steam pressure was raised in two steps.');
    expect(text).toContain('Check the gauge.');
  });

  it('cuts hits’ snippets from that text, with highlights on the words found', async () => {
    const id = await addEntry(t, { title: 'Decatising trial', summary: '', body: BODY });
    const summaryId = await addEntry(t, { title: 'Second trial', summary: '## Shrinkage\n\n| Worsted | **less** |\n|--|--|', body: '' });
    for (const [query, expected] of [
      ['worsted', id],
      ['shrinkage', summaryId],
    ] as const) {
      const hits = (await t.client.call('search.query', { query })).hits;
      const hit = hits.find((h) => h.id === expected);
      expect(hit, query).toBeDefined();
      const snippet = hit?.snippet ?? '';
      for (const markup of ['|', '--', '#', '**']) expect(snippet, query).not.toContain(markup);
      expect(hit?.highlights.length).toBeGreaterThan(0);
      for (const [start, end] of hit?.highlights ?? []) expect(snippet.slice(start, end).toLowerCase()).toMatch(new RegExp(`^${query}`));
    }
  });

  it('leaves plain text and ordinary punctuation alone', () => {
    expect(readerText('Speed rose from 12 to 15 m/min - a third more.')).toBe('Speed rose from 12 to 15 m/min - a third more.');
    expect(readerText('A | B')).toBe('A | B');
  });
});

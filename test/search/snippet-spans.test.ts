import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SearchColumn } from '../../electron/search/fields.js';
import { forEachTerm, otherReadingsOf } from '../../electron/search/pipeline.js';
import type { TermMatcher } from '../../electron/search/query-compiler.js';
import { matchedSpans, type Span } from '../../electron/search/snippets.js';

/** The spans asked of each matcher in turn, as a query of one clause would highlight them, and joined as matchedSpans joins them. */
function oneByOne(text: string, column: SearchColumn, matchers: readonly TermMatcher[]): Span[] {
  const holds = (term: string): boolean =>
    matchers.some((m) => (m.column === null || m.column === column) && (m.exact.has(term) || m.prefixes.some((p) => term.startsWith(p))));
  const spans: Span[] = [];
  forEachTerm(text, (term, start, end) => {
    if (!holds(term) && !otherReadingsOf(text.slice(start, end)).some(holds)) return;
    const last = spans.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  });
  return spans;
}

const WORDS = ['wool', 'woollen', 'felt', 'felting', 'loom', 'steam', 'стали', 'сталь', 'ткани', 'ткань', 'the', 'of', '呢绒', '整理', 'finishing'];
const TERMS = ['wool', 'woollen', 'felt', 'loom', 'steam', 'сталь', 'стать', 'ткан', 'ткань', 'finish', '呢绒', '整理', 'missing'];
const COLUMNS: SearchColumn[] = ['title', 'summary', 'body', 'tags'];

describe('highlighted spans', () => {
  it('are the same for a query of many clauses as for its clauses asked one by one, in every field', () => {
    const matcher = fc.record({
      exact: fc.uniqueArray(fc.constantFrom(...TERMS), { maxLength: 3 }).map((t) => new Set(t)),
      prefixes: fc.uniqueArray(fc.constantFrom('wo', 'fel', 'тк', 'st'), { maxLength: 1 }),
      column: fc.constantFrom<SearchColumn | null>(null, null, 'title', 'body'),
    });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { maxLength: 40 }).map((w) => w.join(' ')),
        fc.array(matcher, { minLength: 1, maxLength: 70 }),
        (text, matchers) => {
          for (const column of COLUMNS) expect(matchedSpans(text, column, matchers)).toEqual(oneByOne(text, column, matchers));
        },
      ),
      { numRuns: 200 },
    );
  });
});

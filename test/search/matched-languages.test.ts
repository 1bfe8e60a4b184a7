import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchedLanguages, type ConceptGroup } from '../../electron/search/concept-expansion.js';
import type { SearchColumn } from '../../electron/search/fields.js';
import type { TermMatcher } from '../../electron/search/query-compiler.js';
import { queryWordGroups } from '../../electron/search/query-words.js';
import { matchedSpans } from '../../electron/search/snippets.js';

/** Labels in three languages (and one whose first letter folds to two characters), as a concept group holds them. */
const LABELS: { lang: string; text: string }[] = [
  { lang: 'en', text: 'wool' },
  { lang: 'en', text: 'woollen cloth' },
  { lang: 'en', text: 'felting' },
  { lang: 'ru', text: 'сталь' },
  { lang: 'ru', text: 'ткань шерстяная' },
  { lang: 'zh', text: '呢绒' },
  { lang: 'zh', text: '呢绒整理' },
  { lang: 'tr', text: 'İnce yün' },
];
const WORDS = [
  'wool',
  'woollens',
  'cloth',
  'felted',
  'the',
  'стали',
  'ткани',
  'шерстяная',
  'шерсть',
  '呢绒',
  '整理',
  '呢绒整理机',
  'İnce',
  'ince',
  'yün',
  'of',
];

const groupOf = (labels: readonly { lang: string; text: string }[]): ConceptGroup => ({
  conceptId: 'c',
  clauses: [0],
  replaces: true,
  codes: [],
  alternatives: labels.map((l) => ({ lang: l.lang, text: l.text, scale: 1, parts: queryWordGroups(l.text).flatMap((g) => g.parts) })),
});

describe('"matched via" languages', () => {
  it('are the same decided from the label terms the snippets found as from the whole texts analysed', () => {
    const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.tuple(text, text, text), fc.uniqueArray(fc.constantFrom(...LABELS), { minLength: 1 }), (texts, labels) => {
        const groups = [groupOf(labels)];
        const matcher: TermMatcher = { exact: new Set(groups[0]?.alternatives.flatMap((a) => a.parts.flat())), prefixes: [], column: null };
        const present = new Set<string>();
        const columns: SearchColumn[] = ['title', 'summary', 'body'];
        texts.forEach((t, i) => matchedSpans(t, columns[i] as SearchColumn, [matcher], present));
        expect(matchedLanguages(texts, groups, present)).toEqual(matchedLanguages(texts, groups));
      }),
      { numRuns: 400 },
    );
  });

  it('a label of several words is held only as a phrase, though its words all occur', () => {
    const groups = [groupOf([{ lang: 'en', text: 'woollen cloth' }])];
    const matcher: TermMatcher = { exact: new Set(groups[0]?.alternatives.flatMap((a) => a.parts.flat())), prefixes: [], column: null };
    for (const [text, held] of [
      ['cloth of woollens', []],
      ['the woollen cloth', ['en']],
    ] as const) {
      const present = new Set<string>();
      matchedSpans(text, 'body', [matcher], present);
      expect(present.size).toBe(2);
      expect(matchedLanguages(['', '', text], groups, present)).toEqual(held);
    }
  });

  it('highlights a word whose first letter folds to two characters (İ)', () => {
    const groups = [groupOf([{ lang: 'tr', text: 'İnce' }])];
    const matcher: TermMatcher = { exact: new Set(groups[0]?.alternatives.flatMap((a) => a.parts.flat())), prefixes: [], column: null };
    expect(matchedSpans('Çok İnce', 'title', [matcher])).toEqual([[4, 8]]);
  });
});

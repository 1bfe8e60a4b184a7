import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTerms, forEachTerm, forEachWord } from '../../electron/search/pipeline.js';
import type { TermMatcher } from '../../electron/search/query-compiler.js';
import { hasMatch, matchedSpans } from '../../electron/search/snippets.js';

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

function scanned(text: string): [string, number][] {
  const out: [string, number][] = [];
  forEachWord(text, (word, start) => out.push([word, start]));
  return out;
}

function matched(text: string): [string, number][] {
  return [...text.matchAll(WORD)].map((m) => [m[0], m.index]);
}

// Characters that sit on the edges the scanner decides: marks, digits of other scripts,
// astral letters and symbols, lone surrogates, punctuation next to letters.
const tricky = fc.constantFrom(
  'a',
  'Z',
  '9',
  ' ',
  '-',
  '/',
  "'",
  'ё',
  'Ё',
  'ж',
  '細',
  '绒',
  '\u0301',
  '\u0483',
  '\u0482',
  '٣',
  '𝔘',
  '𠀀',
  '😀',
  '\ud800',
  '\udc00',
  '\u00a0',
  '\u200b',
  'ß',
  'ǅ',
  '\t',
  '\n',
  '_',
);
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 40 }),
);

describe('word scanner', () => {
  it('finds exactly the words and offsets the regular expression finds', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(scanned(t)).toEqual(matched(t));
      }),
      { numRuns: 5000 },
    );
  });

  it('splits letters from surrounding punctuation and keeps marks and astral letters inside words', () => {
    expect(scanned('fold-over (Ткани́) 𝔘nit 😀x 細绒')).toEqual([
      ['fold', 0],
      ['over', 5],
      ['Ткани́', 11],
      ['𝔘nit', 19],
      ['x', 27],
      ['細绒', 29],
    ]);
    expect(analyseTerms('Finished, ТКАНЕЙ!')).toEqual(['finish', 'ткань']);
  });

  it('stops where the visitor says so, in words and in terms (Chinese runs too)', () => {
    const words: string[] = [];
    forEachWord('one two three four', (word) => words.push(word) === 2);
    expect(words).toEqual(['one', 'two']);
    const terms: string[] = [];
    forEachTerm('Wool 細绒布 cloth', (term) => {
      terms.push(term);
      return term === '細绒';
    });
    expect(terms).toEqual(['wool', '細', '細绒']);
  });

  it('tells whether a text matches exactly when it has a matched span', () => {
    const matchers: TermMatcher[] = [
      { exact: new Set(['ткань', 'woad']), prefixes: ['fel'], column: null },
      { exact: new Set(['secret']), prefixes: [], column: 'title' },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Ткани', 'тканей', 'woad', 'Woads', 'felt', 'secret', 'cloth', 'и', '細绒', ' ', ', '), { maxLength: 12 }),
        (parts) => {
          const t = parts.join(' ');
          expect(hasMatch(t, 'body', matchers)).toBe(matchedSpans(t, 'body', matchers).length > 0);
        },
      ),
      { numRuns: 300 },
    );
    expect(hasMatch('a secret', 'body', matchers)).toBe(false);
    expect(hasMatch('a secret', 'title', matchers)).toBe(true);
  });
});

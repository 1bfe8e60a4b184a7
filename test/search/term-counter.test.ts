import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseTerms, forEachWord, forEachWordAdmitted, normaliseWord } from '../../electron/search/pipeline.js';
import { TermCounter } from '../../electron/search/term-counter.js';

/** Occurrences of each of `terms` in `text` by full analysis: what the index holds. */
function analysed(text: string, terms: readonly string[]): number[] {
  const all = analyseTerms(text);
  return terms.map((term) => all.filter((t) => t === term).length);
}

function counted(text: string, terms: readonly string[]): number[] {
  const counter = new TermCounter(terms);
  const counts = new Float64Array(counter.terms.length);
  counter.count(text, 1, counts);
  return terms.map((term) => counts[counter.terms.indexOf(term)] ?? 0);
}

const words = fc.constantFrom(
  'Finishing',
  'finished',
  'cloth',
  'CLOTHS',
  'happy',
  'happiness',
  'say',
  'rating',
  'rated',
  'flies',
  'dying',
  'ies',
  'aed',
  'sensibility',
  'ткани',
  'Тканей',
  'ёлка',
  'Ёлки',
  'ель',
  'уха',
  'ум',
  'Σοφία',
  'ΑΣ',
  'İstanbul',
  'straße',
  '細绒',
  '库兰夫诺细绒工厂',
  'abc中文',
  '23/04',
  "o'brien",
);
const separators = fc.constantFrom(' ', ', ', '-', '\n', '. ', '—', '');
const text = fc.array(fc.tuple(words, separators), { maxLength: 30 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
const letters = (alphabet: string): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

describe('forEachWordAdmitted', () => {
  it('finds exactly the words forEachWord finds when it admits every word', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (t) => {
        const all: string[] = [];
        forEachWord(t, (word) => all.push(word));
        const admitted: string[] = [];
        forEachWordAdmitted(
          t,
          () => true,
          (start, end) => admitted.push(t.slice(start, end)),
        );
        expect(admitted).toEqual(all);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('TermCounter', () => {
  it('counts the index terms of a text exactly as full analysis does, in English, Russian and Chinese', () => {
    fc.assert(
      fc.property(text, fc.array(fc.nat(40)), (t, picks) => {
        const own = [...new Set(analyseTerms(t))];
        // Terms of the text itself, and some it cannot contain.
        const terms = [...new Set([...picks.map((i) => own[i % Math.max(1, own.length)]).filter((x): x is string => x !== undefined), 'absent', 'т', '绒'])];
        expect(counted(t, terms)).toEqual(analysed(t, terms));
      }),
      { numRuns: 1000 },
    );
  });

  it('never passes over a word whose stem it looks for (the stemmers keep the first characters)', () => {
    const latin = letters('abcdefghijklmnopqrstuvwxyzaeiouyeiAEIOUYS');
    const latinWithEndings = fc
      .tuple(latin, fc.constantFrom('', 'ing', 'ed', 'ies', 'y', 'ation', 'ational', 'izing', 'ating', 'bling', 'ness', 'ly', 'es', 's', 'biliti'))
      .map(([stem, ending]) => stem + ending);
    const cyrillic = letters('абвгдеёжзийклмнопрстуфхцчшщъыьэюяАЕЁИОУЯаеиоуыяюьнн');
    fc.assert(
      fc.property(fc.oneof(latinWithEndings, cyrillic), (word) => {
        const term = normaliseWord(word);
        if (term === null) return;
        expect(counted(`— ${word}, —`, [term])).toEqual([1]);
      }),
      { numRuns: 20000 },
    );
  });

  it('adds the weight it is given per occurrence', () => {
    const counter = new TermCounter(['cloth', 'ткань', 'уголь']);
    const counts = new Float64Array(3);
    counter.count('Cloth, cloths and more CLOTH', 6, counts);
    counter.count('Ткани и тканей', 2, counts);
    // A lemma keeps only its word's first letter: угля and углём count towards уголь.
    counter.count('Угля, углём и уголь', 1, counts);
    expect([...counts]).toEqual([18, 4, 3]);
  });
});

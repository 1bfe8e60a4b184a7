import { forEachHanTerm } from './chinese-words.js';
import { analyse, foldCase, forEachWordAdmitted, isStopChar, normaliseWord } from './pipeline.js';

/** Han characters start at U+2E80 (as do surrogates): a word with any unit from here on is always analysed. */
const ANALYSE_ALWAYS_FROM = 0x2e80;
const HAN = /\p{Script=Han}/u;
const ALL_HAN = /^\p{Script=Han}+$/u;

/** Each code unit case-folded as the pipeline folds words (to its first unit), filled in as units are first met (0: not yet). */
const folded = new Uint16Array(0x10000);

function fold(code: number): number {
  let unit = folded[code] as number;
  if (unit === 0) {
    unit = foldCase(String.fromCharCode(code)).charCodeAt(0);
    folded[code] = unit;
  }
  return unit;
}

/** ASCII and basic Cyrillic: scripts whose letters fold one by one exactly as whole words do. */
function foldsAlone(code: number): boolean {
  return code < 0x80 || (code >= 0x400 && code < 0x500);
}

/** Basic Cyrillic: a Russian lemma keeps only its word's first letter (угля: уголь, льда: лед). */
function isCyrillic(code: number): boolean {
  return code >= 0x400 && code < 0x500;
}

/** Where the first two or three units of a term are marked: different ones may share a mark (a word is then merely analysed). */
const mark2 = (a: number, b: number): number => (a * 31 + b) & 0xffff;
const mark3 = (a: number, b: number, c: number): number => (a * 961 + b * 31 + c) & 0xffff;

/** The third character of a word a stem's third character may come from: Porter turns a final y to i, and restores an e after at, bl and iz ("rating": "rate"). */
const THIRD_FROM: ReadonlyMap<string, readonly string[]> = new Map([
  ['i', ['i', 'y']],
  ['e', ['e', 'i']],
]);

/** Slots of the table of words met; a power of two, and when it fills it starts afresh. */
const SLOTS = 4096;
const MOST_WORDS = SLOTS / 2;

/**
 * Counts a few chosen index terms in original texts, through the same pipeline as the index,
 * so the counts are the index's. Re-ranking scans dozens of long texts per search for about
 * ten terms, so most words are passed over before a string is even made: the stemmers
 * (Porter for English, Snowball for Russian) only rewrite endings, so a stem keeps the
 * first characters of every word it comes from — one, two, or three of them when it is that
 * long, but for the third character's two rewrites in THIRD_FROM (term-counter.test.ts
 * checks this on random words). A Russian word's lemma keeps only its first letter (угля:
 * уголь), so Cyrillic words are judged by that alone. Words whose first three characters are outside ASCII and
 * Cyrillic are judged by the first alone, and words with Chinese characters are always analysed. A word that passes is looked up,
 * by its characters in place, among the words already met, and analysed only when new.
 */
export class TermCounter {
  /** The terms, each at its index in the counts count() adds to. */
  readonly terms: readonly string[];
  private readonly indexOf = new Map<string, number>();
  /** Marks by code unit: 1 a term starts with it, 2 a one-character term is it. */
  private readonly firsts = new Uint8Array(0x10000);
  /** Two-character terms by mark2, and longer terms' first three characters by mark3. */
  private readonly pairs = new Uint8Array(0x10000);
  private readonly triples = new Uint8Array(0x10000);
  /** Words met (open addressing by a hash of their units) and what each counts towards: a term's index, or -1. */
  private readonly words: (string | undefined)[] = new Array<string | undefined>(SLOTS);
  private readonly targets = new Int32Array(SLOTS);
  private met = 0;
  /** Whether a term is a Chinese dictionary word (3+ characters): only then does a Chinese run need the dictionary. */
  private readonly hanWords: boolean;
  private readonly countHan = (term: string, start: number): void => {
    const i = this.indexOf.get(term);
    if (i === undefined) return;
    this.position = this.hanBase + start;
    this.add(i);
  };
  private readonly admit = (first: number, second: number, third: number, highest: number): boolean => {
    if (highest >= ANALYSE_ALWAYS_FROM) return true;
    const a = fold(first);
    const mark = this.firsts[a] as number;
    if (mark === 0) return false;
    if (mark === 2 || second === 0 || isCyrillic(first) || !foldsAlone(first) || !foldsAlone(second) || (third !== 0 && !foldsAlone(third))) return true;
    const b = fold(second);
    // A stem is never longer than its word: a two-unit word can only be a two-unit term.
    if (this.pairs[mark2(a, b)] === 1) return true;
    return third !== 0 && this.triples[mark3(a, b, fold(third))] === 1;
  };

  constructor(terms: Iterable<string>) {
    this.terms = [...new Set(terms)];
    this.hanWords = this.terms.some((term) => term.length >= 3 && HAN.test(term));
    this.terms.forEach((term, i) => {
      this.indexOf.set(term, i);
      if (term.length === 0) return;
      const a = fold(term.charCodeAt(0));
      if (term.length === 1) {
        this.firsts[a] = 2;
        return;
      }
      if (this.firsts[a] === 0) this.firsts[a] = 1;
      const b = fold(term.charCodeAt(1));
      if (term.length === 2) {
        this.pairs[mark2(a, b)] = 1;
        return;
      }
      const third = term.charAt(2);
      for (const c of THIRD_FROM.get(third) ?? [third]) this.triples[mark3(a, b, fold(c.charCodeAt(0)))] = 1;
    });
  }

  /** What the scan in progress reads and adds to (one function for every scan rather than a closure each). */
  private text = '';
  private weight = 0;
  private counts: Float64Array = new Float64Array(0);
  /** In an occurrence scan, what is told of each occurrence, and the position of the word being read. */
  private found: ((term: number, position: number) => void) | null = null;
  private position = 0;
  /**
   * Chinese is written without spaces, so a run of Chinese characters is one word of the
   * scan: each of its characters takes a position of its own, and the words after it move on
   * by as many positions less one.
   */
  private shift = 0;
  private hanBase = 0;
  private readonly visit = (start: number, end: number, ordinal: number): void => {
    this.position = ordinal + this.shift;
    const target = this.targetOf(this.text, start, end);
    if (target >= 0) this.add(target);
  };

  private add(target: number): void {
    if (this.found !== null) this.found(target, this.position);
    else this.counts[target] = (this.counts[target] as number) + this.weight;
  }

  /** Adds `weight` to `counts[i]` for each occurrence of `terms[i]` in `text`. */
  count(text: string, weight: number, counts: Float64Array): void {
    if (this.terms.length === 0 || text.length === 0) return;
    this.text = text;
    this.weight = weight;
    this.counts = counts;
    forEachWordAdmitted(text, this.admit, this.visit);
    this.text = '';
  }

  /**
   * Calls `found` with the index of the term and the word's position (words of the text,
   * stop words included, counted from `from`) for each occurrence of a term in `text`, in
   * order; a run of Chinese characters takes one position per character, its characters and
   * bigrams told in order and its dictionary words after them. Returns the position after
   * the text's last word.
   */
  occurrences(text: string, from: number, found: (term: number, position: number) => void): number {
    if (this.terms.length === 0 || text.length === 0) return from;
    this.text = text;
    this.found = (term, position) => found(term, from + position);
    this.shift = 0;
    try {
      return from + forEachWordAdmitted(text, this.admit, this.visit) + this.shift;
    } finally {
      this.found = null;
      this.text = '';
    }
  }

  /** The index of the term the word at [start, end) is, or -1; a word of several terms (Chinese) is counted here and gives -1. */
  private targetOf(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    let high = false;
    for (let i = start; i < end; i += 1) {
      const code = text.charCodeAt(i);
      if (code >= ANALYSE_ALWAYS_FROM) high = true;
      hash = Math.imul(hash ^ code, 0x01000193);
    }
    if (high) {
      const word = text.slice(start, end);
      // A word all of Chinese characters (most): its characters and bigrams, and its dictionary words only when one is counted.
      if (ALL_HAN.test(word)) {
        this.hanBase = this.position;
        forEachHanTerm(word, isStopChar, this.countHan, this.hanWords);
        this.shift += word.length - 1;
        return -1;
      }
      for (const token of analyse(word)) {
        const i = this.indexOf.get(token.term);
        if (i !== undefined) this.add(i);
      }
      return -1;
    }
    const length = end - start;
    let slot = hash & (SLOTS - 1);
    for (let word = this.words[slot]; word !== undefined; word = this.words[slot]) {
      if (word.length === length && sameUnits(word, text, start)) return this.targets[slot] as number;
      slot = (slot + 1) & (SLOTS - 1);
    }
    const word = text.slice(start, end);
    const term = normaliseWord(word);
    const target = term === null ? -1 : (this.indexOf.get(term) ?? -1);
    if (this.met >= MOST_WORDS) {
      this.words.fill(undefined);
      this.met = 0;
      slot = hash & (SLOTS - 1);
    }
    this.words[slot] = word;
    this.targets[slot] = target;
    this.met += 1;
    return target;
  }
}

function sameUnits(word: string, text: string, start: number): boolean {
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

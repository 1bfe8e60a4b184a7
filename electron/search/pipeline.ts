import { forEachHanTerm, hanQueryGroups } from './chinese-words.js';
import { chinesePipeline, englishPipeline, russianPipeline } from './lunr-languages.js';
import { russianReadings } from './russian-lemmas.js';

/**
 * Bump whenever what the pipeline produces for a given text changes (a stemmer, stop words,
 * segmentation, which fields are indexed, which impact tokens an entry has): catalogues indexed
 * with another version re-index once. 2: impact tokens for 3- and 4-character prefixes and for
 * terms in one field. 3: Russian words as dictionary lemmas (russian-lemmas.ts), their other
 * readings appended to the field. 4: Chinese words by jieba's dictionary (chinese-words.ts)
 * instead of Intl.Segmenter's. 5: the surface vocabulary (search_words, word-store.ts) is filled with the postings.
 * 6: search_index without prefix indexes (migration 16), so every posting is written again.
 */
export const PIPELINE_VERSION = 6;

/** A normalised term and where it came from in the original text. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

/** A word of a query after the pipeline: every part must match; a part of several terms is a phrase. */
export type QueryWordParts = string[][];

const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;
const RUNS = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const HAN = /\p{Script=Han}/u;

/**
 * Whether each UTF-16 code unit outside the surrogates is a letter, digit or mark (1) or not
 * (2), filled in as characters are first met: the words of every text indexed or cut into a
 * snippet are found by a loop over char codes, several times faster than the regular
 * expression it stands for.
 */
const wordUnit = new Uint8Array(0x10000);
const astralWord = new Map<number, boolean>();

function isWordUnit(code: number): boolean {
  let known = wordUnit[code] as number;
  if (known === 0) {
    known = WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 2;
    wordUnit[code] = known;
  }
  return known === 1;
}

/** Length in code units of the word character at `i` (1 or 2), or 0 when it is not one. */
function wordCharAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdfff) return isWordUnit(code) ? 1 : 0;
  const point = text.codePointAt(i) as number;
  // A lone surrogate is a code point of its own and never a letter, digit or mark.
  if (point <= 0xffff) return 0;
  let known = astralWord.get(point);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(point));
    astralWord.set(point, known);
  }
  return known ? 2 : 0;
}

/**
 * Calls `visit` with every run of letters, digits and marks in `text` (what WORD matches) and
 * where it starts; `visit` returning true stops the scan there.
 */
export function forEachWord(text: string, visit: (word: string, start: number) => unknown): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const first = wordCharAt(text, i);
    if (first === 0) {
      i += 1;
      continue;
    }
    const start = i;
    i += first;
    for (let step = i < length ? wordCharAt(text, i) : 0; step > 0; step = i < length ? wordCharAt(text, i) : 0) i += step;
    if (visit(text.slice(start, i), start) === true) return;
  }
}

// ASCII, most of most texts, is decided up front, so a scan can read wordUnit for it without a call.
for (let code = 0; code < 0x80; code += 1) isWordUnit(code);

/**
 * The words forEachWord finds, but only those `admit` lets through, judged from the word's
 * first three code units (0 past its end) and its highest unit; `visit` gets where the word
 * starts and ends and how many words (admitted or not) came before it. A scan for a few
 * terms through long texts (re-ranking) passes most words by without making a string of any.
 * Returns how many words the text has.
 */
export function forEachWordAdmitted(
  text: string,
  admit: (first: number, second: number, third: number, highest: number) => boolean,
  visit: (start: number, end: number, ordinal: number) => void,
): number {
  const length = text.length;
  let i = 0;
  let ordinal = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const first = code < 0x80 ? (wordUnit[code] === 1 ? 1 : 0) : wordCharAt(text, i);
    if (first === 0) {
      i += 1;
      continue;
    }
    const start = i;
    let highest = code;
    i += first;
    while (i < length) {
      const next = text.charCodeAt(i);
      if (next < 0x80) {
        if (wordUnit[next] !== 1) break;
        i += 1;
        continue;
      }
      const step = wordCharAt(text, i);
      if (step === 0) break;
      if (next > highest) highest = next;
      i += step;
    }
    const units = i - start;
    if (admit(code, units > 1 ? text.charCodeAt(start + 1) : 0, units > 2 ? text.charCodeAt(start + 2) : 0, highest)) visit(start, i, ordinal);
    ordinal += 1;
  }
  return ordinal;
}

/**
 * Normalisation of one alphabetic run is pure and the vocabulary of a catalogue is small
 * next to its text, so results are memoised; the cache is dropped when it grows too big.
 */
const normalised = new Map<string, string | null>();
const CACHE_LIMIT = 500_000;
/** A Russian word's readings other than its term (стойки: стойкий beside стойка), for the words that have any; cleared with `normalised`. */
const otherReadings = new Map<string, readonly string[]>();

/** Lower case, ё→е, then by script the Russian stop words and lemmas (russian-lemmas.ts) or the English stop words and stemmer. */
export function normaliseWord(word: string): string | null {
  const cached = normalised.get(word);
  if (cached !== undefined) return cached;
  const lower = foldCase(word);
  let result: string | null;
  let others: readonly string[] = [];
  if (CYRILLIC.test(lower)) {
    const readings = russianPipeline.isStopWord(lower) ? null : russianReadings(lower);
    result = readings === null ? null : readings.term;
    others = readings === null ? [] : readings.others;
  } else {
    result = englishPipeline.isStopWord(lower) ? null : englishPipeline.stem(lower);
  }
  if (normalised.size >= CACHE_LIMIT) {
    normalised.clear();
    otherReadings.clear();
  }
  normalised.set(word, result);
  if (others.length > 0) otherReadings.set(word, others);
  return result;
}

/** Case folding used by the index, wildcards and fuzzy terms alike: lower case and ё = е. */
export function foldCase(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

/**
 * Chinese has no spaces: every bigram and every single character (so one-character and
 * two-character queries always match, and a word the dictionary lacks still matches by its
 * bigrams), and the dictionary words of three characters or more (chinese-words.ts); shorter
 * words are already there as a bigram or a character. Words go after the run's characters
 * and bigrams: a word's own term (3+ characters) never equals a bigram or a character, so the
 * kinds cannot collide, and no query asks for Chinese terms to be adjacent (a query word is
 * matched by its bigrams in any order), so where a word sits in the stream changes nothing
 * but the pairs of impacts.ts, which no Chinese query reads.
 */
function hanTokens(run: string, offset: number, out: Token[]): void {
  forEachHanTerm(run, isStopChar, (term, start) => out.push({ term, start: offset + start, end: offset + start + term.length }));
}

/**
 * Calls `visit` with every index term of a text, in order, and its span in the original
 * text, without allocating a token per word: snippets scan whole bodies for the few words
 * a query matched. `visit` returning true stops the scan (a test for any match needs no more).
 */
export function forEachTerm(text: string, visit: (term: string, start: number, end: number) => unknown, firstChars?: ReadonlySet<string>): void {
  forEachWord(text, (surface, wordStart) => {
    // The folded character's first unit: İ folds to i and a combining dot, and its terms start with i.
    if (firstChars && !firstChars.has(foldChar(surface.charAt(0)).charAt(0)) && !hasHan(surface)) return false;
    // Fast path: a word seen before without Chinese characters is one cache lookup.
    const known = normalised.get(surface);
    if (known !== undefined) return known !== null && visit(known, wordStart, wordStart + surface.length) === true;
    if (!HAN.test(surface)) {
      const term = normaliseWord(surface);
      return term !== null && visit(term, wordStart, wordStart + surface.length) === true;
    }
    const tokens: Token[] = [];
    for (const run of surface.matchAll(RUNS)) {
      const start = wordStart + run.index;
      if (run[1] !== undefined) {
        hanTokens(run[1], start, tokens);
      } else {
        const term = normaliseWord(run[0]);
        if (term !== null) tokens.push({ term, start, end: start + run[0].length });
      }
    }
    return tokens.some((token) => visit(token.term, token.start, token.end) === true);
  });
}

/** foldCase for one character, without a regular expression: it runs once per word of a snippet's text. */
function foldChar(char: string): string {
  return char === 'ё' || char === 'Ё' ? 'е' : char.toLowerCase();
}

/** Han characters start at U+2E80; checking code units is cheaper than a regular expression per word. */
function hasHan(word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) >= 0x2e80) return HAN.test(word);
  return false;
}

/**
 * The first character of every term a word can become: the stemmers only strip and
 * rewrite endings, a Russian lemma keeps its word's first letter (russian-lemmas.ts), and
 * case folding maps character by character, so a word whose folded
 * first character is not among a query's terms' first characters cannot match them
 * (words with Chinese characters are always analysed).
 */
export function firstCharsOf(terms: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const term of terms) if (term.length > 0) out.add(term.charAt(0));
  return out;
}

/** Every index term of a text, in order, with its span in the original text. */
export function analyse(text: string): Token[] {
  const tokens: Token[] = [];
  forEachTerm(text, (term, start, end) => tokens.push({ term, start, end }));
  return tokens;
}

/**
 * The terms of a text, in order, exactly as analyse() gives them but without their spans:
 * what indexing needs, without allocating an object per word. It repeats forEachTerm's
 * word loop rather than calling it: one callback fewer per word makes it about 40 % faster
 * (0.15 against 0.25 µs a word), and every word of every entry indexed passes here.
 */
export function analyseTerms(text: string, others?: Set<string>): string[] {
  const out: string[] = [];
  forEachWord(text, (word) => {
    const known = normalised.get(word);
    if (known !== undefined) {
      if (known !== null) out.push(known);
    } else if (!HAN.test(word)) {
      const term = normaliseWord(word);
      if (term !== null) out.push(term);
    } else {
      for (const token of analyse(word)) out.push(token.term);
    }
    if (others !== undefined) otherReadings.get(word)?.forEach((other) => others.add(other));
  });
  return out;
}

/**
 * The index text of a field: its terms separated by spaces, which FTS5's ascii tokenizer
 * splits back. A Russian word's other readings (russian-lemmas.ts) follow the text, each once:
 * FTS5 cannot put two tokens at one position, so in place they would push every later word
 * one position on and break phrases; appended, phrases and adjacent pairs of the text are
 * as before, and a reading that is not the likeliest counts once per field however often the
 * word occurs — the weight it gets against the likeliest reading.
 */
export function indexText(text: string): string {
  const others = new Set<string>();
  const terms = analyseTerms(text, others);
  for (const other of others) terms.push(other);
  return terms.join(' ');
}

/** The other readings of a query word that is one Russian word (стали: сталь beside стать), which the query accepts as alternatives. */
export function otherReadingsOf(word: string): readonly string[] {
  if (!CYRILLIC.test(word) || !/^[\p{L}\p{N}\p{M}]+$/u.test(word) || normaliseWord(word) === null) return [];
  return otherReadings.get(word) ?? [];
}

/**
 * One word of a query through the same pipeline. Alphabetic pieces that split apart
 * ("23/04", "o'brien") must stay together, so they form a phrase; a Chinese run must
 * contain the bigrams (or the single character) of each of its words (how the words of a run
 * are ranked, each on its own: query-words.ts).
 */
export function analyseQueryWord(word: string): QueryWordParts {
  const parts: QueryWordParts = [];
  let phrase: string[] = [];
  const flush = (): void => {
    if (phrase.length > 0) parts.push(phrase);
    phrase = [];
  };
  for (const piece of word.matchAll(WORD)) {
    for (const run of piece[0].matchAll(RUNS)) {
      if (run[1] !== undefined) {
        flush();
        for (const group of hanQueryGroups(run[1], isStopChar)) parts.push(...group.parts);
      } else {
        const term = normaliseWord(run[0]);
        if (term !== null) phrase.push(term);
      }
    }
  }
  flush();
  return parts;
}

/**
 * Answers of isStopChar by code unit (0 not asked yet, 1 a stop character, 2 not): lunr's
 * filter makes a token per call, and every Chinese character indexed or scanned asks.
 */
const stopUnits = new Uint8Array(0x10000);

/** A Chinese character the index leaves out on its own (它, 的). */
export function isStopChar(char: string): boolean {
  if (char.length !== 1) return chinesePipeline.isStopWord(char);
  const code = char.charCodeAt(0);
  let known = stopUnits[code] as number;
  if (known === 0) {
    known = chinesePipeline.isStopWord(char) ? 1 : 2;
    stopUnits[code] = known;
  }
  return known === 1;
}

/** Marks one of markdownToText's rewrites needs; text with none comes out as it went in. */
const MARKUP_CHARACTER = /[`<[#>*_~]/;
const MARKUP_LINE = /^[ \t]{0,3}(?:[-+]|\d+[.)])[ \t]/m;

/** Markdown reduced to the text a reader sees, so markup never becomes a search term or a snippet. */
export function markdownToText(markdown: string): string {
  // Re-ranking reduces dozens of bodies per search: plain text is spared eight passes.
  if (!MARKUP_CHARACTER.test(markdown) && !MARKUP_LINE.test(markdown)) return markdown;
  return markdown
    .replace(/```[^\n]*\n/g, '')
    .replace(/```/g, '')
    .replace(/<[^>\n]{1,200}>/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]{0,3}(#{1,6}|>|[-*+]|\d+[.)])[ \t]+/gm, '')
    .replace(/(\*\*|__|~~|`)/g, '')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2');
}

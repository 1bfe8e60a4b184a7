import { createRequire } from 'node:module';
import type * as JiebaModule from 'jieba-wasm/node';

/**
 * Chinese words by jieba's dictionary (jieba-wasm: jieba-rs compiled to WebAssembly, with its
 * dictionary inside the package, so nothing is downloaded). Intl.Segmenter cuts the compounds
 * of technical text apart (呢|绒|整理), jieba keeps them (呢绒|整理, 瓦斯|抽放, 工作面).
 *
 * The module is loaded on the first Chinese text, not at start: compiling the 4 MB of
 * WebAssembly and building the dictionary takes about half a second and 75 MB, which a
 * catalogue without Chinese never pays.
 */
type Jieba = typeof JiebaModule;

let jieba: Jieba | null = null;

function segmenter(): Jieba {
  jieba ??= createRequire(import.meta.url)('jieba-wasm/node') as Jieba;
  return jieba;
}

/** A dictionary word of a Han run and where it is in the run (UTF-16 offsets). */
export interface HanWord {
  word: string;
  start: number;
  end: number;
}

/** UTF-16 offset of each code point offset of a run (jieba counts code points); null when they are the same. */
function unitOffsets(run: string): number[] | null {
  if (run.length === [...run].length) return null;
  const offsets: number[] = [];
  let unit = 0;
  for (const char of run) {
    offsets.push(unit);
    unit += char.length;
  }
  offsets.push(unit);
  return offsets;
}

/**
 * The words of a run of Han characters that index terms are made of: jieba's search mode
 * (every dictionary word, and the dictionary words inside a long one: 工作面 gives 工作 and
 * 工作面; 中华人民共和国 gives 共和国 too), with unknown words guessed by its HMM, so a
 * query word met inside a longer word of the text still has a token to match.
 */
export function hanIndexWords(run: string): readonly HanWord[] {
  let words = indexCuts.get(run);
  if (words === undefined) {
    const offsets = unitOffsets(run);
    const at = (point: number): number => (offsets === null ? point : (offsets[point] as number));
    words = segmenter()
      .tokenize(run, 'search', true)
      .map((t) => ({ word: t.word, start: at(t.start), end: at(t.end) }));
    if (indexCuts.size >= INDEX_CACHE_LIMIT) indexCuts.clear();
    indexCuts.set(run, words);
  }
  return words;
}

/**
 * Cuts of runs met lately: a search reads the same entries' texts three times (feedback
 * terms, re-ranking counts, snippets), and the best entries again on the next search. About
 * half a kilobyte a run at most, so a few megabytes.
 */
const indexCuts = new Map<string, readonly HanWord[]>();
const INDEX_CACHE_LIMIT = 8192;

/**
 * Calls `visit` with every index term of a run of Han characters and where it starts in the
 * run (UTF-16): each character but the stop characters and each bigram, in order, then, when
 * `words` is true, the dictionary words of three characters or more (shorter ones are
 * already there as a bigram or a character, and a longer word never equals either, so the
 * kinds cannot collide) and each two neighbouring words run together. Every such term is a
 * piece of the run, so it implies the bigrams and characters inside it: that is what lets a
 * query count it as score only. A scan that counts no term of three characters or more
 * passes `words` false and never calls the dictionary.
 */
export function forEachHanTerm(run: string, isStopChar: (char: string) => boolean, visit: (term: string, start: number) => void, words = true): void {
  let index = 0;
  let previous: string | null = null;
  for (const char of run) {
    if (previous !== null) visit(previous + char, index - previous.length);
    if (!isStopChar(char)) visit(char, index);
    previous = char;
    index += char.length;
  }
  if (!words || index < 3) return;
  const seen = new Set<string>();
  const once = (term: string, start: number): void => {
    const key = `${term}@${start}`;
    if (seen.has(key)) return;
    seen.add(key);
    visit(term, start);
  };
  const found = hanIndexWords(run);
  for (const word of found) {
    if (word.end - word.start >= 3 && [...word.word].length >= 3) once(word.word, word.start);
  }
  // Each two neighbouring words of the run's segmentation as one term: what ranks a query's
  // words typed together (瓦斯抽放) above the same words apart or in another order.
  let before: HanWord | null = null;
  for (const word of topLevel(found, index)) {
    // Two one-character words are a bigram, already there (two astral characters take four units).
    if (before !== null && word.end - before.start >= 3 && (word.end - before.start > 4 || [...before.word, ...word.word].length >= 3)) {
      once(before.word + word.word, before.start);
    }
    before = word;
  }
}

/**
 * The words that tile the run, from search mode's tokens (which add the dictionary words
 * inside a long word before it): at each place, the longest token starting there.
 */
function topLevel(tokens: readonly HanWord[], length: number): HanWord[] {
  const longest = new Map<number, HanWord>();
  for (const token of tokens) {
    const known = longest.get(token.start);
    if (known === undefined || token.end > known.end) longest.set(token.start, token);
  }
  const out: HanWord[] = [];
  for (let at = 0; at < length;) {
    const word = longest.get(at);
    if (word === undefined || word.end <= at) break;
    out.push(word);
    at = word.end;
  }
  return out;
}

/** Query runs are short and repeated as a query is typed and paged: their cuts are kept. */
const queryCuts = new Map<string, string[]>();
const QUERY_CACHE_LIMIT = 10_000;

/** A query's Han run as the person meant it: jieba's most likely segmentation (呢绒整理 → 呢绒 整理), HMM on. */
export function hanQueryWords(run: string): string[] {
  let words = queryCuts.get(run);
  if (words === undefined) {
    words = segmenter().cut(run, true);
    if (queryCuts.size >= QUERY_CACHE_LIMIT) queryCuts.clear();
    queryCuts.set(run, words);
  }
  return words;
}

/**
 * What a Han query word must match, and what ranks it higher: every character pair of it
 * (the bigrams every text is indexed by: an entry has a word only if it has the word's
 * bigrams, so requiring them loses nothing), or its one character; and, for a word of three
 * characters or more, the word itself as a term that only adds score, so an entry where the
 * dictionary found the word ranks above one that merely has its bigrams.
 */
export interface HanQueryGroup {
  /** The word as typed. */
  text: string;
  /** Each a one-term part; all of them must match. */
  parts: string[][];
  /** Terms that add score and never decide matching (each implies `parts`). */
  bonus: string[];
}

/**
 * The groups of one Han run of a query: one per dictionary word, in order. Characters jieba
 * leaves on their own next to each other (细厂, not a word) are taken together as typed, all
 * their bigrams required, as before words were known; a lone character that is a stop word
 * (的) is dropped, one that is not stays a word of its own.
 */
export function hanQueryGroups(run: string, isStopChar: (char: string) => boolean): HanQueryGroup[] {
  const groups: HanQueryGroup[] = [];
  /** Whether each group was typed right after the one before it (no stop character left out between). */
  const joined: boolean[] = [];
  let gap = false;
  const push = (group: HanQueryGroup): void => {
    joined.push(groups.length > 0 && !gap);
    groups.push(group);
    gap = false;
  };
  let loose: string[] = [];
  const flushLoose = (): void => {
    if (loose.length === 1) {
      const char = loose[0] as string;
      // A run of one character is always kept (one-character queries match): only a stop character among words is dropped.
      if (!isStopChar(char) || [...run].length === 1) push({ text: char, parts: [[char]], bonus: [] });
      else gap = true;
    } else if (loose.length > 1) push({ text: loose.join(''), parts: bigramsOf(loose), bonus: [] });
    loose = [];
  };
  for (const word of hanQueryWords(run)) {
    const chars = [...word];
    if (chars.length === 1) {
      loose.push(word);
      continue;
    }
    flushLoose();
    push({ text: word, parts: bigramsOf(chars), bonus: chars.length > 2 ? [word] : [] });
  }
  flushLoose();
  // Two words typed together score as the neighbours the text has (forEachHanTerm); the term
  // holds the first word's characters together, so it implies that word's parts.
  for (let i = 1; i < groups.length; i += 1) {
    const first = groups[i - 1] as HanQueryGroup;
    const pair = first.text + (groups[i] as HanQueryGroup).text;
    if (joined[i] === true && [...pair].length >= 3) first.bonus.push(pair);
  }
  return groups;
}

function bigramsOf(chars: readonly string[]): string[][] {
  const parts: string[][] = [];
  for (let i = 0; i + 1 < chars.length; i += 1) parts.push([`${chars[i] as string}${chars[i + 1] as string}`]);
  return parts;
}

import { hanIndexWords } from './chinese-words.js';
import { foldCase, forEachWord, normaliseWord, otherReadingsOf } from './pipeline.js';

const HAN = /\p{Script=Han}/u;
const RUNS = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
/**
 * Longer words are not kept: no one types them to be corrected, and a fuzzy automaton over
 * them would be large. Codes, hashes and pasted garbage are most of what is longer.
 */
export const MAX_SURFACE_LENGTH = 40;

/** A word as typed, folded the way queries are: NFKC (full-width forms, ligatures), lower case, ё = е. */
export function surfaceForm(word: string): string {
  // ASCII is already in NFKC; most words of most texts are spared the call.
  // eslint-disable-next-line no-control-regex
  return foldCase(/^[\u0000-\u007f]*$/.test(word) ? word : word.normalize('NFKC'));
}

/**
 * The analysed terms a surface word stands for, space-separated: an English stem, a Russian
 * word's lemmas (the likeliest first), a Chinese word itself. Null for a stop word, a word
 * with digits only, or one too long: those are not offered to fuzzy matching.
 */
export function termsOfSurface(word: string): string | null {
  if (word.length > MAX_SURFACE_LENGTH || !/\p{L}/u.test(word)) return null;
  if (HAN.test(word)) return [...word].length >= 2 && /^\p{Script=Han}+$/u.test(word) ? word : null;
  const term = normaliseWord(word);
  if (term === null) return null;
  const others = otherReadingsOf(word);
  return others.length === 0 ? term : [term, ...others].join(' ');
}

/** Words as met in texts → their surface form and terms (null: not kept); most words recur across entries. */
const analysed = new Map<string, readonly [string, string] | null>();
const CACHE_LIMIT = 200_000;

/**
 * The distinct surface words of some texts with the terms each produced. Chinese runs give
 * their dictionary words of two characters or more (jieba's search mode, as the index cuts
 * them); a run that mixes scripts ("PVC管") is split at the script boundary first.
 */
export function surfaceWordsOf(texts: readonly string[]): Map<string, string> {
  const raw = new Set<string>();
  for (const text of texts) forEachWord(text, (word) => raw.add(word));
  const out = new Map<string, string>();
  const add = (word: string): void => {
    let known = analysed.get(word);
    if (known === undefined) {
      const surface = surfaceForm(word);
      const terms = termsOfSurface(surface);
      known = terms === null ? null : [surface, terms];
      if (analysed.size >= CACHE_LIMIT) analysed.clear();
      analysed.set(word, known);
    }
    if (known !== null) out.set(known[0], known[1]);
  };
  for (const word of raw) {
    if (!HAN.test(word)) {
      add(word);
      continue;
    }
    for (const run of word.matchAll(RUNS)) {
      if (run[1] === undefined) add(run[0]);
      else for (const { word: han } of hanIndexWords(run[1])) if (han.length >= 2) add(han);
    }
  }
  return out;
}

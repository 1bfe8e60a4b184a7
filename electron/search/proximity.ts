import { B, K1, lengthNormalisation, saturated } from './bm25.js';
import { TermCounter } from './term-counter.js';

/**
 * Term proximity as Büttcher, Clarke and Lushman score it ("Term proximity scoring for ad-hoc
 * retrieval on very large text collections", SIGIR 2006): reading an entry's query-term
 * occurrences in order, each pair of neighbouring occurrences of two different terms, d words
 * apart, credits each of the two with the other's idf / d². A term's credit is then saturated
 * and length-normalised as BM25 saturates a frequency, weighted by its idf (at most 1), and
 * the sum is added to the entry's BM25 score. Entries where the searcher's words stand
 * together ("heat transfer" rather than "heat … transfer" pages apart) rise; an entry with
 * one query word only gets nothing.
 *
 * Positions are words of a field (stop words count, as they stand between the words of a
 * text); fields are read one after the other and no pair spans two of them. The texts are the
 * ones the feedback re-ranking reads (title, summary, body), so the bonus costs one more scan
 * of them for the query's terms.
 */

/**
 * What proximity pairs: the query's words, each one unit however many terms it has. A
 * thesaurus concept is one unit with all its labels (it counts as one term in BM25 too, so
 * its labels standing side by side are not words of the query standing together), and a
 * Chinese word's characters and bigrams are one unit. `idf` is the unit's: its rarest term's.
 */
export interface ProximityUnits {
  counter: TermCounter;
  /** The unit of each of the counter's terms. */
  unitOf: Int32Array;
  idf: Float64Array;
}

/** The units of `words` (each word's terms; a term in several is the first one's), with each term's idf from `idfOf`. */
export function proximityUnits(words: readonly (readonly string[])[], idfOf: (term: string) => number): ProximityUnits {
  const first = new Map<string, number>();
  words.forEach((terms, unit) => {
    for (const term of terms) if (!first.has(term)) first.set(term, unit);
  });
  const counter = new TermCounter(first.keys());
  const unitOf = Int32Array.from(counter.terms, (term) => first.get(term) ?? 0);
  const idf = new Float64Array(words.length);
  counter.terms.forEach((term, i) => {
    const unit = unitOf[i] as number;
    idf[unit] = Math.max(idf[unit] as number, idfOf(term));
  });
  return { counter, unitOf, idf };
}

/** The proximity score of one entry whose fields, in order, are `fields`, saturated with BM25's `k1` and `b`. */
export function proximityScore(
  units: ProximityUnits,
  fields: readonly string[],
  length: number,
  averageLength: number,
  k1: number = K1,
  b: number = B,
): number {
  const { counter, unitOf, idf } = units;
  if (idf.length < 2) return 0;
  const credit = new Float64Array(idf.length);
  let previous = -1;
  let at = 0;
  const found = (term: number, position: number): void => {
    // A Chinese run's dictionary words are told after its characters: only occurrences in the text's order are paired.
    if (previous >= 0 && position < at) return;
    const unit = unitOf[term] as number;
    if (previous >= 0 && unit !== previous) {
      const d = position - at;
      // Several terms of one word (a Chinese word and its bigrams) stand at one position: not a pair of words.
      if (d > 0) {
        credit[unit] = (credit[unit] as number) + (idf[previous] as number) / (d * d);
        credit[previous] = (credit[previous] as number) + (idf[unit] as number) / (d * d);
      }
    }
    previous = unit;
    at = position;
  };
  for (const text of fields) {
    previous = -1;
    counter.occurrences(text, 0, found);
  }
  const norm = lengthNormalisation(length, averageLength, k1, b);
  let score = 0;
  for (let i = 0; i < idf.length; i += 1) score += saturated(Math.min(1, idf[i] as number), credit[i] as number, norm, k1);
  return score;
}

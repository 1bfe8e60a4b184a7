/**
 * FTS5's bm25() as its source computes it, for the scores worked out in JavaScript (the impact
 * ranker, the feedback re-ranking): the same constants, the same floored idf and the same
 * length normalisation, so those scores add up with the ones SQLite gives.
 */

export const K1 = 1.2;
export const B = 0.75;

/** What bm25() gives a term in half the documents or more instead of a weight of zero or less. */
export const IDF_FLOOR = 1e-6;

/** bm25()'s inverse document frequency of a phrase found in `hits` of `documents`, floored the same way. */
export function inverseFrequency(documents: number, hits: number): number {
  const idf = Math.log((documents - hits + 0.5) / (hits + 0.5));
  return idf > 0 ? idf : IDF_FLOOR;
}

/**
 * k1·(1 − b + b·length/avgdl): what a weighted frequency is set against in bm25()'s saturation
 * (at bm25()'s own K1 and B unless the re-ranking's constants are given).
 */
export function lengthNormalisation(length: number, averageLength: number, k1: number = K1, b: number = B): number {
  return k1 * (1 - b + (b * length) / averageLength);
}

/** One term's share of a BM25 score: its idf times its weighted frequency `f` saturated against `norm` (lengthNormalisation's). */
export function saturated(idf: number, f: number, norm: number, k1: number = K1): number {
  return f > 0 ? (idf * f * (k1 + 1)) / (f + norm) : 0;
}

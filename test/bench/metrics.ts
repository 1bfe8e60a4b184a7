/**
 * Ranking measures over one ranked list of doc ids and one query's judgements (doc id → gain,
 * every listed doc relevant). One nDCG formula for every engine and collection:
 * DCG@k = Σ_{i=1..k} gain(doc_i) / log2(i + 1), divided by the DCG of the ideal order of the judged gains.
 */
import { rng } from './bench-args.js';

export const NDCG_FORMULA = 'nDCG@10 = DCG@10 / ideal DCG@10, DCG@10 = sum over ranks i=1..10 of gain_i / log2(i + 1) (linear gain)';

export function averagePrecision(ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  if (judged.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((doc, i) => {
    if (judged.has(doc)) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / judged.size;
}

export function ndcg(ranked: readonly string[], judged: ReadonlyMap<string, number>, k = 10): number {
  const dcg = ranked.slice(0, k).reduce((s, doc, i) => s + (judged.get(doc) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...judged.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((s, g, i) => s + g / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function precisionAt(ranked: readonly string[], judged: ReadonlyMap<string, number>, k = 10): number {
  return ranked.slice(0, k).filter((doc) => judged.has(doc)).length / k;
}

/**
 * Paired randomisation test (sign flipping) on per-query scores: under the null hypothesis each
 * query's difference is as likely to have either sign. Two-sided p with the +1 correction.
 */
export function pairedRandomisation(a: readonly number[], b: readonly number[], rounds = 10_000, seed = 20_261_203): number {
  const diffs = a.map((x, i) => x - (b[i] ?? 0));
  const n = diffs.length;
  if (n === 0) return 1;
  const observed = Math.abs(diffs.reduce((s, d) => s + d, 0) / n);
  const random = rng(seed);
  let atLeast = 0;
  for (let r = 0; r < rounds; r += 1) {
    let sum = 0;
    for (const d of diffs) sum += random() < 0.5 ? -d : d;
    // A small tolerance so ties from floating-point summation order count as ties.
    if (Math.abs(sum / n) >= observed - 1e-12) atLeast += 1;
  }
  return (atLeast + 1) / (rounds + 1);
}

export const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

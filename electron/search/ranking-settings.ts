import { z } from 'zod';

/**
 * Every query-time ranking setting in one typed object: BM25's k1 and b in the re-ranking, how
 * much the proximity of the searcher's words counts (proximity.ts), and when the
 * pseudo-relevance feedback runs and how it mixes (relevance-feedback.ts). The shipped defaults
 * were chosen on five test collections together (docs/RANKING.md, test/bench/tune-ranking.ts),
 * never for one.
 *
 * The first pass keeps bm25()'s k1 1.2 and b 0.75: FTS5 fixes them in its C source, the
 * filtered and structured queries are ranked by it, and the impact ranker adds up to the same
 * scores (bm25.ts). The re-ranking of the first RERANK_DEPTH candidates, which runs the same on
 * every path, works their scores out again at the settings' k1 and b from the texts it reads.
 */

/**
 * When feedback re-ranks: never; always; only for queries of at most `maxTerms` analysed
 * terms; or only when the first results agree — the `entries`-th BM25 score is at least
 * `minRatio` of the best one, so the entries the model is built from are about equally good
 * matches rather than one strong match and weak followers.
 */
export const FeedbackGate = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('never') }).strict(),
  z.object({ kind: z.literal('always') }).strict(),
  z.object({ kind: z.literal('shortQueries'), maxTerms: z.number().int().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('resultsAgree'), minRatio: z.number().min(0).max(1) }).strict(),
  z.object({ kind: z.literal('shortAndAgree'), maxTerms: z.number().int().min(1).max(64), minRatio: z.number().min(0).max(1) }).strict(),
]);
export type FeedbackGate = z.infer<typeof FeedbackGate>;

export const RankingSettings = z
  .object({
    gate: FeedbackGate,
    /** How many of the best BM25 matches stand in for what the searcher wants. */
    feedbackEntries: z.number().int().min(1).max(20),
    /** How many of their terms make the second query. */
    feedbackTerms: z.number().int().min(1).max(100),
    /** The share of the score that stays the searcher's own query. */
    originalWeight: z.number().min(0).max(1),
    /** What the proximity of the searcher's words (proximity.ts) adds to BM25, per point of its score; 0 leaves it out. */
    proximityWeight: z.number().min(0).max(100),
    /**
     * BM25's k1 and b in the re-ranking: its candidates' scores for the searcher's words are
     * worked out again with them (from the texts it reads), and the proximity and feedback
     * scores saturate with them. The first pass keeps bm25()'s 1.2 and 0.75 on every path.
     */
    k1: z.number().min(0).max(10),
    b: z.number().min(0).max(1),
    /**
     * How the feedback entries weigh in the relevance model: by their score, or by
     * exp(score − best score), the relevance model's P(D|Q) with the score as the log-likelihood
     * of the query (Lavrenko & Croft), which leaves weaker matches far less say.
     */
    feedbackWeighting: z.enum(['score', 'softmax']),
  })
  .strict();
export type RankingSettings = z.infer<typeof RankingSettings>;

/**
 * What the app ranks with: the best mean MAP over the five collections of the grid in
 * docs/RANKING.md among the settings that keep each of them at or above lunr on MAP and
 * nDCG@10. The re-ranking's BM25 takes k1 2 (the top of Robertson's 1.2–2) and b 0.4
 * (Anserini's), proximity counts at Büttcher and Clarke's weight of 1, and feedback (the first
 * round's 5 entries, 20 terms, 0.7 of the searcher's query) runs for every query of at most 20
 * terms, its entries weighed by exp(score − best): a long request's best entries are already
 * what it asks for, and the one far best match then speaks for the few behind it rather than
 * their most frequent words.
 */
export const DEFAULT_RANKING: RankingSettings = RankingSettings.parse({
  gate: { kind: 'shortQueries', maxTerms: 20 },
  feedbackEntries: 5,
  feedbackTerms: 20,
  originalWeight: 0.7,
  proximityWeight: 1,
  k1: 2,
  b: 0.4,
  feedbackWeighting: 'softmax',
});

/** Whether feedback runs for a query of `terms` analysed terms whose BM25 scores, best first, are `scores`. */
export function feedbackRuns(gate: FeedbackGate, terms: number, scores: readonly number[], entries: number): boolean {
  const agree = (minRatio: number): boolean => {
    const best = scores[0] ?? 0;
    const last = scores[Math.min(entries, scores.length) - 1] ?? 0;
    return best > 0 && last / best >= minRatio;
  };
  switch (gate.kind) {
    case 'never':
      return false;
    case 'always':
      return true;
    case 'shortQueries':
      return terms <= gate.maxTerms;
    case 'resultsAgree':
      return agree(gate.minRatio);
    case 'shortAndAgree':
      return terms <= gate.maxTerms && agree(gate.minRatio);
  }
}

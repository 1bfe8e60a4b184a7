import type { QueryClause } from '../../shared/schemas/search.js';
import { B, IDF_FLOOR, K1, inverseFrequency, lengthNormalisation, saturated } from './bm25.js';
import { SEARCH_FIELDS } from './fields.js';
import type { CollectionStatistics } from './index-statistics.js';
import { analyseTerms } from './pipeline.js';
import { proximityScore, proximityUnits } from './proximity.js';
import { DEFAULT_RANKING, feedbackRuns, type RankingSettings } from './ranking-settings.js';
import { TermCounter } from './term-counter.js';

/**
 * Pseudo-relevance feedback as a re-ranking (RM3, Lavrenko & Croft's relevance model mixed
 * with the query): the best few entries of the BM25 ranking stand in for what the searcher
 * wants, the terms they use most — the searcher's own words among them — become a weighted
 * second query, and each of the first RERANK_DEPTH entries is scored by both, mixed half and
 * half. The searcher's words that the best entries actually use gain weight, words that
 * say little lose it, and entries using the vocabulary of the best ones rise.
 *
 * It is a re-ranking, not a second search: the first pass still finds, counts and
 * BM25-ranks every match; only the order of the first RERANK_DEPTH changes, and the entries after them keep
 * FTS5's order. FTS5 cannot weight the terms of a MATCH, and its table keeps no text, so the
 * second query is scored here with bm25()'s own formula and statistics (k1 1.2, b 0.75,
 * field weights, one length normalisation over all columns, FTS5's document lengths) over
 * the title, summary and body read back from the catalogue; the short fields (tags,
 * classification, people, registration) count in FTS5's score only.
 *
 * Before the model is built, the first pass may add the proximity of the searcher's words
 * to each candidate's BM25 score (proximity.ts, read from the same texts): the feedback
 * entries are the best of that order, and it is the order the app gives when feedback does
 * not run.
 *
 * Its settings (how many entries and terms, the mix, when it runs at all, the proximity
 * weight) are a RankingSettings (ranking-settings.ts), chosen on five test collections together.
 */

/** How many of the best BM25 matches are re-ranked: reading and scanning their texts is the cost. */
export const RERANK_DEPTH = 50;
export interface Ranked {
  docid: number;
  score: number;
}

/** The long fields of an entry as the index analysed them (Markdown reduced to text): where nearly all of its terms are. */
export interface EntryTexts {
  title: string;
  summary: string;
  body: string;
}

/** What the re-ranking reads about the candidates and the collection. */
export interface FeedbackSource {
  texts(docids: readonly number[]): Map<number, EntryTexts>;
  /** Tokens in all columns, by rowid (bm25()'s document length). */
  lengths(docids: readonly number[]): Map<number, number>;
  collection(): CollectionStatistics | null;
  /** Documents holding `term`. */
  documentFrequency(term: string): number;
}

const TEXT_FIELDS = SEARCH_FIELDS.filter(
  (f): f is Extract<(typeof SEARCH_FIELDS)[number], { column: keyof EntryTexts }> => f.column === 'title' || f.column === 'summary' || f.column === 'body',
);

/**
 * Whether a query is free text the re-ranking may reorder: words and phrases over all
 * fields, perhaps required, and any exclusions (re-ranking never changes which entries
 * match). Field restrictions, wildcards, fuzzy words and boosts say exactly what to weigh;
 * such queries keep FTS5's order.
 */
export function reRankable(clauses: readonly QueryClause[]): boolean {
  return (
    clauses.some((c) => c.presence !== 'excluded') &&
    clauses.every((c) => c.presence === 'excluded' || (c.field === null && c.wildcard === 'none' && c.editDistance === 0 && c.boost === 1))
  );
}

/**
 * The searcher's share of a BM25 score: the score per query phrase, weighted. Entries past
 * the re-ranked ones are scored by this alone, which keeps scores falling down the list (a
 * re-ranked entry scores at least its own share, and FTS5 ranked it no lower).
 */
export function originalShare(score: number, phrases: number, settings: RankingSettings = DEFAULT_RANKING): number {
  return (settings.originalWeight * score) / Math.max(1, phrases);
}

/** Rows kept in FTS5's order, each scored by its original share alone. */
export function inFts5Order(rows: readonly Ranked[], phrases: number, settings: RankingSettings = DEFAULT_RANKING): Ranked[] {
  return rows.map((r) => ({ docid: r.docid, score: originalShare(r.score, phrases, settings) }));
}

/**
 * The relevance model: each term's field-weighted share of the feedback entries' text, the
 * entries weighted by their score, or by exp(score − best) (`softmax`).
 */
function relevanceModel(feedback: readonly Ranked[], texts: Map<number, EntryTexts>, weighting: RankingSettings['feedbackWeighting']): Map<string, number> {
  const model = new Map<string, number>();
  const best = feedback[0]?.score ?? 0;
  const weights = feedback.map((r) => (weighting === 'softmax' ? Math.exp(r.score - best) : r.score));
  const total = weights.reduce((sum, w) => sum + w, 0);
  if (total <= 0) return model;
  for (const [i, { docid }] of feedback.entries()) {
    const text = texts.get(docid);
    if (!text) continue;
    const fields = TEXT_FIELDS.map((field) => ({ weight: field.weight, terms: analyseTerms(text[field.column]) }));
    const length = fields.reduce((sum, f) => sum + f.weight * f.terms.length, 0);
    if (length === 0) continue;
    const share = (weights[i] as number) / total / length;
    for (const { weight, terms } of fields) {
      const add = share * weight;
      for (const term of terms) model.set(term, (model.get(term) ?? 0) + add);
    }
  }
  return model;
}

/**
 * The best candidates whose title, summary or body hold one of the searcher's terms: the
 * model is built from those three fields, and an entry found only by a tag or an author
 * says nothing there about what was asked. In a catalogue of several languages such an
 * entry is often in another language (a Russian entry under the tag "finishing"), and its
 * words would pull its like above the entries that use the searcher's own.
 */
function feedbackEntries(candidates: readonly Ranked[], texts: Map<number, EntryTexts>, queryTerms: readonly string[], wanted: number): Ranked[] {
  const counter = new TermCounter(queryTerms);
  const found = new Float64Array(counter.terms.length);
  const out: Ranked[] = [];
  for (const candidate of candidates) {
    if (out.length === wanted) break;
    const text = texts.get(candidate.docid);
    if (candidate.score <= 0 || !text) continue;
    found.fill(0);
    for (const field of TEXT_FIELDS) counter.count(text[field.column], 1, found);
    if (found.some((n) => n > 0)) out.push(candidate);
  }
  return out;
}

/** What the re-ranking has read for its candidates: their texts and lengths, with the collection's statistics. */
interface CandidatesRead {
  texts: Map<number, EntryTexts>;
  lengths: Map<number, number>;
  collection: CollectionStatistics;
  source: FeedbackSource;
}

/**
 * The candidates scored by BM25 plus `weight` times their proximity score (proximity.ts),
 * best first; ties keep FTS5's order. The bonus is never negative, so a candidate still
 * scores no lower than the entries past the re-ranked ones.
 */
function withProximity(candidates: readonly Ranked[], queryWords: readonly (readonly string[])[], read: CandidatesRead, settings: RankingSettings): Ranked[] {
  const { texts, lengths, collection, source } = read;
  const weight = settings.proximityWeight;
  const units = proximityUnits(queryWords, (term) => inverseFrequency(collection.documents, source.documentFrequency(term)));
  return candidates
    .map((candidate) => {
      const text = texts.get(candidate.docid);
      if (!text) return candidate;
      const length = lengths.get(candidate.docid) ?? collection.averageLength;
      const bonus = proximityScore(units, [text.title, text.summary, text.body], length, collection.averageLength, settings.k1, settings.b);
      return { docid: candidate.docid, score: candidate.score + weight * bonus };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * The candidates with their BM25 scores worked out again at the settings' k1 and b, best first
 * (ties keep FTS5's order). For each query word of one term, the share bm25() gave it (at 1.2
 * and 0.75, from the frequencies in the title, summary and body, field-weighted, and bm25()'s
 * document length) is taken out and the share at k1 and b put in; words of several terms (a
 * concept's labels, a Chinese word's characters) and the short fields keep bm25()'s share, so
 * every path's first pass is re-scored alike. At 1.2 and 0.75 the order is FTS5's.
 */
function rescored(candidates: readonly Ranked[], queryWords: readonly (readonly string[])[], read: CandidatesRead, settings: RankingSettings): Ranked[] {
  const { texts, lengths, collection, source } = read;
  const { k1, b } = settings;
  if (k1 === K1 && b === B) return [...candidates];
  const times = new Map<string, number>();
  for (const word of queryWords) if (word.length === 1) times.set(word[0] as string, (times.get(word[0] as string) ?? 0) + 1);
  if (times.size === 0) return [...candidates];
  const counter = new TermCounter(times.keys());
  const weights = counter.terms.map((term) => (times.get(term) ?? 0) * inverseFrequency(collection.documents, source.documentFrequency(term)));
  const frequencies = new Float64Array(counter.terms.length);
  return candidates
    .map((candidate) => {
      const text = texts.get(candidate.docid);
      if (!text) return candidate;
      frequencies.fill(0);
      for (const field of TEXT_FIELDS) counter.count(text[field.column], field.weight, frequencies);
      const length = lengths.get(candidate.docid) ?? collection.averageLength;
      const before = lengthNormalisation(length, collection.averageLength);
      const after = lengthNormalisation(length, collection.averageLength, k1, b);
      let score = candidate.score;
      weights.forEach((weight, i) => {
        const f = frequencies[i] as number;
        score += saturated(weight, f, after, k1) - saturated(weight, f, before);
      });
      return { docid: candidate.docid, score: Math.max(0, score) };
    })
    .sort((x, y) => y.score - x.score);
}

/**
 * The re-ranked scores raised alike, where needed, so that none is below what the entries past
 * the re-ranked ones score (their original share, at most the last candidate's): scores keep
 * falling down the list whatever the re-scoring took away.
 */
function keptAbove(reranked: Ranked[], candidates: readonly Ranked[], phrases: number, settings: RankingSettings): Ranked[] {
  const floor = originalShare(Math.min(...candidates.map((c) => c.score)), phrases, settings);
  const lowest = Math.min(...reranked.map((r) => r.score));
  return lowest >= floor ? reranked : reranked.map((r) => ({ docid: r.docid, score: r.score + floor - lowest }));
}

/**
 * The candidates (best BM25 first, as FTS5 ranked them) in their new order with their new
 * scores; `phrases` is how many phrases FTS5's score summed over. Candidates keep their
 * relative order when scores tie. The settings' gate may keep FTS5's order. `queryWords` are
 * the terms of each word (or concept) of the query, which proximity pairs (proximity.ts);
 * without them each term is a word of its own.
 */
export function rerankWithFeedback(
  candidates: readonly Ranked[],
  phrases: number,
  queryTerms: readonly string[],
  source: FeedbackSource,
  settings: RankingSettings = DEFAULT_RANKING,
  queryWords: readonly (readonly string[])[] = queryTerms.map((term) => [term]),
): Ranked[] {
  const unchanged = (): Ranked[] => inFts5Order(candidates, phrases, settings);
  if (candidates.length < 2) return unchanged();
  const scores = candidates.map((c) => c.score);
  const feedback = feedbackRuns(settings.gate, new Set(queryTerms).size, scores, settings.feedbackEntries);
  const proximity = settings.proximityWeight > 0 && queryWords.length > 1;
  const rescore = settings.k1 !== K1 || settings.b !== B;
  if (!feedback && !proximity && !rescore) return unchanged();
  const collection = source.collection();
  if (collection === null || collection.averageLength <= 0) return unchanged();
  const docids = candidates.map((c) => c.docid);
  const texts = source.texts(docids);
  const lengths = source.lengths(docids);
  // The first pass: BM25 at the settings' k1 and b, plus the proximity of the searcher's words; feedback reads its best entries from it.
  const read: CandidatesRead = { texts, lengths, collection, source };
  const bm25 = rescored(candidates, queryWords, read, settings);
  const first = proximity ? withProximity(bm25, queryWords, read, settings) : bm25;
  // Each scored by its original share alone, in the first pass's order.
  if (!feedback) return keptAbove(inFts5Order(first, phrases, settings), candidates, phrases, settings);
  const model = relevanceModel(feedbackEntries(first, texts, queryTerms, settings.feedbackEntries), texts, settings.feedbackWeighting);
  const chosen = [...model].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, settings.feedbackTerms);
  const mass = chosen.reduce((sum, [, weight]) => sum + weight, 0);
  if (mass <= 0) return keptAbove(inFts5Order(first, phrases, settings), candidates, phrases, settings);
  // A term in half the entries or more weighs next to nothing in bm25() (IDF_FLOOR): it is
  // not looked for at all. The most frequent terms of the best entries are often such words.
  const terms = chosen
    .map(([term, weight]) => ({ term, idf: inverseFrequency(collection.documents, source.documentFrequency(term)), weight: weight / mass }))
    .filter((t) => t.idf > IDF_FLOOR)
    .map((t) => ({ term: t.term, weight: t.weight * t.idf }));
  const counter = new TermCounter(terms.map((t) => t.term));
  const frequencies = new Float64Array(terms.length);
  const reranked = first.map((candidate) => {
    const text = texts.get(candidate.docid);
    let feedback = 0;
    if (text) {
      frequencies.fill(0);
      for (const field of TEXT_FIELDS) counter.count(text[field.column], field.weight, frequencies);
      const length = lengths.get(candidate.docid) ?? collection.averageLength;
      const norm = lengthNormalisation(length, collection.averageLength, settings.k1, settings.b);
      terms.forEach(({ weight }, i) => {
        feedback += saturated(weight, frequencies[i] as number, norm, settings.k1);
      });
    }
    return { docid: candidate.docid, score: originalShare(candidate.score, phrases, settings) + (1 - settings.originalWeight) * feedback };
  });
  // Array.prototype.sort is stable: ties keep FTS5's order.
  return keptAbove(
    reranked.sort((a, b) => b.score - a.score),
    candidates,
    phrases,
    settings,
  );
}

import type { QueryClause } from '../../shared/schemas/search.js';
import { analyseQueryWord } from './pipeline.js';
import { hasHanRun, queryWordGroups } from './query-words.js';

/** Words of a query read at most; the rest of a longer paste is left out, and the answer says so. */
export const MAX_QUERY_WORDS = 2000;
/** Clauses a query is ranked by at most: each kept term's lists are read and scored for every match, so more cost time and add little. */
export const MAX_QUERY_CLAUSES = 64;
/** A word repeated more often than this weighs no more (a pasted text repeats its own subject). */
const MAX_TERM_WEIGHT = 10;

/** What was done to a long query so it could be ranked; null when it was taken as typed. */
export interface QueryCondensed {
  /** Words the query had (before any were left out). */
  words: number;
  /** Words past MAX_QUERY_WORDS that were not read. */
  wordsLeftOut: number;
  /** Distinct terms the plain words came to (stop words dropped), and the other clauses (fields, signs, phrases). */
  terms: number;
  /** Of those, the ones the query was ranked by: every other clause, and the most informative terms. */
  termsKept: number;
}

/** The query's first MAX_QUERY_WORDS words, and how many words it had. */
export function firstWords(query: string): { text: string; words: number } {
  const pattern = /\S+/g;
  let words = 0;
  let end = query.length;
  for (let m = pattern.exec(query); m !== null; m = pattern.exec(query)) {
    words += 1;
    if (words === MAX_QUERY_WORDS) end = m.index + m[0].length;
  }
  return { text: words > MAX_QUERY_WORDS ? query.slice(0, end) : query, words };
}

/** A plain word: no field, sign, wildcard, edit distance or boost — what a pasted text is made of. */
function isPlain(c: QueryClause): boolean {
  return c.type === 'term' && c.field === null && c.presence === 'optional' && c.wildcard === 'none' && c.editDistance === 0 && c.boost === 1;
}

/**
 * A long query as a bag of words (a pasted problem description, a whole entry's text):
 * plain words are grouped by the terms the pipeline makes of them (stop words make none and
 * drop out before anything is counted), each kept once weighted by how often it was written
 * (query-term frequency, as a boost), and when more clauses remain than the engine ranks by,
 * the most informative plain terms are kept: idf times frequency, never position. Fields,
 * signs, phrases, wildcards and fuzzy words are what the person asked for and are all kept.
 * A query of at most MAX_QUERY_CLAUSES words besides its stop words is returned as it was;
 * `bag` says whether it was read as a bag of words.
 */
export function condenseClauses(
  clauses: readonly QueryClause[],
  documentFrequency: (term: string) => number,
  documents: number,
  fewestDocuments?: (words: readonly string[]) => ReadonlyMap<string, { term: string; documents: number }>,
): { clauses: QueryClause[]; terms: number; termsKept: number; bag: boolean } {
  const asked: QueryClause[] = [];
  const bag = new Map<string, { clause: QueryClause; count: number; parts: string[][]; texts: Set<string> }>();
  let plainCount = 0;
  let stopWords = 0;
  // Chinese is pasted without spaces: a run is as many words as the dictionary finds in it, counted and kept like words typed apart.
  const words = clauses.flatMap((c) => (isPlain(c) && hasHanRun(c.text) ? queryWordGroups(c.text).map((g) => ({ ...c, text: g.text })) : [c]));
  for (const clause of words) {
    if (!isPlain(clause)) {
      asked.push(clause);
      continue;
    }
    plainCount += 1;
    const parts = analyseQueryWord(clause.text);
    if (parts.length === 0) {
      stopWords += 1;
      continue;
    }
    const key = JSON.stringify(parts);
    const known = bag.get(key);
    if (known) {
      known.count += 1;
      known.texts.add(clause.text);
    } else bag.set(key, { clause, count: 1, parts, texts: new Set([clause.text]) });
  }
  const terms = bag.size;
  // A query of no more words than the engine ranks by (stop words not counted) is taken as typed:
  // a repeated word already weighs twice in the OR of the MATCH, and feedback still re-ranks it.
  if (plainCount - stopWords + asked.length <= MAX_QUERY_CLAUSES)
    return { clauses: [...clauses], terms: clauses.length, termsKept: clauses.length, bag: false };
  const idf = (parts: string[][]): number => {
    // A word the catalogue lacks matches nothing and is the first to go; a word of several
    // terms (a CJK run, a hyphenated word) is as informative as its rarest part.
    let best = 0;
    for (const phrase of parts) {
      for (const term of phrase) {
        const df = documentFrequency(term);
        if (df > 0) best = Math.max(best, Math.log(1 + (documents - df + 0.5) / (df + 0.5)));
      }
    }
    return best;
  };
  const fewest = fewestDocuments === undefined ? null : fewestDocuments([...new Set([...bag.values()].flatMap((b) => [...b.texts]))]);
  const room = Math.max(0, MAX_QUERY_CLAUSES - asked.length);
  const ranked = mostInformative(
    [...bag.values()],
    room,
    (b) => b.count * idf(b.parts),
    (b) => {
      // A lone term held by at least n entries has at most the idf of n: a common word of a
      // pasted text is passed over without its frequency (fts5vocab reads its whole lists).
      const [phrase, ...more] = b.parts;
      if (fewest === null || phrase === undefined || more.length > 0 || phrase.length !== 1) return Infinity;
      let least = 0;
      for (const text of b.texts) {
        const known = fewest.get(text);
        if (known !== undefined && known.term === phrase[0]) least = Math.max(least, known.documents);
      }
      return least > 0 ? b.count * Math.log(1 + (documents - least + 0.5) / (least + 0.5)) : Infinity;
    },
  )
    // The kept words in the order they were first written, so the compiled query reads like the text.
    .sort((a, b) => a.order - b.order);
  const kept = ranked.map((b) => ({ ...b.clause, boost: Math.min(b.count, MAX_TERM_WEIGHT) }));
  const askedKept = asked.slice(0, MAX_QUERY_CLAUSES);
  // Nothing but stop words (or signs) asks for something no entry has: the compiler says so
  // when it sees them, so they go to it as they were.
  if (kept.length === 0 && askedKept.length === 0) return { clauses: clauses.slice(0, MAX_QUERY_CLAUSES), terms: 0, termsKept: 0, bag: false };
  return { clauses: [...askedKept, ...kept], terms: terms + asked.length, termsKept: kept.length + askedKept.length, bag: true };
}

/**
 * The `room` items of highest score, ties by their order in `items`, best first. `bound` gives
 * a score no lower than an item's (Infinity when nothing is known): items are scored in
 * order of bound, and once `room` of them score above every bound left the rest are never
 * scored. The result is the one scoring every item would give.
 */
export function mostInformative<T>(
  items: readonly T[],
  room: number,
  score: (item: T) => number,
  bound: (item: T) => number,
): (T & { order: number; score: number })[] {
  if (room <= 0) return [];
  const byBound = items
    .map((item, order) => {
      const most = bound(item);
      return { item, order, bound: Number.isNaN(most) ? Infinity : most };
    })
    .sort((a, b) => (a.bound === b.bound ? a.order - b.order : b.bound - a.bound));
  // The best `room` scored so far, best first (ties by order).
  const best: (T & { order: number; score: number })[] = [];
  for (const { item, order, bound: most } of byBound) {
    if (best.length >= room && (best[room - 1] as { score: number }).score > most) break;
    const scored = { ...item, order, score: score(item) };
    let at = best.length;
    while (
      at > 0 &&
      ((best[at - 1] as { score: number }).score < scored.score ||
        ((best[at - 1] as { score: number }).score === scored.score && (best[at - 1] as { order: number }).order > order))
    )
      at -= 1;
    if (at < room) {
      best.splice(at, 0, scored);
      if (best.length > room) best.pop();
    }
  }
  return best;
}

import type { Database } from 'better-sqlite3';
import type { CollectionStatistics } from './index-statistics.js';
import { parseIds } from './facet-store.js';
import { bandLength, readImpact, type ImpactClause, type ImpactPlan } from './impacts.js';

export interface RankedDoc {
  docid: number;
  score: number;
}

/** bm25()'s constants in FTS5. */
const K1 = 1.2;
const B = 0.75;

/** Per-entry working arrays, indexed by rowid and reused between searches (stamps say which values are this search's). */
class Workspace {
  score = new Float64Array(0);
  mask = new Uint32Array(0);
  stamp = new Int32Array(0);
  phraseStamp = new Int32Array(0);
  frequency = new Uint32Array(0);
  band = new Uint16Array(0);
  private generation = 0;

  fit(size: number): void {
    if (size <= this.score.length) return;
    const n = Math.max(size, Math.ceil(this.score.length * 1.5), 1024);
    this.score = new Float64Array(n);
    this.mask = new Uint32Array(n);
    this.stamp = new Int32Array(n);
    this.phraseStamp = new Int32Array(n);
    this.frequency = new Uint32Array(n);
    this.band = new Uint16Array(n);
    this.generation = 0;
  }

  next(): number {
    if (this.generation >= 0x7ffffff0) {
      this.stamp.fill(0);
      this.phraseStamp.fill(0);
      this.generation = 0;
    }
    this.generation += 1;
    return this.generation;
  }
}

/**
 * Whether an entry with these clause bits matches: every required clause holds, and at least
 * one clause does. Entries reached only through phrases of optional any-phrase clauses always
 * match, which is the common case (plain words), so it is decided without looking.
 */
function matcherOf(clauses: readonly ImpactClause[]): (bits: number) => boolean {
  if (clauses.every((c) => !c.required && (!c.all || (c.mask & (c.mask - 1)) === 0))) return () => true;
  const holds = (bits: number, c: ImpactClause): boolean => (c.all ? (bits & c.mask) === c.mask : (bits & c.mask) !== 0);
  const required = clauses.filter((c) => c.required);
  return (bits) => required.every((c) => holds(bits, c)) && clauses.some((c) => holds(bits, c));
}

/** A bounded heap of the best `capacity` entries, best = higher score, then lower rowid (FTS5's ORDER BY score DESC, rowid). */
class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly capacity: number) {}

  /** Whether (a, as) ranks below (b, bs). */
  private static worse(as: number, a: number, bs: number, b: number): boolean {
    return as < bs || (as === bs && a > b);
  }

  offer(docid: number, score: number): void {
    if (this.capacity <= 0) return;
    const { docs, scores } = this;
    if (docs.length < this.capacity) {
      docs.push(docid);
      scores.push(score);
      this.up(docs.length - 1);
    } else if (TopK.worse(scores[0] as number, docs[0] as number, score, docid)) {
      docs[0] = docid;
      scores[0] = score;
      this.down(0);
    }
  }

  /** The kept entries, best first. */
  sorted(): RankedDoc[] {
    return this.docs
      .map((docid, i) => ({ docid, score: this.scores[i] as number }))
      .sort((x, y) => y.score - x.score || x.docid - y.docid);
  }

  private swap(i: number, j: number): void {
    const { docs, scores } = this;
    [docs[i], docs[j]] = [docs[j] as number, docs[i] as number];
    [scores[i], scores[j]] = [scores[j] as number, scores[i] as number];
  }

  // A min-heap on rank: the root is the worst kept entry.
  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!TopK.worse(this.scores[i] as number, this.docs[i] as number, this.scores[parent] as number, this.docs[parent] as number)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && TopK.worse(this.scores[l] as number, this.docs[l] as number, this.scores[worst] as number, this.docs[worst] as number)) worst = l;
      if (r < n && TopK.worse(this.scores[r] as number, this.docs[r] as number, this.scores[worst] as number, this.docs[worst] as number)) worst = r;
      if (worst === i) return;
      this.swap(i, worst);
      i = worst;
    }
  }
}

/**
 * BM25 over the impact postings (impacts.ts): bm25()'s formula, constants, field weights,
 * idf and average length, summed in memory over every matching entry. Each phrase is a range
 * of tokens, each token's entries one list: every entry of a list gets the same score. Scores equal bm25()'s to within the
 * 2 % length bands (about 0.5 % of a score); which entries match is exactly FTS5's.
 */
export class ImpactRanker {
  private readonly work = new Workspace();

  /** The catalogue's connection caches its prepared statements (core/db/open.ts). */
  constructor(private readonly db: Database) {}

  /**
   * Ranks every entry the plan matches and `keep` lets through: the best `top` of them in
   * order, and every one of them (for the total and the facets), by rowid order of discovery.
   */
  rank(plan: ImpactPlan, statistics: CollectionStatistics, keep: ((docid: number) => boolean) | null, top: number): { rows: RankedDoc[]; matched: number[] } {
    const highest = (this.db.prepare('SELECT max(docid) FROM search_docs').pluck().get() as number | null) ?? 0;
    const work = this.work;
    work.fit(highest + 1);
    const generation = work.next();
    const { score, mask, stamp, phraseStamp, frequency, band } = work;
    const touched: number[] = [];
    const normalisation = new Map<number, number>();
    const lengthTerm = (b: number): number => {
      let value = normalisation.get(b);
      if (value === undefined) {
        value = K1 * (1 - B + (B * bandLength(b)) / statistics.averageLength);
        normalisation.set(b, value);
      }
      return value;
    };
    // The range's tokens from the vocabulary, then each token's rowids by MATCH: twice as
    // fast as one grouped scan of fts5vocab's per-posting rows, which copies the token string
    // into every row.
    const tokensIn = this.db.prepare('SELECT term FROM search_impact_vocab WHERE term >= ? AND term < ?').pluck();
    const rowidsOf = this.db.prepare('SELECT group_concat(rowid) FROM search_impacts WHERE search_impacts MATCH ?').pluck();

    for (const phrase of plan.phrases) {
      const phraseGeneration = work.next();
      const docs: number[] = [];
      for (const token of tokensIn.all(phrase.range.from, phrase.range.to) as string[]) {
        const impact = readImpact(token);
        const list = impact === null ? null : (rowidsOf.get(`"${token.replace(/"/g, '""')}"`) as string | null);
        if (impact === null || list === null) continue;
        // The rowids as digits and commas, read in place rather than split into strings.
        let d = 0;
        for (let i = 0; i <= list.length; i += 1) {
          const c = i < list.length ? list.charCodeAt(i) : 44;
          if (c !== 44) {
            d = d * 10 + (c - 48);
            continue;
          }
          if (d < highest + 1) {
            if (phraseStamp[d] !== phraseGeneration) {
              phraseStamp[d] = phraseGeneration;
              frequency[d] = 0;
              band[d] = impact.band;
              docs.push(d);
            }
            frequency[d] = (frequency[d] as number) + impact.frequency;
          }
          d = 0;
        }
      }
      const hits = docs.length;
      let idf = Math.log((statistics.documents - hits + 0.5) / (hits + 0.5));
      if (!(idf > 0)) idf = 1e-6;
      const weight = phrase.weight * idf * (K1 + 1);
      for (const doc of docs) {
        if (stamp[doc] !== generation) {
          stamp[doc] = generation;
          score[doc] = 0;
          mask[doc] = 0;
          touched.push(doc);
        }
        const f = frequency[doc] as number;
        score[doc] = (score[doc] as number) + (weight * f) / (f + lengthTerm(band[doc] as number));
        mask[doc] = (mask[doc] as number) | phrase.bits;
      }
    }

    // Excluded entries are marked with a fresh stamp rather than put in a Set: "-wool" can exclude most of the catalogue.
    const excludedMark = work.next();
    if (plan.exclude !== null) for (const doc of this.excluded(plan.exclude)) if (doc <= highest) phraseStamp[doc] = excludedMark;
    const matches = matcherOf(plan.clauses);
    const best = new TopK(top);
    const matched: number[] = [];
    for (const doc of touched) {
      if (!matches(mask[doc] as number) || phraseStamp[doc] === excludedMark || (keep !== null && !keep(doc))) continue;
      matched.push(doc);
      best.offer(doc, score[doc] as number);
    }
    return { rows: best.sorted(), matched };
  }

  private excluded(match: string): number[] {
    const list = this.db.prepare('SELECT group_concat(rowid) FROM search_index WHERE search_index MATCH ?').pluck().get(match) as string | null;
    return list === null ? [] : parseIds(list);
  }
}

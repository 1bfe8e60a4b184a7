import type { Database } from 'better-sqlite3';
import { K1, inverseFrequency, lengthNormalisation } from './bm25.js';
import type { CollectionStatistics } from './index-statistics.js';
import { mostIds, parseIdsInto, rowidList } from './rowid-lists.js';
import { bandLength, readImpact, type ImpactClause, type ImpactGroup, type ImpactPhrase, type ImpactPlan, type TokenRange } from './impacts.js';

/** What a concept's IPC code adds to an entry the query reached, as a share of the concept's full weight. */
const CODE_BOOST = 0.1;

const EMPTY_LIST = new Uint8Array(0);

/**
 * At most this many entries are kept over all concept groups (14 bytes each: about 21 MB), and
 * a group of more than a quarter of it is not kept.
 */
const MAX_KEPT_GROUP_ENTRIES = 1_500_000;

/** What a group's kept entries are found under: its alternatives' token ranges and scales, for the rowids up to `highest`. */
function groupKey(group: ImpactGroup, highest: number): string {
  return JSON.stringify([highest, group.alternatives.map((a) => [a.scale, a.ranges.map((r) => [r.from, r.to])])]);
}

/** A concept group's entries (in the order its lists reached them), each with its summed frequency and length band. */
interface GroupEntries {
  docs: Int32Array;
  frequency: Float64Array;
  band: Uint16Array;
}

export interface RankedDoc {
  docid: number;
  score: number;
}

/** Per-entry working arrays, indexed by rowid and reused between searches (stamps say which values are this search's). */
class Workspace {
  score = new Float64Array(0);
  mask = new Uint32Array(0);
  stamp = new Int32Array(0);
  phraseStamp = new Int32Array(0);
  // Weighted frequencies come in halves (the attachments field weighs 0.5).
  frequency = new Float64Array(0);
  band = new Uint16Array(0);
  private generation = 0;

  /** The rowids of the list read last (read()), and the entries a search or a prefix reached, in order of discovery. */
  ids = new Int32Array(1024);
  touchedDocs = new Int32Array(0);
  phraseDocs = new Int32Array(0);
  /** A concept's label of several ranges: the entries of its first range, whether they hold the rest (stamps) and their least frequency. */
  altStamp = new Int32Array(0);
  altFrequency = new Float64Array(0);
  altDocs = new Int32Array(0);
  /** The matches of the last search (rank() hands out a view of it, read before the next search). */
  matched = new Int32Array(0);

  fit(size: number): void {
    if (size <= this.score.length) return;
    const n = Math.max(size, Math.ceil(this.score.length * 1.5), 1024);
    this.score = new Float64Array(n);
    this.mask = new Uint32Array(n);
    this.stamp = new Int32Array(n);
    this.phraseStamp = new Int32Array(n);
    this.frequency = new Float64Array(n);
    this.band = new Uint16Array(n);
    this.touchedDocs = new Int32Array(n);
    this.phraseDocs = new Int32Array(n);
    this.matched = new Int32Array(n);
    this.altStamp = new Int32Array(n);
    this.altFrequency = new Float64Array(n);
    this.altDocs = new Int32Array(n);
    this.generation = 0;
  }

  /** Parses a rowid list (rowid-lists.ts) into `ids` (replaced by a larger array when needed: read `ids` after calling) and says how many there are. */
  read(list: Uint8Array): number {
    const most = mostIds(list);
    if (most > this.ids.length) this.ids = new Int32Array(Math.max(most, this.ids.length * 2));
    return parseIdsInto(list, this.ids);
  }

  /** How many entries this search has reached (the first `touched` of touchedDocs), and the stamp marking them. */
  touched = 0;
  private searchStamp = 0;

  /** Starts a search: no entry reached yet. */
  startSearch(): void {
    this.searchStamp = this.next();
    this.touched = 0;
  }

  /** Whether this search reached the entry. */
  reached(doc: number): boolean {
    return this.stamp[doc] === this.searchStamp;
  }

  /** Adds a phrase's points and clause bits to an entry, noting it the first time this search reaches it. */
  add(doc: number, points: number, bits: number): void {
    if (this.stamp[doc] !== this.searchStamp) {
      this.stamp[doc] = this.searchStamp;
      this.score[doc] = 0;
      this.mask[doc] = 0;
      this.touchedDocs[this.touched++] = doc;
    }
    this.score[doc] = (this.score[doc] as number) + points;
    this.mask[doc] = (this.mask[doc] as number) | bits;
  }

  next(): number {
    if (this.generation >= 0x7ffffff0) {
      this.stamp.fill(0);
      this.phraseStamp.fill(0);
      this.altStamp.fill(0);
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

/**
 * Whether a search's matches are handed over in rowid order, read off the workspace's stamps,
 * rather than as found: when they are many, the facet counts that follow then walk their
 * arrays forwards instead of jumping about a million entries.
 */
function inRowidOrder(matches: number, highest: number): boolean {
  return matches * 16 > highest;
}

/** A bounded heap of the best `capacity` entries, best = higher score, then lower rowid (FTS5's ORDER BY score DESC, rowid). */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly capacity: number) {}

  get full(): boolean {
    return this.docs.length >= this.capacity;
  }

  /** The lowest score kept (the heap's root); only meaningful when full. */
  get worstScore(): number {
    return this.scores[0] ?? -Infinity;
  }

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
    return this.docs.map((docid, i) => ({ docid, score: this.scores[i] as number })).sort((x, y) => y.score - x.score || x.docid - y.docid);
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

/** One token of a phrase's range: what every entry in its list has, and how many entries that is. */
interface TokenList {
  token: string;
  frequency: number;
  band: number;
  documents: number;
}

/**
 * What rank() answers: the page's candidates, the total, and (when asked for) every match, in
 * rowid order when there are many: a view of the ranker's own buffer, valid until its next search.
 */
export interface ImpactRanking {
  rows: RankedDoc[];
  total: number;
  matched: Int32Array | null;
}

/**
 * BM25 over the impact postings (impacts.ts): bm25()'s formula, constants, field weights,
 * idf and average length, summed in memory over every matching entry. Each phrase is a range
 * of tokens, each token's entries one list, and every entry of a list has the same frequency
 * and length. Scores equal bm25()'s to within the 2 % length bands (about 0.5 % of a score);
 * which entries match is exactly FTS5's.
 *
 * A lone term, two-word phrase or 3- or 4-character prefix with nothing else to decide per
 * entry reads its lists best first (bestListsFirst): every entry of a list scores the same.
 */
export class ImpactRanker {
  private readonly work = new Workspace();
  /** Concept groups' entries by their alternatives, least recently used first, and how many entries they hold between them. */
  private readonly groups = new Map<string, GroupEntries>();
  private keptGroupEntries = 0;
  /** K1·(1 − B + B·length/avgdl) by length band, for `forAverage`; 0 where not worked out yet. */
  private readonly normalisation = new Float64Array(1 << 16);
  private forAverage = NaN;

  /**
   * The catalogue's connection caches its prepared statements (core/db/open.ts);
   * `idsMatching` lists the rowids an FTS5 expression matches (the engine's one pass for that), for exclusions;
   * `vocabulary` gives the impact tokens of a range with their document counts (the engine's are kept between searches).
   */
  constructor(
    private readonly db: Database,
    private readonly idsMatching: (match: string) => ArrayLike<number>,
    private readonly vocabulary: (range: TokenRange) => readonly (readonly [string, number])[],
  ) {}

  rank(plan: ImpactPlan, statistics: CollectionStatistics, keep: ((docid: number) => boolean) | null, top: number, wantMatches: boolean): ImpactRanking {
    this.useAverage(statistics);
    const only = plan.phrases.length === 1 ? (plan.phrases[0] as ImpactPhrase) : null;
    if (only !== null && only.range.exact && plan.exclude === null && plan.groups.length === 0)
      return this.bestListsFirst(only, statistics, keep, top, wantMatches);
    return this.everyMatch(plan, statistics, keep, top, wantMatches);
  }

  /**
   * What the concept groups add to the score of each of `candidates` (the matches FTS5 found
   * for a query the impact postings cannot answer), worked out as everyMatch works it out:
   * one term over all of a concept's labels, and the IPC boost for candidates carrying one of
   * its codes. Aligned with `candidates`; 0 for one no group reaches.
   */
  conceptScores(groups: readonly ImpactGroup[], statistics: CollectionStatistics, candidates: ArrayLike<number>): Float64Array {
    this.useAverage(statistics);
    const highest = this.fitWorkspace();
    const work = this.work;
    work.startSearch();
    // Every candidate counts as reached, so the code boost finds those the other clauses matched.
    for (let i = 0; i < candidates.length; i += 1) {
      const doc = candidates[i] as number;
      if (doc <= highest) work.add(doc, 0, 0);
    }
    for (const group of groups) this.scoreGroup(group, statistics, highest);
    const out = new Float64Array(candidates.length);
    for (let i = 0; i < candidates.length; i += 1) {
      const doc = candidates[i] as number;
      if (doc <= highest) out[i] = work.score[doc] as number;
    }
    return out;
  }

  private useAverage(statistics: CollectionStatistics): void {
    if (statistics.averageLength === this.forAverage) return;
    this.normalisation.fill(0);
    this.forAverage = statistics.averageLength;
  }

  private lengthTerm(band: number, averageLength: number): number {
    let value = this.normalisation[band] as number;
    if (value === 0) {
      value = lengthNormalisation(bandLength(band), averageLength);
      this.normalisation[band] = value;
    }
    return value;
  }

  /** The tokens of a range with their document counts (the vocabulary counts them as it lists them). */
  private tokens(phrase: { range: TokenRange }): TokenList[] {
    const out: TokenList[] = [];
    for (const [token, documents] of this.vocabulary(phrase.range)) {
      const impact = readImpact(token);
      if (impact !== null && documents > 0) out.push({ token, frequency: impact.frequency, band: impact.band, documents });
    }
    return out;
  }

  /** Sizes the workspace for every rowid the index has; returns the highest. */
  private fitWorkspace(): number {
    const highest = this.highestDocid();
    this.work.fit(highest + 1);
    return highest;
  }

  private highestDocid(): number {
    return (this.db.prepare('SELECT max(docid) FROM search_docs').pluck().get() as number | null) ?? 0;
  }

  /** A token's rowids by MATCH, as one list (rowid-lists.ts) rather than a row per entry. */
  private list(token: string): Uint8Array {
    const list = this.db
      .prepare(`SELECT ${rowidList('rowid')} FROM search_impacts WHERE search_impacts MATCH ?`)
      .pluck()
      .get(`"${token.replace(/"/g, '""')}"`) as Uint8Array | null;
    return list ?? EMPTY_LIST;
  }

  /** bm25()'s weight for a phrase in `hits` entries, times how often the query names it and K1 + 1. */
  private static weightOf(phrase: ImpactPhrase, hits: number, statistics: CollectionStatistics): number {
    return phrase.weight * inverseFrequency(statistics.documents, hits) * (K1 + 1);
  }

  /**
   * A lone term, pair or 3- or 4-character prefix with nothing else to decide per entry:
   * every entry of a list scores the same, so lists are read best first and the page is full
   * after the first few. Without a list of matches wanted, the rest are never read and the
   * total is the vocabulary's; with one, they are read only to be marked, not scored. Under
   * filters every list is read, for the filter is asked about every match (a facet collector
   * counts them all) and the total is of those kept, but still nothing is summed per entry.
   */
  private bestListsFirst(
    phrase: ImpactPhrase,
    statistics: CollectionStatistics,
    keep: ((docid: number) => boolean) | null,
    top: number,
    wantMatches: boolean,
  ): ImpactRanking {
    const tokens = this.tokens(phrase);
    const total = tokens.reduce((sum, t) => sum + t.documents, 0);
    const weight = ImpactRanker.weightOf(phrase, total, statistics);
    const scored = tokens
      .map((t) => ({ token: t.token, score: (weight * t.frequency) / (t.frequency + this.lengthTerm(t.band, statistics.averageLength)) }))
      .sort((a, b) => b.score - a.score);
    const best = new TopK(top);
    const work = this.work;
    if (!wantMatches && keep === null) {
      for (const { token, score } of scored) {
        // A list scoring less than the page's last entry cannot change the page.
        if (best.full && score < best.worstScore) break;
        const n = work.read(this.list(token));
        const ids = work.ids;
        for (let i = 0; i < n; i += 1) best.offer(ids[i] as number, score);
      }
      return { rows: best.sorted(), total, matched: null };
    }
    const highest = this.fitWorkspace();
    const mark = work.next();
    const { phraseStamp, touchedDocs, matched } = work;
    let found = 0;
    for (const { token, score } of scored) {
      const n = work.read(this.list(token));
      const ids = work.ids;
      const onPage = !best.full || score >= best.worstScore;
      for (let i = 0; i < n; i += 1) {
        const doc = ids[i] as number;
        if (doc > highest || (keep !== null && !keep(doc))) continue;
        phraseStamp[doc] = mark;
        touchedDocs[found++] = doc;
        if (onPage) best.offer(doc, score);
      }
    }
    if (!wantMatches) return { rows: best.sorted(), total: found, matched: null };
    if (!inRowidOrder(found, highest)) return { rows: best.sorted(), total: found, matched: touchedDocs.subarray(0, found) };
    let n = 0;
    for (let doc = 0; doc <= highest; doc += 1) if (phraseStamp[doc] === mark) matched[n++] = doc;
    return { rows: best.sorted(), total: n, matched: matched.subarray(0, n) };
  }

  /**
   * A concept group's entries, each with its summed frequency and its length band: read from
   * the impact postings the first time, then kept until the catalogue changes (forget()), as
   * the vocabulary's token counts are. A concept's labels in three languages and its narrower
   * concepts' are many lists, and the library asks the same concept again with every keystroke
   * that leaves the word as it was, with every filter and every page.
   */
  private groupEntries(group: ImpactGroup, highest: number): GroupEntries {
    const key = groupKey(group, highest);
    const known = this.groups.get(key);
    if (known !== undefined) {
      // Most recently used last: the first is the one to drop.
      this.groups.delete(key);
      this.groups.set(key, known);
      return known;
    }
    const entries = this.readGroup(group, highest);
    if (entries.docs.length <= MAX_KEPT_GROUP_ENTRIES / 4) {
      this.groups.set(key, entries);
      this.keptGroupEntries += entries.docs.length;
      for (const [oldest, dropped] of this.groups) {
        if (this.keptGroupEntries <= MAX_KEPT_GROUP_ENTRIES) break;
        this.groups.delete(oldest);
        this.keptGroupEntries -= dropped.docs.length;
      }
    }
    return entries;
  }

  /**
   * How many entries a plan of one concept alone matches (a corrected word a "Did you mean"
   * offers), when the concept's entries are kept: every entry the concept reaches is a match.
   * Null for any other plan, or a concept not kept, which FTS5 counts faster than its lists are read.
   */
  countKeptConcept(plan: ImpactPlan, keep: ((docid: number) => boolean) | null): number | null {
    const group = plan.groups.length === 1 && plan.phrases.length === 0 && plan.exclude === null && plan.clauses.length === 1 ? plan.groups[0] : undefined;
    if (group === undefined || this.groups.size === 0) return null;
    const docs = this.groups.get(groupKey(group, this.highestDocid()))?.docs;
    if (docs === undefined) return null;
    if (keep === null) return docs.length;
    let n = 0;
    for (let i = 0; i < docs.length; i += 1) if (keep(docs[i] as number)) n += 1;
    return n;
  }

  /** Forgets the concept groups' entries: the catalogue changed. */
  forget(): void {
    this.groups.clear();
    this.keptGroupEntries = 0;
  }

  /**
   * Reads a group's entries from its alternatives' lists. The sums are kept in the workspace's
   * arrays under stamps, not in maps: a label of common words reaches most of the catalogue.
   */
  private readGroup(group: ImpactGroup, highest: number): GroupEntries {
    const work = this.work;
    // The group's entries: frequency and band under the group's stamp (everyMatch's phrases are done with them).
    const { frequency, band, phraseStamp: groupStamp, phraseDocs: groupDocs, altStamp, altFrequency, altDocs } = work;
    const groupMark = work.next();
    let reached = 0;
    for (const alternative of group.alternatives) {
      const ranges = alternative.ranges;
      if (ranges.length === 1) {
        // One range (a term or a pair): each entry of its lists holds the alternative with the list's frequency.
        for (const t of this.tokens({ range: ranges[0] as TokenRange })) {
          const f = alternative.scale * t.frequency;
          const n = work.read(this.list(t.token));
          const ids = work.ids;
          for (let i = 0; i < n; i += 1) {
            const doc = ids[i] as number;
            if (doc > highest) continue;
            if (groupStamp[doc] !== groupMark) {
              groupStamp[doc] = groupMark;
              frequency[doc] = 0;
              band[doc] = t.band;
              groupDocs[reached++] = doc;
            }
            frequency[doc] = (frequency[doc] as number) + f;
          }
        }
        continue;
      }
      // Several ranges: an entry holds the alternative when it is in every one (an entry is in
      // one token's list of a range at most: term and pair ranges are exact); its frequency is the least.
      let held = 0;
      let mark = 0;
      for (let r = 0; r < ranges.length; r += 1) {
        const previous = mark;
        mark = work.next();
        let kept = 0;
        for (const t of this.tokens({ range: ranges[r] as TokenRange })) {
          const n = work.read(this.list(t.token));
          const ids = work.ids;
          for (let i = 0; i < n; i += 1) {
            const doc = ids[i] as number;
            if (doc > highest) continue;
            if (r === 0) {
              altStamp[doc] = mark;
              altFrequency[doc] = t.frequency;
              band[doc] = t.band;
              altDocs[held++] = doc;
            } else if (altStamp[doc] === previous) {
              altStamp[doc] = mark;
              if (t.frequency < (altFrequency[doc] as number)) altFrequency[doc] = t.frequency;
              kept += 1;
            }
          }
        }
        if (r === 0 ? held === 0 : kept === 0) {
          held = 0;
          break;
        }
      }
      for (let i = 0; i < held; i += 1) {
        const doc = altDocs[i] as number;
        if (altStamp[doc] !== mark) continue;
        if (groupStamp[doc] !== groupMark) {
          groupStamp[doc] = groupMark;
          frequency[doc] = 0;
          groupDocs[reached++] = doc;
        }
        frequency[doc] = (frequency[doc] as number) + alternative.scale * (altFrequency[doc] as number);
      }
    }
    const docs = groupDocs.slice(0, reached);
    const out: GroupEntries = { docs, frequency: new Float64Array(reached), band: new Uint16Array(reached) };
    for (let i = 0; i < reached; i += 1) {
      const doc = docs[i] as number;
      out.frequency[i] = frequency[doc] as number;
      out.band[i] = band[doc] as number;
    }
    return out;
  }

  /**
   * A concept as one term: per entry, the sum over its alternatives of their frequency (each
   * scaled; an alternative of several ranges counts its least), and one idf over the entries
   * holding any alternative. Entries already reached that carry one of the concept's IPC codes
   * then get CODE_BOOST.
   */
  private scoreGroup(group: ImpactGroup, statistics: CollectionStatistics, highest: number): void {
    const work = this.work;
    const { docs, frequency, band } = this.groupEntries(group, highest);
    const reached = docs.length;
    if (reached === 0) return;
    const weight = group.weight * inverseFrequency(statistics.documents, reached) * (K1 + 1);
    const average = statistics.averageLength;
    for (let i = 0; i < reached; i += 1) {
      const f = frequency[i] as number;
      work.add(docs[i] as number, (weight * f) / (f + this.lengthTerm(band[i] as number, average)), group.bits);
    }
    if (group.codes.length === 0) return;
    const coded = this.db.prepare('SELECT DISTINCT docid FROM search_doc_classes WHERE code >= ? AND code < ?').pluck();
    const boosted = new Set<number>();
    for (const code of group.codes) {
      for (const doc of coded.all(code, `${code}\x7f`) as number[]) {
        if (boosted.has(doc) || doc > highest || !work.reached(doc)) continue;
        boosted.add(doc);
        work.add(doc, CODE_BOOST * weight, 0);
      }
    }
  }

  /**
   * Takes the frequencies of `ranges` from the entries summed under `generation` (the first
   * `hits` of the workspace's phrase entries) and keeps those left with some: a body: term is
   * its term's tokens less its other fields'. Frequencies are whole halves, so the difference
   * is exact; a term's frequency capped at MAX_WEIGHTED_FREQUENCY (a word written a thousand
   * times over) may leave an entry out. Returns how many are kept, first in the list.
   */
  private subtract(ranges: readonly TokenRange[], generation: number, hits: number, highest: number): number {
    const work = this.work;
    const { phraseStamp, frequency, phraseDocs: docs } = work;
    for (const range of ranges) {
      for (const t of this.tokens({ range })) {
        const n = work.read(this.list(t.token));
        const ids = work.ids;
        for (let i = 0; i < n; i += 1) {
          const doc = ids[i] as number;
          if (doc <= highest && phraseStamp[doc] === generation) frequency[doc] = (frequency[doc] as number) - t.frequency;
        }
      }
    }
    let kept = 0;
    for (let i = 0; i < hits; i += 1) {
      const doc = docs[i] as number;
      if ((frequency[doc] as number) > 0) docs[kept++] = doc;
    }
    return kept;
  }

  /**
   * Every match scored. The loops below run once per posting (a million for a common prefix
   * at 1,000,000 entries), so they are written out over the workspace's arrays rather than
   * passed callbacks, which V8 would not inline.
   */
  private everyMatch(
    plan: ImpactPlan,
    statistics: CollectionStatistics,
    keep: ((docid: number) => boolean) | null,
    top: number,
    wantMatches: boolean,
  ): ImpactRanking {
    const highest = this.fitWorkspace();
    const work = this.work;
    work.startSearch();
    const { score, mask, phraseStamp, frequency, band } = work;
    const average = statistics.averageLength;
    const lone = plan.phrases.length === 1;

    for (const phrase of plan.phrases) {
      const tokens = this.tokens(phrase);
      const bits = phrase.bits;
      if (phrase.range.exact) {
        // Each entry is in one list: its score is the list's.
        const weight = ImpactRanker.weightOf(
          phrase,
          tokens.reduce((sum, t) => sum + t.documents, 0),
          statistics,
        );
        for (const t of tokens) {
          const points = (weight * t.frequency) / (t.frequency + this.lengthTerm(t.band, average));
          const n = work.read(this.list(t.token));
          const ids = work.ids;
          for (let i = 0; i < n; i += 1) {
            const doc = ids[i] as number;
            if (doc <= highest) work.add(doc, points, bits);
          }
        }
        continue;
      }
      // A prefix: an entry's frequency is the sum over its terms in the range, as FTS5 counts a
      // prefix phrase; a body: term, its term's less the other fields' (subtract).
      const phraseGeneration = work.next();
      let hits = 0;
      const docs = work.phraseDocs;
      for (const t of tokens) {
        const n = work.read(this.list(t.token));
        const ids = work.ids;
        for (let i = 0; i < n; i += 1) {
          const doc = ids[i] as number;
          if (doc > highest) continue;
          if (phraseStamp[doc] !== phraseGeneration) {
            phraseStamp[doc] = phraseGeneration;
            frequency[doc] = 0;
            band[doc] = t.band;
            docs[hits++] = doc;
          }
          frequency[doc] = (frequency[doc] as number) + t.frequency;
        }
      }
      if (phrase.range.minus !== undefined) hits = this.subtract(phrase.range.minus, phraseGeneration, hits, highest);
      const weight = ImpactRanker.weightOf(phrase, hits, statistics);
      for (let i = 0; i < hits; i += 1) {
        const doc = docs[i] as number;
        const f = frequency[doc] as number;
        work.add(doc, (weight * f) / (f + this.lengthTerm(band[doc] as number, average)), bits);
      }
    }

    for (const group of plan.groups) this.scoreGroup(group, statistics, highest);
    // Excluded entries are marked with a fresh stamp rather than put in a Set: "-wool" can exclude most of the catalogue.
    const excludedMark = work.next();
    if (plan.exclude !== null) {
      const excluded = this.idsMatching(plan.exclude);
      for (let i = 0; i < excluded.length; i += 1) {
        const doc = excluded[i] as number;
        if (doc <= highest) phraseStamp[doc] = excludedMark;
      }
    }
    // One phrase: every entry it reaches holds its clauses.
    const matches = lone && plan.groups.length === 0 ? null : matcherOf(plan.clauses);
    const best = new TopK(top);
    let floor = -Infinity;
    const matched = work.matched;
    let total = 0;
    const { touched, touchedDocs } = work;
    const inOrder = wantMatches && inRowidOrder(touched, highest);
    const end = inOrder ? highest + 1 : touched;
    for (let i = 0; i < end; i += 1) {
      const doc = inOrder ? i : (touchedDocs[i] as number);
      if (inOrder && !work.reached(doc)) continue;
      if (phraseStamp[doc] === excludedMark || (matches !== null && !matches(mask[doc] as number)) || (keep !== null && !keep(doc))) continue;
      matched[total++] = doc;
      const s = score[doc] as number;
      // Most entries score below the page's last: they are turned away before the heap is asked.
      if (s >= floor) {
        best.offer(doc, s);
        if (best.full) floor = best.worstScore;
      }
    }
    return { rows: best.sorted(), total, matched: wantMatches ? matched.subarray(0, total) : null };
  }
}

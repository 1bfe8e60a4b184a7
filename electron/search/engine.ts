import type { Database } from 'better-sqlite3';
import type { EntryKind, EntryStatus } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import { groupByEntry } from '../core/group-rows.js';
import { variantSiblings } from '../core/services/variants.js';
import type { QueryClause, SearchFacets, SearchFieldName, SearchHit, SearchResult } from '../../shared/schemas/search.js';
import { FacetStore, type FacetLabels, type StoreFilters } from './facet-store.js';
import { BM25_WEIGHTS, SEARCH_FIELDS, queryNameOf, type SearchColumn } from './fields.js';
import { ImpactRanker, TopK } from './impact-ranker.js';
import type { ImpactPlan } from './impacts.js';
import { IndexStatistics } from './index-statistics.js';
import { REINDEX_BATCH, type IndexedAttachment, type SearchIndexer } from './indexer.js';
import { PIPELINE_VERSION, analyse, markdownToText } from './pipeline.js';
import { compileQuery, type CompiledQuery, type TermMatcher } from './query-compiler.js';
import { parseQuery } from './query-parser.js';
import { MAX_QUERY_WORDS, condenseClauses, firstWords, type QueryCondensed } from './long-query.js';
import { DEFAULT_RANKING, type RankingSettings } from './ranking-settings.js';
import { RERANK_DEPTH, inFts5Order, reRankable, rerankWithFeedback, type EntryTexts, type FeedbackSource, type Ranked } from './relevance-feedback.js';
import { cutSnippet, flatten, matchedSpans, readerText, type Span } from './snippets.js';
import { suggestQuery } from './suggestion.js';
import { attachmentSnippetOf, attachmentsMatch } from './attachment-snippets.js';
import { surfaceForm } from './surface-words.js';
import { Vocabulary } from './vocabulary.js';
import { ConceptLabels, expandQuery, matchedLanguages, type ConceptGroup, type ExpandedQuery } from './concept-expansion.js';

/** A MATCH of one quoted term that is one FTS5 token (no ASCII character but letters and digits): the term. */
const SINGLE_TERM = /^"((?:[a-zA-Z0-9]|[^\p{ASCII}])+)"$/u;

/** A word of Latin or basic Cyrillic letters and digits: its surface form and its index term are made the same way everywhere. */
const PLAIN_WORD = /^[a-zA-Z0-9\u0400-\u04ff]+$/;

/** A query with fewer hits than this may get a "Did you mean …". */
const SUGGEST_BELOW = 3;
import { parseIds, rowidList } from './rowid-lists.js';

/**
 * Filters after the API has parsed them and the catalogue has resolved names to ids: those
 * the facet store decides per document, and two that need the database.
 */
export interface ResolvedFilters extends StoreFilters {
  kind?: readonly EntryKind[] | undefined;
  status?: readonly EntryStatus[] | undefined;
  classification?: readonly string[] | undefined;
  adoptedById?: string | undefined;
}

export interface SearchOptions {
  query: string;
  filters: ResolvedFilters;
  sort: 'relevance' | 'newest' | 'title';
  limit: number;
  cursor?: string | undefined;
  facets: boolean;
  /** False skips snippets and matched fields (ranking evaluations that read 1,000 hits). */
  snippets?: boolean | undefined;
  /** False keeps FTS5's BM25 order for free-text queries, without the feedback re-ranking (evaluations compare the two). */
  rerank?: boolean | undefined;
  /** Thesaurus expansion (default on), and the concepts switched off. */
  expand?: boolean | undefined;
  expandOff?: readonly string[] | undefined;
  /** Candidate ranking settings (the tuning harness); the app leaves this out and ranks with DEFAULT_RANKING. */
  ranking?: RankingSettings | undefined;
  /** False ranks with FTS5's bm25() even where the impact postings could (evaluations compare the two paths). */
  impact?: boolean | undefined;
}

/** What the re-ranking of one search was given (SearchEngine.rerankingInput), for the tuning harness. */
export interface RerankingInput {
  /** The first RERANK_DEPTH matches in FTS5's order, with their BM25 scores and entry ids. */
  candidates: (Ranked & { entryId: string })[];
  phrases: number;
  queryTerms: string[];
  queryWords: string[][];
  /** What the re-ranking reads. */
  source: FeedbackSource;
}

/** Whether and how a query is expanded through the thesaurus. */
export interface ExpandOptions {
  expand?: boolean | undefined;
  expandOff?: readonly string[] | undefined;
}

const NO_EXPANSION: ExpandedQuery = { groups: [], expansion: [] };

/** What a page of hits needs of each entry to cut its snippets. */
interface PageTexts {
  title: string;
  texts: Record<SearchColumn, string>;
  attachments: IndexedAttachment[];
}

interface Where {
  sql: string[];
  params: Record<string, unknown>;
}

/** Similar entries: how many of the entry's heaviest terms are weighed, how many make the query, and the least document-frequency cap. */
const SIMILAR_CANDIDATES = 40;
const SIMILAR_TERMS = 12;
const SIMILAR_MIN_CAP = 50;

function whereOf(filters: ResolvedFilters): Where {
  const sql: string[] = [];
  const params: Record<string, unknown> = {};
  const list = (name: string, column: string, values: readonly string[] | undefined): void => {
    if (!values || values.length === 0) return;
    sql.push(`d.${column} IN (SELECT value FROM json_each(@${name}))`);
    params[name] = JSON.stringify(values);
  };
  list('kinds', 'kind', filters.kind);
  list('statuses', 'status', filters.status);
  list('languages', 'language', filters.language);
  (filters.tagIds ?? []).forEach((id, i) => {
    // search_doc_tags holds each entry's tags and their ancestors, so this includes descendants.
    sql.push(`d.docid IN (SELECT docid FROM search_doc_tags WHERE tag = (SELECT num FROM search_tag_numbers WHERE tag_id = @tag${i}))`);
    params[`tag${i}`] = id;
  });
  if (filters.enterpriseId !== undefined) {
    sql.push('d.enterprise_id = @enterprise');
    params.enterprise = filters.enterpriseId;
  }
  if (filters.classification && filters.classification.length > 0) {
    const ranges = filters.classification.map((prefix, i) => {
      params[`classFrom${i}`] = prefix;
      params[`classTo${i}`] = `${prefix}\x7f`;
      return `(code >= @classFrom${i} AND code < @classTo${i})`;
    });
    sql.push(`d.docid IN (SELECT docid FROM search_doc_classes WHERE ${ranges.join(' OR ')})`);
  }
  if (filters.yearFrom !== undefined) {
    sql.push('d.year >= @yearFrom');
    params.yearFrom = filters.yearFrom;
  }
  if (filters.yearTo !== undefined) {
    sql.push('d.year <= @yearTo');
    params.yearTo = filters.yearTo;
  }
  if (filters.hasAttachments !== undefined) {
    sql.push('d.has_attachments = @hasAttachments');
    params.hasAttachments = filters.hasAttachments ? 1 : 0;
  }
  if (filters.adoptedById !== undefined) {
    // Adoptions are read live: they change without the entry being written.
    sql.push('d.entry_id IN (SELECT entry_id FROM adoptions WHERE enterprise_id = @adopter)');
    params.adopter = filters.adoptedById;
  }
  return { sql, params };
}

/** The WHERE clause over search_docs for a query without words to rank: filters, and exclusions if any. */
function browseClause(exclude: string | null, where: Where): { clause: string; params: Record<string, unknown> } {
  const conditions = [...where.sql];
  const params: Record<string, unknown> = { ...where.params };
  if (exclude !== null) {
    conditions.push('d.docid NOT IN (SELECT rowid FROM search_index WHERE search_index MATCH @exclude)');
    params.exclude = exclude;
  }
  return { clause: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** True when every filter is one the facet store can decide per document (classification and adoption need the database). */
function storeDecides(filters: ResolvedFilters): boolean {
  return (filters.classification === undefined || filters.classification.length === 0) && filters.adoptedById === undefined;
}

/** True when a facet's own selection is among the filters; facets are then counted disjunctively (facet-store.ts, facetCollector). */
function facetFiltered(f: ResolvedFilters): boolean {
  const some = (values: readonly unknown[] | undefined): boolean => values !== undefined && values.length > 0;
  return (
    some(f.kind) ||
    some(f.status) ||
    some(f.language) ||
    some(f.tagIds) ||
    some(f.classification) ||
    f.enterpriseId !== undefined ||
    f.yearFrom !== undefined ||
    f.yearTo !== undefined
  );
}

/** The filters no facet shows: the matches facets are counted over meet these, and the facet filters are applied per facet. */
function withoutFacetFilters(f: ResolvedFilters): ResolvedFilters {
  return { hasAttachments: f.hasAttachments, adoptedById: f.adoptedById };
}

/** Phrases of several terms, column filters, AND and NOT: FTS5 checks many candidates per match. */
function fewMatchesPerCandidate(match: string): boolean {
  return /"[^"]* [^"]*"|\{[a-z]+\} :| AND | NOT /.test(match);
}

/** The SQL function ratio_search_keep(rowid), one per connection, asking whichever search is running. */
const keepers = new WeakMap<Database, { keep: ((docid: number) => boolean) | null }>();
function keeperFor(db: Database): { keep: ((docid: number) => boolean) | null } {
  let keeper = keepers.get(db);
  if (!keeper) {
    const created: { keep: ((docid: number) => boolean) | null } = { keep: null };
    db.function('ratio_search_keep', { deterministic: false, directOnly: true }, (rowid: unknown) => (created.keep?.(rowid as number) ? 1 : 0));
    keepers.set(db, created);
    keeper = created;
  }
  return keeper;
}

/**
 * A re-index run between requests: each batch is its own transaction sized to take about this
 * many milliseconds, so a search that arrives while one is written waits about that long (the
 * write-ahead log's checkpoint after it is a step of its own). bench:reindex-reading at 3,000
 * entries, p95 during the re-index against before, runs of each on one machine: 25 ms 3.35-4.86x,
 * 12 ms 1.56-3.17x, 8 ms 1.52-1.80x; the re-index itself takes about 1.4 times as long at 8 ms.
 */
const BACKGROUND_BATCH_MS = 8;
/** Entries of the first batch and the fewest of any: rewritten in place, one entry with its commit costs about 10 ms. */
const BACKGROUND_FIRST_BATCH = 4;
const BACKGROUND_MIN_BATCH = 1;

export type ReindexProgress = (done: number, total: number) => void;

export interface ReindexOutcome {
  entries: number;
  version: number;
}

/** The re-index running between requests: its steps, how far it is, who is told, and what it ends with. */
interface BackgroundReindex {
  pass: Generator<{ done: number; total: number }, number, number | undefined>;
  done: number;
  total: number;
  listeners: Set<ReindexProgress>;
  result: ReindexOutcome | null;
  /** What made the pass stop, so whoever drives it next fails the same way. */
  failed: Error | null;
  promise: Promise<ReindexOutcome>;
}

/** How many answers of each kind are remembered between writes. */
const RECENT_ANSWERS = 32;

/** A small least-recently-used map of answers; callers clear it whenever the catalogue changes. */
class RecentAnswers<T> {
  private readonly entries = new Map<string, T>();
  /** Off while answers may not outlast the moment (inside an open transaction). */
  enabled = true;

  constructor(private readonly capacity: number) {}

  remember(key: string, compute: () => T): T {
    if (!this.enabled) return compute();
    const known = this.entries.get(key);
    if (known !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const value = compute();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** What decides an answer: the compiled query (with what its snippets highlight), the filters, and the page asked for. */
function cacheKey(kind: string, compiled: CompiledQuery, filters: ResolvedFilters, page: readonly unknown[]): string {
  const matchers = compiled.matchers.map((m) => [m.column, [...m.exact].sort(), m.prefixes]);
  return JSON.stringify([kind, compiled.match, compiled.exclude, matchers, filters, page]);
}

function readCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(cursor);
  if (!m) throw new RatioError('INVALID_INPUT', 'The cursor is not one this search gave out; start again from the first page.', { key: 'query.badCursor' });
  return Number(m[1]);
}

const EMPTY_FACETS: SearchFacets = { kind: [], status: [], tag: [], enterprise: [], section: [], year: [], language: [] };

interface PageRow {
  docid: number;
  score: number;
}

interface HitRow {
  docid: number;
  entry_id: string;
  kind: EntryKind;
  status: EntryStatus;
  language: string;
  enterprise: string | null;
  year: number;
}

/**
 * Search over the FTS5 postings: parse (lunr syntax + phrases), compile to one MATCH,
 * rank with BM25 and field weights — summed in memory from the impact postings for
 * free-text queries (impact-ranker.ts), by bm25() inside SQLite for the rest — (free-text
 * queries then re-rank their first matches with pseudo-relevance feedback,
 * relevance-feedback.ts), filter and count
 * facets with indexed columns keyed by the postings' rowids, and cut snippets from the
 * original text of the page's hits only. Nothing here is loaded at start-up; the fuzzy vocabulary is built on
 * the first query that needs it.
 */
export class SearchEngine {
  readonly vocabulary: Vocabulary;
  private readonly facetStore: FacetStore;
  private readonly statistics: IndexStatistics;
  private readonly impacts: ImpactRanker;
  private readonly feedbackSource: FeedbackSource;
  private readonly conceptLabels: ConceptLabels;

  /**
   * `tagPaths` gives every tag's path by id (the tag repository's), read again whenever the
   * catalogue changed: the engine names tags in hits without knowing where tags are kept.
   */
  constructor(
    private readonly db: Database,
    private readonly indexer: SearchIndexer,
    private readonly tagPaths: () => Map<string, string>,
  ) {
    this.vocabulary = new Vocabulary(db, indexer);
    this.conceptLabels = new ConceptLabels(db);
    this.facetStore = new FacetStore(db, indexer);
    this.statistics = new IndexStatistics(db);
    this.impacts = new ImpactRanker(
      db,
      (match) => this.matchingIds(match, { sql: [], params: {} }, {}),
      (range) => this.statistics.tokens(range),
    );
    this.feedbackSource = {
      texts: (docids) => this.entryTexts(docids),
      lengths: (docids) => this.statistics.lengths(docids),
      collection: () => this.statistics.collection(),
      documentFrequency: (term) => this.statistics.documentFrequency(term),
    };
  }

  /** Set while rerankingInput() searches: told what the re-ranking is given. */
  private observeReranking: ((input: Omit<RerankingInput, 'source'>) => void) | null = null;

  /** The re-index running between requests, if one is. */
  private background: BackgroundReindex | null = null;

  /**
   * Re-indexes once when the pipeline changed since the index was built, holding the caller
   * until it is done (a bulk action or an export needs every match); a re-index running in the
   * background is finished here rather than started again.
   */
  ensureCurrent(progress?: ReindexProgress): void {
    if (this.background) this.finishBackground(this.background, progress);
    else if (this.indexer.isStale()) this.reindex(progress);
  }

  /**
   * Re-indexes everything now, holding the caller (the CLI's `ratio reindex`); joins a re-index
   * running in the background by finishing it, which leaves the same index.
   */
  reindex(progress?: ReindexProgress): ReindexOutcome {
    if (this.background) return this.finishBackground(this.background, progress);
    const entries = this.indexer.reindexAll(progress);
    this.vocabulary.invalidate();
    return { entries, version: PIPELINE_VERSION };
  }

  /**
   * Starts re-indexing between requests when the pipeline changed since the index was built,
   * and returns at once: how far the re-index is (so an answer can say it may miss entries),
   * or null when the index is current. Searches meanwhile are answered from the index as it
   * stands, which holds every entry when there were postings to rewrite in place.
   */
  ensureCurrentInBackground(progress?: ReindexProgress): { done: number; total: number } | null {
    if (!this.background && !this.indexer.isStale() && !this.indexer.pairListOutdated()) return null;
    // Fire and forget: a failed re-index leaves the version unmarked and the next search starts another.
    this.reindexInBackground(progress).catch(() => undefined);
    return this.reindexing();
  }

  /** How far the re-index running between requests is; null when none runs. */
  reindexing(): { done: number; total: number } | null {
    const running = this.background;
    return running && running.result === null ? { done: running.done, total: running.total } : null;
  }

  /**
   * Re-indexes every entry in batches of their own transactions, yielding to the event loop
   * between them so the core answers other requests (searches, facets, reads, writes) in
   * between. Only one runs: a second call joins the running one and gets the same promise.
   * When the tables hold postings, entries are rewritten in place (docids stay, every entry
   * stays found); only an empty index (tables a migration dropped) is built from nothing.
   */
  reindexInBackground(progress?: ReindexProgress, options: { batch?: number } = {}): Promise<ReindexOutcome> {
    const running = this.background;
    if (running) {
      if (progress) running.listeners.add(progress);
      return running.promise;
    }
    const state: BackgroundReindex = {
      pass: this.indexer.reindexPass({ inPlace: this.indexer.hasPostings() }),
      done: 0,
      total: 0,
      listeners: new Set(progress ? [progress] : []),
      result: null,
      failed: null,
      promise: Promise.resolve({ entries: 0, version: PIPELINE_VERSION }),
    };
    this.background = state;
    state.promise = this.runInBackground(state, options.batch).finally(() => {
      if (this.background === state) this.background = null;
    });
    return state.promise;
  }

  /** One step of the pass (the start, one batch, or the end); its outcome once the pass has ended, else null. */
  private advance(state: BackgroundReindex, batch?: number): ReindexOutcome | null {
    if (state.failed) throw state.failed;
    let step: IteratorResult<{ done: number; total: number }, number>;
    try {
      step = state.pass.next(batch);
    } catch (error) {
      state.failed = error instanceof Error ? error : new Error(String(error));
      if (this.background === state) this.background = null;
      throw error;
    }
    if (step.done === true) {
      this.vocabulary.invalidate();
      state.result = { entries: step.value, version: PIPELINE_VERSION };
      state.done = state.total = step.value;
      if (this.background === state) this.background = null;
      return state.result;
    }
    state.done = step.value.done;
    state.total = step.value.total;
    for (const listener of state.listeners) listener(state.done, state.total);
    return null;
  }

  /** `fixed`: entries per batch instead of sizing each batch to BACKGROUND_BATCH_MS (tests). */
  private async runInBackground(state: BackgroundReindex, fixed?: number): Promise<ReindexOutcome> {
    let batch = fixed ?? BACKGROUND_FIRST_BATCH;
    try {
      for (;;) {
        // Finished meanwhile by a caller that could not wait (ensureCurrent).
        if (state.result) return state.result;
        if (!this.db.open) throw new RatioError('INTERNAL', 'The catalogue was closed while it was re-indexed for search.');
        const before = state.done;
        const started = performance.now();
        const outcome = this.advance(state, batch);
        if (outcome) return outcome;
        const wrote = state.done - before;
        if (wrote > 0 && fixed === undefined) {
          // Sized from the last batch's rate, at most doubling: entries differ in length.
          const took = Math.max(performance.now() - started, 0.1);
          batch = Math.min(REINDEX_BATCH, 2 * wrote, Math.max(BACKGROUND_MIN_BATCH, Math.round((wrote * BACKGROUND_BATCH_MS) / took)));
        }
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      if (state.result === null) {
        // Stopped early: the worker is closed and the version stays unmarked, so the next search starts over.
        state.pass.return(0);
        if (this.background === state) this.background = null;
      }
    }
  }

  /** Runs the rest of the background re-index now, in large batches, and gives its outcome. */
  private finishBackground(state: BackgroundReindex, progress?: ReindexProgress): ReindexOutcome {
    if (progress) state.listeners.add(progress);
    for (;;) {
      const outcome = state.result ?? this.advance(state, REINDEX_BATCH);
      if (outcome) return outcome;
    }
  }

  parse(query: string): QueryClause[] {
    return this.read(query).clauses;
  }

  compile(query: string): CompiledQuery {
    const { clauses, bag } = this.read(query);
    return this.compileClauses(clauses, [], bag);
  }

  /**
   * The clauses a query is ranked by: its first MAX_QUERY_WORDS words, parsed, and a long one
   * condensed to its most informative terms (long-query.ts); `condensed` says what was done.
   */
  private read(
    query: string,
    expand: ExpandOptions = { expand: false },
  ): { clauses: QueryClause[]; condensed: QueryCondensed | null; bag: boolean; expanded: ExpandedQuery } {
    const { text, words } = firstWords(query);
    const parsed = parseQuery(text);
    const documents = this.statistics.collection()?.documents ?? 0;
    const { clauses, terms, termsKept, bag } = condenseClauses(
      parsed,
      (term) => this.statistics.documentFrequency(term),
      documents,
      (texts) => this.surfaceCounts(texts),
    );
    const wordsLeftOut = Math.max(0, words - MAX_QUERY_WORDS);
    const condensed = wordsLeftOut > 0 || termsKept < terms ? { words, wordsLeftOut, terms, termsKept } : null;
    // A condensed query is a pasted text, not words chosen to search by: it is not expanded.
    const expanded =
      expand.expand === false || condensed !== null ? NO_EXPANSION : expandQuery(clauses, this.conceptLabels.current(), new Set(expand.expandOff ?? []));
    return { clauses, condensed, bag, expanded };
  }

  /**
   * For words of letters and digits (Latin or Cyrillic) the catalogue has as written, the one
   * term each stands for and how many entries hold the word as written (search_words, kept
   * exact with the postings): each of them holds the term, so it is a floor under the term's
   * document frequency that costs one lookup instead of a read of the term's lists.
   */
  private surfaceCounts(texts: readonly string[]): Map<string, { term: string; documents: number }> {
    const byForm = new Map<string, string[]>();
    for (const text of texts) {
      if (!PLAIN_WORD.test(text)) continue;
      const form = surfaceForm(text);
      byForm.set(form, [...(byForm.get(form) ?? []), text]);
    }
    const out = new Map<string, { term: string; documents: number }>();
    if (byForm.size === 0) return out;
    const rows = this.db
      .prepare('SELECT word, terms, docs FROM search_words WHERE word IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify([...byForm.keys()])) as [string, string, number][];
    for (const [word, terms, docs] of rows) {
      // A word of several readings (стали: сталь, стать) is left to its frequencies.
      if (terms.includes(' ') || docs <= 0) continue;
      for (const text of byForm.get(word) ?? []) out.set(text, { term: terms, documents: docs });
    }
    return out;
  }

  /** What the thesaurus would add to a query (the library shows it as chips). */
  expansionOf(query: string, expand: ExpandOptions = {}): ExpandedQuery['expansion'] {
    return this.read(query, expand).expanded.expansion;
  }

  /** `bag`: the clauses are a long query's, read as a bag of words (long-query.ts), which the impact postings may rank however many they are. */
  private compileClauses(clauses: readonly QueryClause[], groups: readonly ConceptGroup[] = [], bag = false): CompiledQuery {
    const probe = this.db.prepare('SELECT 1 FROM search_index WHERE search_index MATCH ? LIMIT 1').pluck();
    const matchesNothing = (expr: string): boolean => {
      // A lone term whose document frequency is known already (a long query's were all
      // counted to condense it) needs no probe: 64 of them cost milliseconds.
      const term = SINGLE_TERM.exec(expr)?.[1];
      const known = term === undefined ? undefined : this.statistics.knownDocumentFrequency(term);
      return known !== undefined ? known === 0 : probe.get(expr) === undefined;
    };
    return compileQuery(clauses, this.vocabulary, matchesNothing, groups, bag);
  }

  search(options: SearchOptions): SearchResult {
    const offset = readCursor(options.cursor);
    this.freshLabels();
    const { clauses, condensed, bag, expanded } = this.read(options.query, options);
    const { expansion, groups } = expanded;
    const compiled = this.compileClauses(clauses, groups, bag);
    if (compiled.impossible) {
      const none: SearchResult = { total: 0, hits: [], nextCursor: null, facets: options.facets ? EMPTY_FACETS : null, condensed, expansion };
      return this.withSuggestion(none, options, offset);
    }
    const rerank = options.rerank !== false && options.sort === 'relevance' && compiled.match !== null && reRankable(clauses);
    const key = cacheKey('search', compiled, options.filters, [
      options.sort,
      options.limit,
      offset,
      options.facets,
      options.snippets !== false,
      rerank,
      options.ranking ?? DEFAULT_RANKING,
      options.impact !== false,
    ]);
    const result = { ...this.results.remember(key, () => this.searchCompiled(compiled, options, offset, rerank, groups)), condensed, expansion };
    return this.withSuggestion(result, options, offset);
  }

  /**
   * For the tuning harness (test/bench/tune-ranking.ts): searches as search() does, without its
   * cache, and gives what the re-ranking was given — the first RERANK_DEPTH candidates in FTS5's
   * order, the phrase count, the query's terms and words — with the source it reads, or null when
   * the query is not re-ranked. rerankWithFeedback over them under other settings gives what
   * search() would give with those settings.
   */
  rerankingInput(options: SearchOptions): RerankingInput | null {
    let seen: Omit<RerankingInput, 'source'> | null = null;
    this.observeReranking = (input) => {
      seen = input;
    };
    try {
      this.results.clear();
      this.search({ ...options, rerank: true });
    } finally {
      this.observeReranking = null;
    }
    return seen === null ? null : { ...(seen as Omit<RerankingInput, 'source'>), source: this.feedbackSource };
  }

  /**
   * "Did you mean …": on the first page of a query with fewer than SUGGEST_BELOW hits, the
   * query with its unknown or rare words corrected from the catalogue's vocabulary
   * (suggestion.ts), when that finds more under the same filters and expansion.
   */
  private withSuggestion(result: SearchResult, options: SearchOptions, offset: number): SearchResult {
    if (offset > 0 || result.total >= SUGGEST_BELOW || options.query.trim() === '') return result;
    const query = suggestQuery(options.query, this.vocabulary);
    if (query === null) return result;
    const hits = this.total(query, options.filters, options);
    return hits > result.total ? { ...result, suggestion: { query, hits } } : result;
  }

  private searchCompiled(
    compiled: CompiledQuery,
    options: SearchOptions,
    offset: number,
    rerank: boolean,
    groups: readonly ConceptGroup[],
  ): Omit<SearchResult, 'condensed' | 'expansion'> {
    const where = whereOf(options.filters);
    // Re-ranking reorders the first RERANK_DEPTH matches, so a page among them is cut from all
    // of them, re-ranked the same way for every page: the order is stable across pages.
    const window = rerank && offset < RERANK_DEPTH ? { offset: 0, limit: Math.max(RERANK_DEPTH, offset + options.limit) } : { offset, limit: options.limit };
    const byImpact =
      compiled.impact !== null && options.impact !== false && options.sort === 'relevance' && storeDecides(options.filters)
        ? this.rankedByImpact(compiled.impact, options, window, where.sql.length > 0)
        : null;
    // On FTS5 a query with thesaurus concepts is scored with each concept as one term, as on the impact postings.
    const byConcepts =
      byImpact === null && compiled.concepts !== null && compiled.match !== null && options.sort === 'relevance'
        ? this.rankedWithConcepts(compiled.match, compiled.concepts, where, options, window)
        : null;
    const {
      rows: fetched,
      total,
      facets,
    } = byImpact ??
    byConcepts ??
    (compiled.match === null
      ? this.browse(compiled.exclude, where, options, offset)
      : options.sort === 'relevance' && storeDecides(options.filters) && (where.sql.length > 0 || fewMatchesPerCandidate(compiled.match))
        ? this.rankedInOnePass(compiled.match, options, window, where.sql.length > 0)
        : this.ranked(compiled.match, where, options, window));
    this.textsOfThisSearch = new Map();
    let rows: PageRow[];
    let hits: SearchHit[];
    try {
      rows = rerank
        ? this.reranked(fetched, compiled, window.offset === 0, options.ranking ?? DEFAULT_RANKING).slice(
            offset - window.offset,
            offset - window.offset + options.limit,
          )
        : fetched;
      hits = this.hydrate(rows, options.snippets === false ? null : compiled.matchers, groups);
    } finally {
      this.textsOfThisSearch = null;
    }
    const next = offset + rows.length;
    return { total, hits, nextCursor: next < total && rows.length > 0 ? `o${next}` : null, facets };
  }

  /**
   * The total and the facet counts alone, without ranking or snippets: the library asks for
   * them after it has painted the first page, so typing never waits for a pass over every match.
   */
  count(query: string, filters: ResolvedFilters, expand: ExpandOptions = {}): { total: number; facets: SearchFacets } {
    const compiled = this.compiledFor(query, expand);
    if (compiled === null) return { total: 0, facets: EMPTY_FACETS };
    return this.counts.remember(cacheKey('count', compiled, filters, []), () => {
      if (facetFiltered(filters)) return this.disjunctive(this.facetBase(compiled.match, compiled.exclude, filters), filters);
      const docids = this.idsMatching(compiled, whereOf(filters), filters);
      return { total: docids.length, facets: this.countFacets(docids) };
    });
  }

  /** The query read and compiled as search() reads it, after the remembered labels and answers are checked; null when it can match nothing. */
  private compiledFor(query: string, expand: ExpandOptions): CompiledQuery | null {
    this.freshLabels();
    const { clauses, expanded } = this.read(query, expand);
    const compiled = this.compileClauses(clauses, expanded.groups);
    return compiled.impossible ? null : compiled;
  }

  /** The rowid of every entry the compiled query and filters match (browsed when it has no words). */
  private idsMatching(compiled: CompiledQuery, where: Where, filters: ResolvedFilters): ArrayLike<number> {
    return compiled.match === null ? this.browseIds(compiled.exclude, where) : this.matchingIds(compiled.match, where, filters);
  }

  /**
   * How many entries the query and filters match: count()'s total, without its facets when no
   * facet filter needs them to decide (a suggestion says only how many it finds).
   */
  private total(query: string, filters: ResolvedFilters, expand: ExpandOptions): number {
    if (facetFiltered(filters)) return this.count(query, filters, expand).total;
    const compiled = this.compiledFor(query, expand);
    if (compiled === null) return 0;
    const where = whereOf(filters);
    // A corrected word that is a concept searched lately is counted from the entries the impact ranker kept for it.
    const kept =
      compiled.impact !== null && storeDecides(filters)
        ? this.impacts.countKeptConcept(compiled.impact, where.sql.length > 0 ? this.facetStore.matcher(filters) : null)
        : null;
    if (kept !== null) return kept;
    return this.idsMatching(compiled, where, filters).length;
  }

  /** The ids of every entry the query and filters match, oldest first (a bulk action or an export covers them all, not a page). */
  matchingEntryIds(query: string, filters: ResolvedFilters, expand: ExpandOptions = {}): string[] {
    // Expanded as the library expands it by default, so "all 24 matches" are the 24 it showed.
    const compiled = this.compiledFor(query, expand);
    if (compiled === null) return [];
    const docids = this.idsMatching(compiled, whereOf(filters), filters);
    if (docids.length === 0) return [];
    return this.db
      .prepare(
        `SELECT e.id FROM search_docs d JOIN entries e ON e.id = d.entry_id
       WHERE d.docid IN (SELECT value FROM json_each(@ids)) ORDER BY e.created_at, e.id`,
      )
      .pluck()
      .all({ ids: JSON.stringify(Array.from(docids)) }) as string[];
  }

  /** Stamps by rowid for rankedWithConcepts' union of two lists of matches, reused between searches. */
  private readonly union = { marks: new Int32Array(0), stamp: 0 };

  /** The union's stamps, large enough for every rowid of both lists, with a fresh stamp in `union.stamp`. */
  private stampsFor(rows: readonly PageRow[], ids: Int32Array): Int32Array {
    let highest = 0;
    for (const row of rows) if (row.docid > highest) highest = row.docid;
    for (let i = 0; i < ids.length; i += 1) if ((ids[i] as number) > highest) highest = ids[i] as number;
    if (this.union.marks.length <= highest || this.union.stamp >= 0x7ffffff0) {
      this.union.marks = new Int32Array(Math.max(highest + 1, Math.ceil(this.union.marks.length * 1.5)));
      this.union.stamp = 0;
    }
    this.union.stamp += 1;
    return this.union.marks;
  }

  /** Every rowid matching the expression and filters, in one pass without scores. */
  private matchingIds(match: string, where: Where, filters: ResolvedFilters): Int32Array {
    if (where.sql.length > 0 && storeDecides(filters)) {
      const keep = this.facetStore.matcher(filters);
      return this.matchingIds(match, { sql: [], params: {} }, {}).filter((d) => keep(d));
    }
    const join = where.sql.length > 0 ? 'JOIN search_docs d ON d.docid = search_index.rowid' : '';
    const conditions = ['search_index MATCH @match', ...where.sql].join(' AND ');
    // One list rather than a row per match (rowid-lists.ts): crossing into JavaScript row by row costs more than the match.
    const list = this.db
      .prepare(`SELECT ${rowidList('search_index.rowid')} FROM search_index ${join} WHERE ${conditions}`)
      .pluck()
      .get({ ...where.params, match }) as Uint8Array | null;
    return parseIds(list);
  }

  /**
   * Rows in FTS5's BM25 order, the first RERANK_DEPTH re-ranked with pseudo-relevance
   * feedback when the rows start at the top; every score becomes the re-ranking's, so
   * scores keep falling down the list whichever page they are on.
   */
  private reranked(rows: readonly PageRow[], compiled: CompiledQuery, fromTop: boolean, settings: RankingSettings): PageRow[] {
    const { phrases } = compiled;
    if (!fromTop) return inFts5Order(rows, phrases, settings);
    const queryTerms = compiled.matchers.flatMap((m) => [...m.exact]);
    const queryWords = compiled.matchers.map((m) => [...m.exact]).filter((terms) => terms.length > 0);
    if (this.observeReranking !== null) {
      const head = rows.slice(0, RERANK_DEPTH);
      const ids = this.run<{ docid: number; entry_id: string }>('SELECT docid, entry_id FROM search_docs WHERE docid IN (SELECT value FROM json_each(@ids))', {
        ids: JSON.stringify(head.map((r) => r.docid)),
      });
      const entryOf = new Map(ids.map((r) => [r.docid, r.entry_id]));
      this.observeReranking({
        candidates: head.map((r) => ({ docid: r.docid, score: r.score, entryId: entryOf.get(r.docid) ?? '' })),
        phrases,
        queryTerms,
        queryWords,
      });
    }
    return [
      ...rerankWithFeedback(rows.slice(0, RERANK_DEPTH), phrases, queryTerms, this.feedbackSource, settings, queryWords),
      ...inFts5Order(rows.slice(RERANK_DEPTH), phrases, settings),
    ];
  }

  /**
   * Title, summary and body as the index analysed them (Markdown reduced to text), by rowid.
   * `body: 'if no summary'` reads the body only for entries without a summary (their snippet's
   * only source), when nothing asked can be found in it: reducing a body's Markdown costs more
   * than the rest of a page.
   */
  private entryTexts(docids: readonly number[], body: 'always' | 'if no summary' = 'always'): Map<number, EntryTexts> {
    const kept = body === 'always' ? this.textsOfThisSearch : null;
    const out = new Map<number, EntryTexts>();
    const missing = kept === null ? docids : docids.filter((d) => !kept.has(d));
    if (kept !== null) for (const d of docids) if (kept.has(d)) out.set(d, kept.get(d) as EntryTexts);
    if (missing.length === 0) return out;
    const rows = this.run<{ docid: number; title: string; summary: string; body: string }>(
      `SELECT d.docid, e.title, e.summary, CASE WHEN @always OR e.summary = '' THEN e.body ELSE '' END AS body
       FROM search_docs d JOIN entries e ON e.id = d.entry_id
       WHERE d.docid IN (SELECT value FROM json_each(@ids))`,
      { ids: JSON.stringify(missing), always: body === 'always' ? 1 : 0 },
    );
    for (const r of rows) {
      const texts = { title: r.title, summary: r.summary, body: markdownToText(r.body) };
      out.set(r.docid, texts);
      kept?.set(r.docid, texts);
    }
    return out;
  }

  /**
   * The whole texts read during the search now running (searchCompiled), by rowid: the page's
   * hits are among the candidates the re-ranking read, and reducing a body's Markdown again
   * for their snippets and "matched via" would cost a third of an expanded query's page.
   * Null between searches: the texts may change then.
   */
  private textsOfThisSearch: Map<number, EntryTexts> | null = null;

  /** Entries matching the FTS5 expression, ranked, with total and facets over all matches. */
  private ranked(
    match: string,
    where: Where,
    options: SearchOptions,
    window: { offset: number; limit: number },
  ): { rows: PageRow[]; total: number; facets: SearchFacets | null } {
    const filtered = where.sql.length > 0;
    const join = filtered || options.sort !== 'relevance' ? 'JOIN search_docs d ON d.docid = search_index.rowid' : '';
    const conditions = ['search_index MATCH @match', ...where.sql].join(' AND ');
    const params = { ...where.params, match };
    // Two passes, each the cheapest of its kind: the page by BM25 inside FTS5 (what a bare
    // MATCH … ORDER BY bm25 LIMIT costs), then the matching rowids alone — no scores, no
    // positions, about a third of that — for the total and the facet counts, which are
    // counted in memory (FacetStore) rather than by a join and GROUP BY over every match.
    const order =
      options.sort === 'newest' ? 'd.created_at DESC, d.docid' : options.sort === 'title' ? 'd.title_key, d.docid' : 'score DESC, search_index.rowid';
    const rows = this.run<PageRow>(
      `SELECT search_index.rowid AS docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index ${join}
       WHERE ${conditions} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
      { ...params, ...window },
    );
    if (!options.facets) {
      const total = this.get<number>(`SELECT count(*) FROM search_index ${join} WHERE ${conditions}`, params);
      return { rows, total, facets: null };
    }
    if (facetFiltered(options.filters)) return { rows, ...this.disjunctive(this.facetBase(match, null, options.filters), options.filters) };
    const docids = this.matchingIds(match, where, options.filters);
    return { rows, total: docids.length, facets: this.countFacets(docids) };
  }

  /**
   * Ranked in one pass: a SQL function sees each match as FTS5 produces it, asks the facet
   * store about the filters (instead of a join to search_docs per match) and keeps the rowids
   * it lets through, so the same pass gives the page, the total and the facets' input. Used
   * with filters the store can decide, and for queries whose matches are few next to the
   * work FTS5 does to find them (phrases, field restrictions, AND, NOT), where a second pass
   * for the rowids would cost nearly as much as the first.
   */
  private rankedInOnePass(
    match: string,
    options: SearchOptions,
    window: { offset: number; limit: number },
    filtered: boolean,
  ): { rows: PageRow[]; total: number; facets: SearchFacets | null } {
    // With a facet's own selection the same pass collects what the disjunctive counts need.
    const collector = options.facets && facetFiltered(options.filters) ? this.facetStore.facetCollector(options.filters) : null;
    const keep = collector !== null ? collector.test : filtered ? this.facetStore.matcher(options.filters) : (): boolean => true;
    const kept: number[] = [];
    const keeper = keeperFor(this.db);
    keeper.keep = (d) => {
      if (!keep(d)) return false;
      kept.push(d);
      return true;
    };
    let rows: PageRow[];
    try {
      rows = this.run<PageRow>(
        `SELECT rowid AS docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index
         WHERE search_index MATCH @match AND ratio_search_keep(rowid) ORDER BY score DESC, rowid LIMIT @limit OFFSET @offset`,
        { match, ...window },
      );
    } finally {
      keeper.keep = null;
    }
    const facets = collector !== null ? collector.count(this.facetLabels) : options.facets ? this.countFacets(kept) : null;
    return { rows, total: kept.length, facets };
  }

  /**
   * Ranked on FTS5 with thesaurus concepts each scored as one term (Pirkola), for queries the
   * impact postings cannot answer (a body: field, a phrase of three words, a classification
   * filter): FTS5 finds every match, the labels OR-ed in; bm25() scores the other clauses
   * alone (`rest`), and the impact postings add each concept's share for those matches, its
   * labels' frequencies summed under one idf, and its IPC boost. bm25() of the whole MATCH
   * would score every label as a phrase of its own, so a concept of ten labels would outweigh
   * a plain word. Null when the index has no statistics yet, and bm25() ranks as before.
   */
  private rankedWithConcepts(
    match: string,
    concepts: NonNullable<CompiledQuery['concepts']>,
    where: Where,
    options: SearchOptions,
    window: { offset: number; limit: number },
  ): { rows: PageRow[]; total: number; facets: SearchFacets | null } | null {
    const statistics = this.statistics.collection();
    if (statistics === null) return null;
    /** bm25() of the other clauses for their matches that `keep` keeps (all of them when null). */
    const scoreRest = (keep: ((docid: number) => boolean) | null): PageRow[] => {
      if (concepts.rest === null) return [];
      const sql = `SELECT rowid AS docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index WHERE search_index MATCH @match`;
      // Without a filter no row is asked about: a call into JavaScript per match costs more than the test.
      if (keep === null) return this.run<PageRow>(sql, { match: concepts.rest });
      const keeper = keeperFor(this.db);
      keeper.keep = keep;
      try {
        return this.run<PageRow>(`${sql} AND ratio_search_keep(rowid)`, { match: concepts.rest });
      } finally {
        keeper.keep = null;
      }
    };
    let docids: Int32Array;
    let restScores: Float64Array;
    if (concepts.labels !== null && (where.sql.length === 0 || storeDecides(options.filters))) {
      // `match` is `rest` OR the labels: the other clauses' pass finds their matches and scores them, the labels' (rare words) the rest.
      const rest = scoreRest(where.sql.length > 0 ? this.facetStore.matcher(options.filters) : null);
      const labelled = this.matchingIds(concepts.labels, where, options.filters);
      // The other clauses' matches, then the labels' not among them, each once (marked by a stamp rather than put in a Set).
      const mark = this.stampsFor(rest, labelled);
      const stamp = this.union.stamp;
      docids = new Int32Array(rest.length + labelled.length);
      restScores = new Float64Array(docids.length);
      let n = 0;
      for (const row of rest) {
        if (mark[row.docid] === stamp) continue;
        mark[row.docid] = stamp;
        restScores[n] = row.score;
        docids[n++] = row.docid;
      }
      for (let i = 0; i < labelled.length; i += 1) {
        const doc = labelled[i] as number;
        if (mark[doc] === stamp) continue;
        mark[doc] = stamp;
        docids[n++] = doc;
      }
      docids = docids.subarray(0, n);
    } else {
      docids = this.matchingIds(match, where, options.filters);
      const matched = new Set(docids);
      const rest = new Map(scoreRest((d) => matched.has(d)).map((row) => [row.docid, row.score] as const));
      restScores = Float64Array.from(docids, (d) => rest.get(d) ?? 0);
    }
    const scores = this.impacts.conceptScores(concepts.groups, statistics, docids);
    for (let i = 0; i < docids.length; i += 1) scores[i] = (scores[i] as number) + (restScores[i] as number);
    // FTS5's order: score, then rowid; only the window's end is kept, not every match sorted.
    const best = new TopK(window.offset + window.limit);
    for (let i = 0; i < docids.length; i += 1) best.offer(docids[i] as number, scores[i] as number);
    const rows = best.sorted().slice(window.offset);
    if (!options.facets) return { rows, total: docids.length, facets: null };
    if (facetFiltered(options.filters)) return { rows, ...this.disjunctive(this.facetBase(match, null, options.filters), options.filters) };
    return { rows, total: docids.length, facets: this.countFacets(docids) };
  }

  /**
   * Ranked from the impact postings (impact-ranker.ts): the page, the total and the facets'
   * input from one scan of each phrase's entries, with BM25 summed in memory. Null when the
   * index has no statistics yet, and the query goes to FTS5.
   */
  private rankedByImpact(
    plan: ImpactPlan,
    options: SearchOptions,
    window: { offset: number; limit: number },
    filtered: boolean,
  ): { rows: PageRow[]; total: number; facets: SearchFacets | null } | null {
    const statistics = this.statistics.collection();
    if (statistics === null) return null;
    const collector = options.facets && facetFiltered(options.filters) ? this.facetStore.facetCollector(options.filters) : null;
    if (collector !== null) {
      // The ranker asks about every match it reaches: the collector sees them all and keeps what every filter keeps.
      const { rows, total } = this.impacts.rank(plan, statistics, collector.test, window.offset + window.limit, false);
      return { rows: rows.slice(window.offset), total, facets: collector.count(this.facetLabels) };
    }
    const keep = filtered ? this.facetStore.matcher(options.filters) : null;
    const { rows, total, matched } = this.impacts.rank(plan, statistics, keep, window.offset + window.limit, options.facets);
    return { rows: rows.slice(window.offset), total, facets: matched === null ? null : this.countFacets(matched) };
  }

  /** No words to rank by (only filters, or only exclusions): newest first, or by title. */
  private browse(
    exclude: string | null,
    where: Where,
    options: SearchOptions,
    offset: number,
  ): { rows: PageRow[]; total: number; facets: SearchFacets | null } {
    const { clause, params } = browseClause(exclude, where);
    const order = options.sort === 'title' ? 'd.title_key, d.docid' : 'd.created_at DESC, d.docid';
    const rows = this.run<PageRow>(`SELECT d.docid, 0 AS score FROM search_docs d ${clause} ORDER BY ${order} LIMIT @limit OFFSET @offset`, {
      ...params,
      limit: options.limit,
      offset,
    });
    if (!options.facets) return { rows, total: this.get<number>(`SELECT count(*) FROM search_docs d ${clause}`, params), facets: null };
    if (facetFiltered(options.filters)) return { rows, ...this.disjunctive(this.facetBase(null, exclude, options.filters), options.filters) };
    const docids = this.browseIds(exclude, where);
    return { rows, total: docids.length, facets: this.countFacets(docids) };
  }

  private browseIds(exclude: string | null, where: Where): number[] {
    const { clause, params } = browseClause(exclude, where);
    return this.db.prepare(`SELECT d.docid FROM search_docs d ${clause}`).pluck().all(params) as number[];
  }

  private readonly facetLabels: FacetLabels = {
    tag: (id) => this.memoTagPath(id),
    enterprise: (id) => this.enterpriseName(id),
  };

  private countFacets(docids: ArrayLike<number>): SearchFacets {
    return this.facetStore.count(docids, this.facetLabels);
  }

  /** The matches of the words (or, without words, every entry but the excluded) under the filters no facet shows. */
  private facetBase(match: string | null, exclude: string | null, filters: ResolvedFilters): ArrayLike<number> {
    const base = withoutFacetFilters(filters);
    const where = whereOf(base);
    return match === null ? this.browseIds(exclude, where) : this.matchingIds(match, where, base);
  }

  /** The total under every filter, and each facet's counts under every filter but its own, from one pass over the base matches. */
  private disjunctive(base: ArrayLike<number>, filters: ResolvedFilters): { total: number; facets: SearchFacets } {
    const collector = this.facetStore.facetCollector(filters, this.classificationTest(filters.classification));
    for (let i = 0; i < base.length; i += 1) collector.test(base[i] as number);
    return { total: collector.passed(), facets: collector.count(this.facetLabels) };
  }

  /** Whether a document has a code under one of the classification prefixes (the database knows; read once per count). */
  private classificationTest(prefixes: readonly string[] | undefined): ((docid: number) => boolean) | null {
    if (prefixes === undefined || prefixes.length === 0) return null;
    const where = whereOf({ classification: prefixes });
    const docids = new Set(
      this.db
        .prepare(`SELECT d.docid FROM search_docs d WHERE ${where.sql.join(' AND ')}`)
        .pluck()
        .all(where.params) as number[],
    );
    return (d) => docids.has(d);
  }

  /**
   * Gets the facet store ready without holding the core for the whole build: callers that can
   * wait (the API's facet requests) await this first, and requests that need no facets are
   * answered between its slices.
   */
  prepareFacets(slice?: number): Promise<void> {
    return this.facetStore.prepare(slice);
  }

  /** search(), once the facet store is ready if this search needs it (facets, or filters the store decides). */
  async searchWhenReady(options: SearchOptions): Promise<SearchResult> {
    const filtered = whereOf(options.filters).sql.length > 0 && storeDecides(options.filters);
    if (options.facets || filtered) await this.prepareFacets();
    return this.search(options);
  }

  /** count(), once the facet store is ready. */
  async countWhenReady(query: string, filters: ResolvedFilters, expand: ExpandOptions = {}): Promise<{ total: number; facets: SearchFacets }> {
    await this.prepareFacets();
    return this.count(query, filters, expand);
  }

  /** Milliseconds the facet store's last full build took, and how many builds there were (benchmarks report it). */
  get facetStoreStats(): { lastBuildMs: number; builds: number } {
    return { lastBuildMs: this.facetStore.lastBuildMs, builds: this.facetStore.builds };
  }

  private run<T>(sql: string, params: Record<string, unknown>): T[] {
    return this.db.prepare(sql).all(params) as T[];
  }

  private get<T>(sql: string, params: Record<string, unknown>): T {
    return this.db.prepare(sql).pluck().get(params) as T;
  }

  private enterpriseName(id: string): string {
    let name = this.labels.enterprises.get(id);
    if (name === undefined) {
      name = (this.db.prepare('SELECT name FROM enterprises WHERE id = ?').pluck().get(id) as string | undefined) ?? id;
      this.labels.enterprises.set(id, name);
    }
    return name;
  }

  /** The page's entries with snippets and matched fields, and which are keep-both variants of another entry. */
  private hydrate(rows: readonly PageRow[], matchers: readonly TermMatcher[] | null, groups: readonly ConceptGroup[] = []): SearchHit[] {
    const hits = this.hydrateTexts(rows, matchers, groups);
    const siblings = variantSiblings(
      this.db,
      hits.map((h) => h.id),
    );
    for (const hit of hits) hit.variantOf = siblings.get(hit.id) ?? null;
    return hits;
  }

  /** The page's entries with snippets and matched fields, from their original text. */
  private hydrateTexts(rows: readonly PageRow[], matchers: readonly TermMatcher[] | null, groups: readonly ConceptGroup[]): SearchHit[] {
    if (rows.length === 0) return [];
    const details = new Map(
      this.run<HitRow>(
        `SELECT d.docid, d.entry_id, d.kind, d.status, d.language, ent.name AS enterprise, d.year
         FROM search_docs d LEFT JOIN enterprises ent ON ent.id = d.enterprise_id
         WHERE d.docid IN (SELECT value FROM json_each(@ids))`,
        { ids: JSON.stringify(rows.map((r) => r.docid)) },
      ).map((r) => [r.docid, r]),
    );
    const hits: SearchHit[] = [];
    const entryIds = [...details.values()].map((d) => d.entry_id);
    if (matchers === null) {
      const texts = groups.length > 0 ? this.entryTexts(rows.map((r) => r.docid)) : null;
      const titles = new Map(
        this.run<{ id: string; title: string }>('SELECT id, title FROM entries WHERE id IN (SELECT value FROM json_each(@ids))', {
          ids: JSON.stringify(entryIds),
        }).map((r) => [r.id, r.title]),
      );
      for (const row of rows) {
        const detail = details.get(row.docid);
        const title = detail && titles.get(detail.entry_id);
        if (detail && title !== undefined) {
          hits.push({
            id: detail.entry_id,
            title,
            kind: detail.kind,
            status: detail.status,
            language: detail.language,
            enterprise: detail.enterprise,
            year: detail.year,
            tags: [],
            score: row.score,
            titleHighlights: [],
            snippet: '',
            highlights: [],
            fields: [],
            variantOf: null,
            matchedLanguages: this.languagesMatched(texts?.get(row.docid), groups),
          });
        }
      }
      return hits;
    }
    // "Matched via" looks for the labels in the whole text, so the body is read whenever the query was expanded.
    const entries = this.pageTexts(details, matchers, groups.length > 0);
    // Whether the title, summary and body are each scanned for every label term (a matcher of any field holds them).
    const labelsScanned = groups.every((g) =>
      g.alternatives.every((a) => a.parts.every((p) => p.every((term) => matchers.some((m) => m.column === null && m.exact.has(term))))),
    );
    const tagPaths = this.tagPathsOfMany(entryIds);
    for (const row of rows) {
      const detail = details.get(row.docid);
      const entry = entries.get(row.docid);
      if (!detail || !entry) continue;
      const fields: SearchFieldName[] = [];
      const spans = new Map<string, Span[]>();
      // Reduced to what a reader sees and flattened once: the spans and the snippet are cut from the very same string.
      const summary = flatten(readerText(entry.texts.summary));
      const body = flatten(readerText(entry.texts.body));
      // The label terms the scan below finds in the title, summary and body, for "matched via".
      const labelTerms = groups.length > 0 ? new Set<string>() : undefined;
      for (const field of SEARCH_FIELDS) {
        // A field no clause can match (title:wool says nothing of the body) is not analysed at all.
        const relevant = matchers.some((m) => m.column === null || m.column === field.column);
        if (field.column === 'attachments') continue;
        const text = field.column === 'summary' ? summary : field.column === 'body' ? body : entry.texts[field.column];
        const long = field.column === 'title' || field.column === 'summary' || field.column === 'body';
        const found = relevant ? matchedSpans(text, field.column, matchers, long ? labelTerms : undefined) : [];
        spans.set(field.column, found);
        if (found.length > 0) fields.push(field.queryName);
      }
      const summarySpans = spans.get('summary') ?? [];
      const bodySpans = spans.get('body') ?? [];
      const distinct = (text: string, s: Span[]): number => new Set(s.map(([a, b]) => text.slice(a, b).toLowerCase())).size;
      const useBody = distinct(body, bodySpans) > distinct(summary, summarySpans) || (summary === '' && body !== '');
      const snippet = useBody ? cutSnippet(body, bodySpans) : cutSnippet(summary, summarySpans);
      // The attached files last (their field is last): a file's snippet is cut only when the
      // entry's own snippet shows none of the words, for that is the only time it is shown;
      // otherwise "matched in: attachment" needs no more than the first matching word.
      let attachmentSnippet: SearchHit['attachmentSnippet'];
      if (entry.attachments.length > 0 && matchers.some((m) => m.column === null || m.column === 'attachments')) {
        const pages = this.indexer.attachedPages(entry.attachments);
        if (snippet.highlights.length === 0) attachmentSnippet = attachmentSnippetOf(entry.attachments, pages, matchers);
        if (attachmentSnippet !== undefined || (snippet.highlights.length > 0 && attachmentsMatch(entry.attachments, pages, matchers)))
          fields.push(queryNameOf('attachments'));
      }
      hits.push({
        id: detail.entry_id,
        title: entry.title,
        kind: detail.kind,
        status: detail.status,
        language: detail.language,
        enterprise: detail.enterprise,
        year: detail.year,
        tags: tagPaths.get(detail.entry_id) ?? [],
        score: Math.round(row.score * 10_000) / 10_000,
        titleHighlights: spans.get('title') ?? [],
        snippet: snippet.text,
        highlights: snippet.highlights,
        fields,
        variantOf: null,
        matchedLanguages:
          groups.length > 0
            ? // The scan saw every label term only when it read these very texts with every group's terms.
              matchedLanguages([entry.title, summary, body], groups, entry.title === entry.texts.title && labelsScanned ? labelTerms : undefined)
            : [],
        ...(attachmentSnippet ? { attachmentSnippet } : {}),
      });
    }
    return hits;
  }

  /**
   * The page's entries' indexed texts: every field's when some clause may match any field,
   * else only the title, summary and body (all that snippets and those fields' highlights
   * need), read with one query instead of readMany's five (field queries are answered in
   * about a millisecond, of which that read was a third).
   */
  private pageTexts(details: ReadonlyMap<number, HitRow>, matchers: readonly TermMatcher[], wholeBody = false): Map<number, PageTexts> {
    const long = (column: SearchColumn | null): boolean => column === 'title' || column === 'summary' || column === 'body';
    const out = new Map<number, PageTexts>();
    if (!matchers.every((m) => long(m.column))) {
      // One query per table for the whole page rather than five per hit.
      // The attached files' names only: their pages are read one by one as the snippets need them.
      const entries = this.indexer.readMany(
        [...details.values()].map((d) => d.entry_id),
        { attachmentPages: false },
      );
      for (const [docid, detail] of details) {
        const entry = entries.get(detail.entry_id);
        if (entry) out.set(docid, { title: entry.row.title, texts: entry.texts, attachments: entry.attachments });
      }
      return out;
    }
    const none = { tags: '', classification: '', authors: '', enterprise: '', registration: '', attachments: '' };
    const body = wholeBody || matchers.some((m) => m.column === 'body') ? 'always' : 'if no summary';
    for (const [docid, texts] of this.entryTexts([...details.keys()], body))
      out.set(docid, { title: texts.title, texts: { ...none, ...texts }, attachments: [] });
    return out;
  }

  private languagesMatched(texts: EntryTexts | undefined, groups: readonly ConceptGroup[]): string[] {
    return texts === undefined ? [] : matchedLanguages([texts.title, texts.summary, texts.body], groups);
  }

  private tagPathsOfMany(entryIds: readonly string[]): Map<string, string[]> {
    const rows = this.run<{ entry_id: string; tag_id: string }>(
      'SELECT entry_id, tag_id FROM entry_tags WHERE entry_id IN (SELECT value FROM json_each(@ids))',
      {
        ids: JSON.stringify(entryIds),
      },
    );
    return new Map([...groupByEntry(rows)].map(([id, tags]) => [id, tags.map((t) => this.memoTagPath(t.tag_id)).sort()]));
  }

  /**
   * The last few answers, kept like the labels until anything is written. Typing asks the
   * same compiled query again and again ("wool", "wool ", "wool f" while "f" matches nothing),
   * and a broad query on a large catalogue costs a BM25 pass over most of it each time.
   */
  private readonly results = new RecentAnswers<Omit<SearchResult, 'condensed' | 'expansion'>>(RECENT_ANSWERS);
  private readonly counts = new RecentAnswers<{ total: number; facets: SearchFacets }>(RECENT_ANSWERS);

  /**
   * Tag paths and enterprise names, kept between searches until anything is written: by this
   * connection (total_changes() moves) or by another (PRAGMA data_version moves). Renames show at once.
   */
  private readonly labels = { tags: new Map<string, string>(), enterprises: new Map<string, string>(), version: -1, changes: -1 };

  private freshLabels(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    const changes = this.get<number>('SELECT total_changes()', {});
    if (version !== this.labels.version || changes !== this.labels.changes) {
      this.labels.tags.clear();
      this.labels.enterprises.clear();
      this.results.clear();
      this.counts.clear();
      this.statistics.clear();
      this.impacts.forget();
      this.labels.version = version;
      this.labels.changes = changes;
    }
    // Inside an open transaction what is read may yet be rolled back, and a rollback moves
    // neither counter back: remember nothing past its end.
    const open = this.db.inTransaction;
    if (open) this.labels.changes = -1;
    this.results.enabled = !open;
    this.counts.enabled = !open;
  }

  /**
   * Forgets the remembered answers (not the labels or statistics), so the next search is
   * worked out again: a benchmark timing one query two ways times the work, not the memory.
   */
  forgetAnswers(): void {
    this.results.clear();
    this.counts.clear();
  }

  private memoTagPath(id: string): string {
    // Every path at once from the whole tree: a catalogue has hundreds of tags, a page names dozens.
    if (this.labels.tags.size === 0) this.labels.tags = this.tagPaths();
    return this.labels.tags.get(id) ?? '';
  }

  /**
   * Entries like this one: its most distinctive terms (field-weighted frequency times
   * inverse document frequency) as an OR query, ranked by BM25, itself left out. Only the
   * entry's heaviest terms are weighed, and terms in more than one entry in twenty are
   * passed over: they say little about likeness, and each would make the query score most
   * of the catalogue (at 100,000 entries, 0.8 s instead of milliseconds).
   */
  similar(entryId: string, limit: number): SearchHit[] {
    const entry = this.indexer.read(entryId);
    if (!entry) throw new RatioError('NOT_FOUND', `There is no entry with id ${entryId}.`);
    this.freshLabels();
    const weights = new Map<string, number>();
    for (const field of SEARCH_FIELDS) {
      for (const token of analyse(entry.texts[field.column])) weights.set(token.term, (weights.get(token.term) ?? 0) + field.weight);
    }
    const self = this.get<number | undefined>('SELECT docid FROM search_docs WHERE entry_id = @id', { id: entryId });
    const total = this.get<number>('SELECT count(*) FROM search_docs', {});
    const heaviest = new Map([...weights].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0])).slice(0, SIMILAR_CANDIDATES));
    const terms = this.distinctive(heaviest, SIMILAR_TERMS, total, Math.max(SIMILAR_MIN_CAP, Math.ceil(total / 20)));
    if (terms.length === 0 || self === undefined) return [];
    const match = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
    const rows = this.run<PageRow>(
      `SELECT rowid AS docid, -bm25(search_index, ${BM25_WEIGHTS}) AS score FROM search_index
       WHERE search_index MATCH @match AND rowid <> @self ORDER BY score DESC LIMIT @limit`,
      { match, self, limit },
    );
    return this.hydrate(rows, [{ exact: new Set(terms), prefixes: [], column: null }]);
  }

  /**
   * The `count` terms with the highest weight × idf (`total`: entries in the index); terms found in one entry only say
   * nothing about others, and terms in `cap` entries or more are left out (counting stops
   * there, so a common term costs no more to weigh than a rare one).
   */
  private distinctive(weights: Map<string, number>, count: number, total: number, cap = Number.MAX_SAFE_INTEGER): string[] {
    const scored: { term: string; score: number }[] = [];
    const df = this.db.prepare('SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH @term LIMIT @cap)').pluck();
    for (const [term, weight] of weights) {
      const docs = df.get({ term: `"${term.replace(/"/g, '""')}"`, cap }) as number;
      if (docs < 2 || docs >= cap) continue;
      scored.push({ term, score: weight * Math.log(1 + total / docs) });
    }
    return scored
      .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term))
      .slice(0, count)
      .map((s) => s.term);
  }
}

import type { Database } from 'better-sqlite3';
import type lunr from 'lunr';
import type { SearchIndexer } from './indexer.js';
import { TokenSet } from './lunr-extras.js';
import type { SurfaceWord } from './word-store.js';

/** Most terms one fuzzy or wildcard term may stand for; beyond this the query would only get slower, not better. */
export const MAX_EXPANSIONS = 64;
/** Past this many terms written since the token set was built, rebuilding beats checking them one by one. */
const PENDING_LIMIT = 50_000;

/**
 * A set of words as a lunr.TokenSet (a minimal automaton), built on the first query that
 * needs it — never at start-up — from `load`. Words written afterwards by this process are
 * kept aside and matched directly; a write by another process (PRAGMA data_version changes)
 * drops the cache. Words that later vanish stay in the cache harmlessly: they match no row.
 */
class WordAutomaton {
  private tokenSet: lunr.TokenSet | null = null;
  readonly pending = new Set<string>();
  private dataVersion = -1;

  constructor(
    private readonly db: Database,
    private readonly load: () => string[],
  ) {}

  get built(): boolean {
    return this.tokenSet !== null;
  }

  invalidate(): void {
    this.tokenSet = null;
    this.pending.clear();
  }

  /** Adds words written by this process once the automaton exists. */
  add(words: Iterable<string>): void {
    if (!this.tokenSet) return;
    for (const word of words) if (word.length > 0) this.pending.add(word);
    if (this.pending.size > PENDING_LIMIT) this.invalidate();
  }

  /** The words of the automaton and the pending ones matching `pattern` (`accept` decides for the pending). */
  expand(pattern: lunr.TokenSet, accept: (word: string) => boolean): string[] {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.invalidate();
      this.dataVersion = version;
    }
    if (!this.tokenSet) {
      const words = this.load();
      // TokenSet.fromArray needs JavaScript's sort order; SQLite's is by bytes.
      words.sort();
      this.tokenSet = TokenSet.fromArray(words);
    }
    const found = new Set(this.tokenSet.intersect(pattern).toArray());
    for (const word of this.pending) if (accept(word)) found.add(word);
    return [...found];
  }
}

/** Most near words whose entry counts are read to order them. */
const LOOKUP_LIMIT = 512;

/** Longest word fuzzy matching accepts: past it the automaton of the typed word grows for nothing (no one mistypes a hash). */
export const MAX_FUZZY_LENGTH = 40;

/**
 * The catalogue's vocabularies for expansion: index terms (stems, lemmas) for wildcards, and
 * surface words as typed (search_words, word-store.ts) for fuzzy words and suggestions, so an
 * edit distance is counted on what the person typed against what the entries say.
 */
export class Vocabulary {
  private readonly terms: WordAutomaton;
  private readonly surface: WordAutomaton;

  constructor(
    db: Database,
    private readonly indexer: SearchIndexer,
  ) {
    this.terms = new WordAutomaton(db, () => db.prepare('SELECT term FROM search_vocab').pluck().all() as string[]);
    this.surface = new WordAutomaton(db, () => indexer.words.allWords());
    indexer.onTerms((fields) => {
      for (const field of fields) if (field.length > 0) this.terms.add(field.split(' '));
    });
    indexer.onWords((words) => this.surface.add(words));
    // After a re-index (null) the automata are built again from the tables, when next asked.
    indexer.onDocs((docid) => {
      if (docid === null) this.invalidate();
    });
  }

  /** True when every entry has an impact token for the adjacent pair (pair-terms.ts); otherwise FTS5 answers the phrase. */
  pairStored(first: string, second: string): boolean {
    return this.indexer.pairs.stored(first, second);
  }

  invalidate(): void {
    this.terms.invalidate();
    this.surface.invalidate();
  }

  /** True once built (for benchmarks that report the one-off build separately). */
  get built(): boolean {
    return this.surface.built || this.terms.built;
  }

  /**
   * Surface words within `distance` edits (insertions, deletions, substitutions, adjacent
   * transpositions) of a folded word, closest first, then those more entries have; at most
   * `limit`. Chinese words count edits on characters and need two of them.
   */
  similarWords(word: string, distance: number, limit = MAX_EXPANSIONS): SurfaceWord[] {
    if (word.length === 0 || word.length > MAX_FUZZY_LENGTH || distance <= 0) return [];
    const han = /\p{Script=Han}/u.test(word);
    const found = this.surface
      .expand(TokenSet.fromFuzzyString(word, distance), (w) => editDistance(w, word) <= distance)
      .filter((w) => !han || [...w].length >= 2);
    // A short word at two edits can be near thousands: only the closest few are looked up.
    const closest =
      found.length <= LOOKUP_LIMIT
        ? found
        : found
            .map((w) => ({ w, e: editDistance(w, word) }))
            .sort((a, b) => a.e - b.e)
            .slice(0, LOOKUP_LIMIT)
            .map((x) => x.w);
    const rows = this.indexer.words.lookup(closest);
    return [...rows.values()]
      .map((row) => ({ row, edits: editDistance(row.word, word) }))
      .sort((a, b) => a.edits - b.edits || b.row.docs - a.row.docs || (a.row.word < b.row.word ? -1 : 1))
      .slice(0, limit)
      .map(({ row }) => row);
  }

  /** What the catalogue knows of surface words: their terms and entry counts (absent: no entry has them). */
  known(words: readonly string[]): Map<string, SurfaceWord> {
    return this.indexer.words.lookup(words);
  }

  /** Index terms matching a pattern with `*` anywhere. */
  wildcard(pattern: string): string[] {
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'u');
    return this.terms.expand(TokenSet.fromString(pattern), (t) => regex.test(t)).slice(0, MAX_EXPANSIONS);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions), as lunr counts edits. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

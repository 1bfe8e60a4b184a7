import type { Database } from 'better-sqlite3';
import type lunr from 'lunr';
import type { SearchIndexer } from './indexer.js';
import { TokenSet } from './lunr-extras.js';

/** Most terms one fuzzy or wildcard term may stand for; beyond this the query would only get slower, not better. */
export const MAX_EXPANSIONS = 64;
/** Past this many terms written since the token set was built, rebuilding beats checking them one by one. */
const PENDING_LIMIT = 50_000;

/**
 * The index's vocabulary as a lunr.TokenSet (a minimal automaton), for fuzzy and wildcard
 * expansion. Built on the first query that needs it — never at start-up — from the FTS5
 * vocabulary table. Terms written afterwards by this process are kept aside and matched
 * directly; a write by another process (PRAGMA data_version changes) drops the cache.
 * Terms that later vanish from the index stay in the cache harmlessly: FTS5 finds no rows.
 */
export class Vocabulary {
  private tokenSet: lunr.TokenSet | null = null;
  private readonly pending = new Set<string>();
  private dataVersion = -1;

  constructor(
    private readonly db: Database,
    indexer: SearchIndexer,
  ) {
    indexer.onTerms((fields) => {
      if (!this.tokenSet) return;
      for (const field of fields) if (field.length > 0) for (const term of field.split(' ')) this.pending.add(term);
      if (this.pending.size > PENDING_LIMIT) this.invalidate();
    });
  }

  invalidate(): void {
    this.tokenSet = null;
    this.pending.clear();
  }

  /** True once built (for benchmarks that report the one-off build separately). */
  get built(): boolean {
    return this.tokenSet !== null;
  }

  private current(): lunr.TokenSet {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.dataVersion) {
      this.invalidate();
      this.dataVersion = version;
    }
    if (!this.tokenSet) {
      const terms = this.db.prepare('SELECT term FROM search_vocab').pluck().all() as string[];
      // TokenSet.fromArray needs JavaScript's sort order; SQLite's is by bytes.
      terms.sort();
      this.tokenSet = TokenSet.fromArray(terms);
    }
    return this.tokenSet;
  }

  private expand(pattern: lunr.TokenSet, accept: (term: string) => boolean): string[] {
    const found = new Set(this.current().intersect(pattern).toArray());
    for (const term of this.pending) if (accept(term)) found.add(term);
    return [...found].slice(0, MAX_EXPANSIONS);
  }

  /** Index terms within `distance` edits (insertions, deletions, substitutions, transpositions) of `term`. */
  fuzzy(term: string, distance: number): string[] {
    const matches = this.expand(TokenSet.fromFuzzyString(term, distance), (t) => editDistance(t, term) <= distance);
    // Closest first, so the cap drops the least likely terms.
    return matches.sort((a, b) => editDistance(a, term) - editDistance(b, term) || a.localeCompare(b));
  }

  /** Index terms matching a pattern with `*` anywhere. */
  wildcard(pattern: string): string[] {
    const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'u');
    return this.expand(TokenSet.fromString(pattern), (t) => regex.test(t));
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

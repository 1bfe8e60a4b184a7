import type { Database } from 'better-sqlite3';

/**
 * Which adjacent pairs of terms get impact tokens of their own (impacts.ts).
 *
 * A pair token answers a two-word phrase without reading positions, but almost every
 * adjacent pair of a catalogue is unique: at 10,000 entries pairs were 1.8 M of the impact
 * table's 2.0 M keys and 80 % of its bytes. A phrase pays for a token only when both its
 * words are common; with one rare word FTS5 finds the phrase cheaply from that word's short
 * list. So once a catalogue is large, pairs are kept only between terms that a sample of its
 * entries shows to be frequent; the list is fixed at a re-index (every entry is then written
 * with it) and stored in the catalogue, and a phrase of other terms is answered by FTS5.
 *
 * A small catalogue (and one indexed before the list existed) keeps every pair: its lists
 * are short anyway. When the catalogue has grown to twice the size its list was made for,
 * the app re-indexes in the background to make a new one (`outdated`).
 *
 * During a re-index in place, entries are written with the next list while the others still
 * hold the current one: a pair is taken as stored only when both lists keep it.
 */

/** Below this many entries every pair is kept. */
export const PAIR_LIST_MIN_ENTRIES = 5_000;
/** Entries whose terms are counted to choose the list. */
export const PAIR_SAMPLE_ENTRIES = 2_000;
/** A term is frequent when at least this share of the sampled entries holds it. */
export const PAIR_TERM_SHARE = 0.02;
/** The list is made again when the catalogue has grown by this factor since it was made. */
const GROWTH = 2;

const CURRENT_KEY = 'search.pair_terms';
const NEXT_KEY = 'search.pair_terms_next';

/**
 * A list as stored: the frequent terms (null: every pair is kept), and how many entries the
 * catalogue had when they were chosen, counted as `outdated` counts them (its highest entry
 * rowid: entries ever written, deleted ones too), so the two always compare.
 */
export interface PairList {
  terms: ReadonlySet<string> | null;
  entries: number;
}

/** What a catalogue indexed before lists existed (or never re-indexed) holds: every pair. */
const EVERY_PAIR: PairList = { terms: null, entries: 0 };

/** The frequent terms of a sample: those held by at least `share` of the sampled entries. */
export function frequentTerms(documentFrequency: ReadonlyMap<string, number>, sampled: number, share: number = PAIR_TERM_SHARE): string[] {
  // Never fewer than two entries of the sample: one entry's words are not the catalogue's.
  const least = Math.max(2, Math.ceil(share * sampled));
  const out: string[] = [];
  for (const [term, df] of documentFrequency) if (df >= least) out.push(term);
  return out.sort();
}

function parseList(value: string | undefined): PairList | null {
  if (value === undefined) return null;
  const parsed = JSON.parse(value) as { terms?: unknown; entries?: unknown };
  if (typeof parsed.entries !== 'number') return null;
  if (parsed.terms === null) return { terms: null, entries: parsed.entries };
  if (!Array.isArray(parsed.terms)) return null;
  return { terms: new Set(parsed.terms.filter((t): t is string => typeof t === 'string')), entries: parsed.entries };
}

const keeps = (list: PairList | null, first: string, second: string): boolean =>
  list === null || list.terms === null || (list.terms.has(first) && list.terms.has(second));

/** The catalogue's pair lists, read from its settings and cached until another connection writes (data_version). */
export class PairTerms {
  private cached: { version: number; current: PairList; next: PairList | null } | null = null;

  constructor(private readonly db: Database) {}

  private lists(): { current: PairList; next: PairList | null } {
    // A prepared statement: db.pragma() prepares one on every call, and this runs for every entry written.
    const version = this.db.prepare('PRAGMA data_version').pluck().get() as number;
    if (this.cached?.version !== version) {
      const read = (key: string): PairList | null =>
        parseList(this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined);
      this.cached = { version, current: read(CURRENT_KEY) ?? EVERY_PAIR, next: read(NEXT_KEY) };
    }
    return this.cached;
  }

  /** The frequent terms entries are written with now (the next list's while a re-index runs); null keeps every pair. */
  writing(): ReadonlySet<string> | null {
    const { current, next } = this.lists();
    return (next ?? current).terms;
  }

  /** The list of a re-index that was interrupted, which the next pass goes on with (entries hold it already). */
  pending(): PairList | null {
    return this.lists().next;
  }

  /** True when every indexed entry holds the pair's token. */
  stored(first: string, second: string): boolean {
    const { current, next } = this.lists();
    return keeps(current, first, second) && keeps(next, first, second);
  }

  /**
   * True when the catalogue has outgrown its list (or, large now, never had one). A list that
   * keeps every pair because its catalogue was small is outgrown like any other: were it taken
   * as no list, a catalogue large by its rowids but small in live entries (many deleted) would
   * be re-indexed again and again, each pass again too small to choose terms.
   */
  outdated(entries: number): boolean {
    if (entries < PAIR_LIST_MIN_ENTRIES) return false;
    const { current, next } = this.lists();
    if (next !== null) return true;
    return entries >= Math.max(PAIR_LIST_MIN_ENTRIES, GROWTH * current.entries);
  }

  private write(key: string, list: PairList | null): void {
    if (list === null) this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    else
      this.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key, JSON.stringify({ terms: list.terms === null ? null : [...list.terms], entries: list.entries }));
    this.cached = null;
  }

  /** A re-index begins writing with `list`; from empty no entry holds the old one any more, so it is current at once. */
  begin(list: PairList, fromEmpty: boolean): void {
    this.write(fromEmpty ? CURRENT_KEY : NEXT_KEY, list);
    if (fromEmpty) this.write(NEXT_KEY, null);
  }

  /** A re-index has written every entry with the list it began with. */
  finish(list: PairList): void {
    this.write(CURRENT_KEY, list);
    this.write(NEXT_KEY, null);
  }
}

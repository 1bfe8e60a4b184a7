import type { Database } from 'better-sqlite3';
import { termRange, type TokenRange } from './impacts.js';

/** Token ranges whose vocabulary rows are kept between searches at most (then the memory starts afresh). */
const MOST_RANGES = 8192;

/**
 * The statistics FTS5's bm25() ranks with, read where FTS5 keeps them, so a re-ranking in
 * JavaScript scores exactly as the first pass did: the row count and token totals (the
 * "averages" record, row 1 of search_index_data) and each document's token count per column
 * (search_index_docsize), both records of SQLite varints in FTS5's file format (described
 * in its source, stable across versions). If they cannot be read there are no statistics,
 * and the re-ranking keeps FTS5's own order.
 */
export interface CollectionStatistics {
  documents: number;
  /** Mean tokens per document over all columns: bm25()'s avgdl. */
  averageLength: number;
}

/** A SQLite varint (big-endian groups of 7 bits, the ninth byte whole) at `at`; null past the end. */
function readVarint(bytes: Uint8Array, at: number): { value: number; next: number } | null {
  let value = 0;
  for (let i = 0; i < 9; i += 1) {
    const byte = bytes[at + i];
    if (byte === undefined) return null;
    if (i === 8) return { value: value * 256 + byte, next: at + 9 };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: at + i + 1 };
  }
  return null;
}

/** The sum of the varints of a blob: a docsize record's per-column counts add up to the document's length. */
function sumOfVarints(bytes: Uint8Array): number {
  let total = 0;
  for (let at = 0; at < bytes.length;) {
    const read = readVarint(bytes, at);
    if (read === null) break;
    total += read.value;
    at = read.next;
  }
  return total;
}

export class IndexStatistics {
  /** Document frequencies counted so far; cleared whenever the catalogue changes (the engine says when). */
  private readonly frequencies = new Map<string, number>();
  /** The impact tokens of each range read so far, with their document counts; cleared with the frequencies. */
  private readonly ranges = new Map<string, readonly (readonly [string, number])[]>();
  private known: CollectionStatistics | null | undefined;

  /** The catalogue's connection keeps its prepared statements (core/db/open.ts), so each SQL text below is prepared once. */
  constructor(private readonly db: Database) {}

  clear(): void {
    this.frequencies.clear();
    this.ranges.clear();
    this.known = undefined;
  }

  /** The row count and mean length, read once until clear(): a search asks twice (ranking, then re-ranking). */
  collection(): CollectionStatistics | null {
    if (this.known === undefined) this.known = this.readCollection();
    return this.known;
  }

  private readCollection(): CollectionStatistics | null {
    const block = this.shadow(() => this.db.prepare('SELECT block FROM search_index_data WHERE id = 1').pluck().get() as Uint8Array | undefined);
    if (!(block instanceof Uint8Array)) return null;
    const rows = readVarint(block, 0);
    if (rows === null || rows.value === 0) return null;
    const tokens = sumOfVarints(block.subarray(rows.next));
    return { documents: rows.value, averageLength: tokens / rows.value };
  }

  /** Tokens in every column of each document, by rowid; documents FTS5 has no record of are left out. */
  lengths(docids: readonly number[]): Map<number, number> {
    const rows = this.shadow(
      () =>
        this.db.prepare('SELECT id, sz FROM search_index_docsize WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(docids)) as [
          number,
          unknown,
        ][],
    );
    const out = new Map<number, number>();
    for (const [id, sz] of rows ?? []) if (sz instanceof Uint8Array) out.set(id, sumOfVarints(sz));
    return out;
  }

  /** A read of FTS5's own tables; undefined should they be missing (an index made with columnsize=0, say), which callers treat as no statistics. */
  private shadow<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      if (error instanceof Error && /no such table/.test(error.message)) return undefined;
      throw error;
    }
  }

  /**
   * The impact tokens in a range with how many documents hold each (impacts.ts): what the
   * ranker reads a phrase's lists by, and what a term's document frequency is the sum of.
   * fts5vocab counts a token's documents by reading its whole list, so a common term costs
   * milliseconds; a long query asks for its terms' frequencies first (long-query.ts) and then
   * ranks by the same terms, and each range is read once until the catalogue changes.
   */
  tokens(range: TokenRange): readonly (readonly [string, number])[] {
    const key = `${range.from}\u0000${range.to}`;
    const known = this.ranges.get(key);
    if (known !== undefined) return known;
    const rows = this.db.prepare('SELECT term, doc FROM search_impact_vocab WHERE term >= ? AND term < ?').raw().all(range.from, range.to) as [
      string,
      number,
    ][];
    if (this.ranges.size >= MOST_RANGES) this.ranges.clear();
    this.ranges.set(key, rows);
    return rows;
  }

  /**
   * How many documents hold `term`: the sum of its impact tokens' document counts (each
   * document holding the term has exactly one of them, impacts.ts), a few vocabulary rows
   * however common the term. Kept until the catalogue changes (the engine says when).
   */
  documentFrequency(term: string): number {
    const known = this.frequencies.get(term);
    if (known !== undefined) return known;
    let count = 0;
    for (const [, documents] of this.tokens(termRange(term))) count += documents;
    this.frequencies.set(term, count);
    return count;
  }

  /** A term's document frequency if it has been counted since the catalogue last changed, else undefined (nothing is read). */
  knownDocumentFrequency(term: string): number | undefined {
    return this.frequencies.get(term);
  }
}

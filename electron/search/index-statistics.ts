import type { Database } from 'better-sqlite3';

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
  for (let at = 0; at < bytes.length; ) {
    const read = readVarint(bytes, at);
    if (read === null) break;
    total += read.value;
    at = read.next;
  }
  return total;
}

/** How many of a common term's oldest and newest documents estimate how many it has. */
const END_SAMPLE = 1000;

export class IndexStatistics {
  /** Document frequencies counted so far, with the document count they were counted against; cleared whenever the catalogue changes (the engine says when). */
  private readonly frequencies = new Map<string, { documents: number; count: number }>();

  /** The catalogue's connection keeps its prepared statements (core/db/open.ts), so each SQL text below is prepared once. */
  constructor(private readonly db: Database) {}

  clear(): void {
    this.frequencies.clear();
  }

  collection(): CollectionStatistics | null {
    const block = this.shadow(() => this.db.prepare('SELECT block FROM search_index_data WHERE id = 1').pluck().get() as Uint8Array | undefined);
    if (!(block instanceof Uint8Array)) return null;
    const rows = readVarint(block, 0);
    if (rows === null || rows.value === 0) return null;
    const tokens = sumOfVarints(block.subarray(rows.next));
    return { documents: rows.value, averageLength: tokens / rows.value };
  }

  /** Tokens in every column of each document, by rowid; documents FTS5 has no record of are left out. */
  lengths(docids: readonly number[]): Map<number, number> {
    const rows = this.shadow(() => this.db.prepare('SELECT id, sz FROM search_index_docsize WHERE id IN (SELECT value FROM json_each(?))').raw().all(JSON.stringify(docids)) as [number, unknown][]);
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
   * How many documents hold `term`, in a collection of `documents`, counted no further than
   * half of them: bm25() gives any term found that often the same near-zero weight. Counting
   * walks the term's posting list, 3 ms for a common term at 100,000 entries, so a term with
   * more than 2 × END_SAMPLE documents is estimated from how far into the oldest and the
   * newest entries its first and last END_SAMPLE documents reach: within a few per cent for
   * a term used alike over the years, further off for one used mostly in the middle years
   * (or never there); a common term's weight moves little either way.
   */
  documentFrequency(term: string, documents: number): number {
    const known = this.frequencies.get(term);
    if (known !== undefined && known.documents === documents) return known.count;
    const count = this.countDocuments(`"${term.replace(/"/g, '""')}"`, Math.ceil(documents / 2));
    this.frequencies.set(term, { documents, count });
    return count;
  }

  private countDocuments(match: string, cap: number): number {
    const exactly = (): number => this.db.prepare('SELECT count(*) FROM (SELECT 1 FROM search_index WHERE search_index MATCH @match LIMIT @cap)').pluck().get({ match, cap }) as number;
    if (cap <= 2 * END_SAMPLE) return exactly();
    const [last, first] = this.db.prepare(`SELECT max(rowid), count(*) FROM (SELECT rowid FROM search_index WHERE search_index MATCH @match ORDER BY rowid LIMIT ${END_SAMPLE})`)
      .raw()
      .get({ match }) as [number | null, number];
    if (first < END_SAMPLE || last === null) return first;
    const [firstOfNewest] = this.db.prepare(`SELECT min(rowid) FROM (SELECT rowid FROM search_index WHERE search_index MATCH @match ORDER BY rowid DESC LIMIT ${END_SAMPLE})`)
      .raw()
      .get({ match }) as [number];
    // Two subqueries: SQLite reads a lone min() or max() off the primary key, but scans for both at once.
    const { low, high } = this.db.prepare('SELECT (SELECT min(docid) FROM search_docs) AS low, (SELECT max(docid) FROM search_docs) AS high').get() as {
      low: number | null;
      high: number | null;
    };
    // Both ends meet: the term has fewer than twice END_SAMPLE documents, cheap to count.
    if (low === null || high === null || firstOfNewest <= last) return exactly();
    const covered = last - low + 1 + (high - firstOfNewest + 1);
    const estimate = Math.round((2 * END_SAMPLE * (high - low + 1)) / covered);
    return Math.min(cap, Math.max(2 * END_SAMPLE, estimate));
  }
}

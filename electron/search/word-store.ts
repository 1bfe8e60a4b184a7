import type { Database } from 'better-sqlite3';

/** One surface word of the catalogue: the terms it was analysed to and how many entries have it. */
export interface SurfaceWord {
  word: string;
  terms: string[];
  docs: number;
}

/** Ascending ids as delta varints: a document's few hundred words in about two bytes each. */
export function packIds(ids: readonly number[]): Buffer {
  const sorted = [...ids].sort((a, b) => a - b);
  const bytes: number[] = [];
  let previous = 0;
  for (const id of sorted) {
    let delta = id - previous;
    previous = id;
    while (delta >= 0x80) {
      bytes.push((delta % 0x80) | 0x80);
      delta = Math.floor(delta / 0x80);
    }
    bytes.push(delta);
  }
  return Buffer.from(bytes);
}

export function unpackIds(packed: Uint8Array): number[] {
  const out: number[] = [];
  let previous = 0;
  let value = 0;
  let scale = 1;
  for (const byte of packed) {
    value += (byte & 0x7f) * scale;
    if (byte & 0x80) scale *= 0x80;
    else {
      previous += value;
      out.push(previous);
      value = 0;
      scale = 1;
    }
  }
  return out;
}

/** Word ids remembered at most (a few tens of megabytes); beyond, the memory starts again. */
const KNOWN_IDS_LIMIT = 300_000;

/**
 * The surface vocabulary (search_words) and each document's distinct words (search_doc_words,
 * as word ids), kept exact: a document written adds one to each of its words and takes one
 * from each word its previous version had; a document removed takes one from each. Changes
 * are summed in memory and written once per indexing batch (`flush`), inside the transaction
 * the postings are written in; a word no entry has any more is deleted.
 */
export class WordStore {
  /** Words gained, with the terms a new word is inserted with. */
  private readonly gained = new Map<string, { terms: string; count: number }>();
  /** Words lost, by id. */
  private readonly lost = new Map<number, number>();
  /** Ids of words met before: checked at every use, so a stale one is never trusted. */
  private readonly knownIds = new Map<string, number>();
  /** Documents whose word rows are written at the flush, once their new words have ids. */
  private readonly documents = new Map<number, ReadonlyMap<string, string>>();

  /** Whether the schema has the tables (migration 12); a catalogue opened at an older version (tests) keeps none. */
  private present: boolean | null = null;

  constructor(private readonly db: Database) {}

  private get enabled(): boolean {
    this.present ??= this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_doc_words'").get() !== undefined;
    return this.present;
  }

  private gain(words: ReadonlyMap<string, string>, sign: 1 | -1): void {
    for (const [word, terms] of words) {
      const known = this.gained.get(word);
      if (known) known.count += sign;
      else this.gained.set(word, { terms, count: sign });
    }
  }

  /** Records a document's words (word → terms), replacing what it had. */
  setDocument(docid: number, words: ReadonlyMap<string, string>): void {
    if (!this.enabled) return;
    this.forgetDocument(docid);
    if (words.size === 0) return;
    this.gain(words, 1);
    this.documents.set(docid, words);
  }

  /** Takes one from every word the document had and drops its row. */
  forgetDocument(docid: number): void {
    if (!this.enabled) return;
    const waiting = this.documents.get(docid);
    if (waiting) {
      this.gain(waiting, -1);
      this.documents.delete(docid);
    }
    const old = this.db.prepare('SELECT ids FROM search_doc_words WHERE docid = ?').pluck().get(docid) as Uint8Array | undefined;
    if (old === undefined) return;
    for (const id of unpackIds(old)) this.lost.set(id, (this.lost.get(id) ?? 0) + 1);
    this.db.prepare('DELETE FROM search_doc_words WHERE docid = ?').run(docid);
  }

  /**
   * Writes the summed changes; called at the end of every indexing batch, inside its
   * transaction. The words of the ids lost are read first, in this transaction, so that a
   * word lost and gained again in the batch (a document re-indexed as it was, the whole of a
   * re-index in place) is one net change or none, not two updates. A word whose id is
   * remembered is one update by primary key (about a fifth of an upsert through the word's
   * unique index); the update also checks the word, so an id remembered from a rolled-back
   * transaction or a deleted word only costs the upsert.
   */
  flush(): void {
    if (this.gained.size === 0 && this.lost.size === 0) return;
    const ids = new Map<string, number>();
    const lowered: number[] = [];
    const change = this.db.prepare('UPDATE search_words SET docs = docs + ? WHERE id = ?');
    const netted = new Set<string>();
    if (this.lost.size > 0) {
      const rows = this.db
        .prepare('SELECT w.id, w.word FROM json_each(?) j CROSS JOIN search_words w ON w.id = j.value')
        .raw()
        .all(JSON.stringify([...this.lost.keys()])) as [number, string][];
      for (const [id, word] of rows) {
        const gained = this.gained.get(word);
        const delta = (gained !== undefined && gained.count > 0 ? gained.count : 0) - (this.lost.get(id) ?? 0);
        if (gained !== undefined && gained.count > 0) {
          ids.set(word, id);
          if (this.knownIds.size >= KNOWN_IDS_LIMIT) this.knownIds.clear();
          this.knownIds.set(word, id);
          netted.add(word);
        }
        if (delta !== 0) change.run(delta, id);
        if (delta < 0) lowered.push(id);
      }
    }
    const update = this.db.prepare('UPDATE search_words SET docs = docs + ? WHERE id = ? AND word = ?');
    const upsert = this.db
      .prepare('INSERT INTO search_words (word, terms, docs) VALUES (?, ?, ?) ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs RETURNING id')
      .pluck();
    for (const [word, { terms, count }] of this.gained) {
      // A word gained and lost again within the batch (a document written twice) changes nothing.
      if (count <= 0 || netted.has(word)) continue;
      const known = this.knownIds.get(word);
      if (known !== undefined && update.run(count, known, word).changes === 1) {
        ids.set(word, known);
        continue;
      }
      const id = upsert.get(word, terms, count) as number;
      if (this.knownIds.size >= KNOWN_IDS_LIMIT) this.knownIds.clear();
      this.knownIds.set(word, id);
      ids.set(word, id);
    }
    if (this.documents.size > 0) {
      const insertDoc = this.db.prepare('INSERT INTO search_doc_words (docid, ids) VALUES (?, ?)');
      for (const [docid, words] of this.documents) {
        const list: number[] = [];
        for (const word of words.keys()) {
          const id = ids.get(word);
          if (id !== undefined) list.push(id);
        }
        insertDoc.run(docid, packIds(list));
      }
    }
    if (lowered.length > 0) {
      this.db.prepare('DELETE FROM search_words WHERE id IN (SELECT value FROM json_each(?)) AND docs <= 0').run(JSON.stringify(lowered));
    }
    this.discard();
  }

  /** Forgets changes not written (the transaction they belonged to was rolled back). */
  discard(): void {
    this.gained.clear();
    this.lost.clear();
    this.documents.clear();
  }

  clear(): void {
    this.discard();
    if (!this.enabled) return;
    this.knownIds.clear();
    this.db.prepare('DELETE FROM search_words').run();
    this.db.prepare('DELETE FROM search_doc_words').run();
  }

  /** Every surface word, for the fuzzy automaton. */
  allWords(): string[] {
    if (!this.enabled) return [];
    return this.db.prepare('SELECT word FROM search_words').pluck().all() as string[];
  }

  /** The rows of the given words that exist. */
  lookup(words: readonly string[]): Map<string, SurfaceWord> {
    const out = new Map<string, SurfaceWord>();
    if (words.length === 0 || !this.enabled) return out;
    // CROSS JOIN keeps json_each outside, so each word is one index look-up, never a scan of the vocabulary.
    const rows = this.db
      .prepare('SELECT w.word, w.terms, w.docs FROM json_each(?) j CROSS JOIN search_words w ON w.word = j.value')
      .all(JSON.stringify(words)) as {
      word: string;
      terms: string;
      docs: number;
    }[];
    for (const row of rows) out.set(row.word, { word: row.word, terms: row.terms.split(' ').filter((t) => t !== ''), docs: row.docs });
    return out;
  }
}

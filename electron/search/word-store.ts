import type { Database, Statement } from 'better-sqlite3';

/** One surface word of the catalogue: the terms it was analysed to and how many entries have it. */
export interface SurfaceWord {
  word: string;
  terms: string[];
  docs: number;
}

/**
 * The surface vocabulary (search_words) and each document's distinct surface words
 * (search_doc_words), kept exact: a document written adds one to each of its words and
 * takes one from each word its previous version had; a document removed takes one from
 * each. Changes are summed in memory and written once per batch (`flush`), inside the
 * transaction the postings are written in; a word whose count reaches zero is deleted.
 */
export class WordStore {
  private readonly statements = new Map<string, Statement>();
  /** Count changes not written yet, with the terms a word is inserted with. */
  private readonly deltas = new Map<string, { terms: string; delta: number }>();

  constructor(private readonly db: Database) {}

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private change(word: string, terms: string, delta: number): void {
    const known = this.deltas.get(word);
    if (known) {
      known.delta += delta;
      if (terms !== '') known.terms = terms;
    } else this.deltas.set(word, { terms, delta });
  }

  /** Records a document's words (word → terms), replacing what it had. */
  setDocument(docid: number, words: ReadonlyMap<string, string>): void {
    this.forgetDocument(docid);
    for (const [word, terms] of words) this.change(word, terms, 1);
    if (words.size > 0) this.stmt('INSERT INTO search_doc_words (docid, words) VALUES (?, ?)').run(docid, [...words.keys()].join(' '));
  }

  /** Takes one from every word the document had and drops its row. */
  forgetDocument(docid: number): void {
    const old = this.stmt('SELECT words FROM search_doc_words WHERE docid = ?').pluck().get(docid) as string | undefined;
    if (old === undefined) return;
    for (const word of old.split(' ')) this.change(word, '', -1);
    this.stmt('DELETE FROM search_doc_words WHERE docid = ?').run(docid);
  }

  /** Writes the summed changes; called at the end of every indexing batch, inside its transaction. */
  flush(): void {
    if (this.deltas.size === 0) return;
    const upsert = this.stmt(
      `INSERT INTO search_words (word, terms, docs) VALUES (?, ?, ?)
       ON CONFLICT (word) DO UPDATE SET docs = docs + excluded.docs, terms = CASE WHEN excluded.terms = '' THEN terms ELSE excluded.terms END`,
    );
    const drop = this.stmt('DELETE FROM search_words WHERE word = ? AND docs <= 0');
    for (const [word, { terms, delta }] of this.deltas) {
      if (delta === 0) continue;
      upsert.run(word, terms, delta);
      if (delta < 0) drop.run(word);
    }
    this.deltas.clear();
  }

  /** Forgets changes not written (the transaction they belonged to was rolled back). */
  discard(): void {
    this.deltas.clear();
  }

  clear(): void {
    this.deltas.clear();
    this.stmt('DELETE FROM search_words').run();
    this.stmt('DELETE FROM search_doc_words').run();
  }

  /** Every surface word, for the fuzzy automaton. */
  allWords(): string[] {
    return this.stmt('SELECT word FROM search_words').pluck().all() as string[];
  }

  /** The rows of the given words that exist. */
  lookup(words: readonly string[]): Map<string, SurfaceWord> {
    const out = new Map<string, SurfaceWord>();
    if (words.length === 0) return out;
    const rows = this.stmt('SELECT word, terms, docs FROM search_words WHERE word IN (SELECT value FROM json_each(?))').all(JSON.stringify(words)) as {
      word: string;
      terms: string;
      docs: number;
    }[];
    for (const row of rows) out.set(row.word, { word: row.word, terms: row.terms.split(' ').filter((t) => t !== ''), docs: row.docs });
    return out;
  }
}

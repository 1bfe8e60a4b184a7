import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../electron/core/db/migrations.js';
import { impactText } from '../../electron/search/impacts.js';
import { IndexStatistics } from '../../electron/search/index-statistics.js';
import { addEntry, cleanupTemp, openTestCatalogue } from '../helpers.js';

/** An index shaped like the catalogue's (contentless FTS5 of eight columns, its impact postings, search_docs by rowid), filled directly. */
function bareIndex(documents: number, termsOf: (docid: number) => string): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE VIRTUAL TABLE search_index USING fts5(
      title, tags, classification, summary, body, authors, enterprise, registration,
      content = '', contentless_delete = 1, tokenize = 'ascii'
    );
    CREATE TABLE search_docs (docid INTEGER PRIMARY KEY);
    -- What migration 8 clears besides creating the impact postings.
    CREATE TABLE search_doc_tags (docid INTEGER);
    CREATE TABLE search_doc_classes (docid INTEGER);
    CREATE TABLE settings (key TEXT, value TEXT);
  `);
  MIGRATIONS.find((m) => m.version === 8)?.up(db);
  const doc = db.prepare('INSERT INTO search_docs (docid) VALUES (?)');
  const row = db.prepare(
    `INSERT INTO search_index (rowid, title, tags, classification, summary, body, authors, enterprise, registration) VALUES (?, 'heading', '', '', '', ?, '', '', '')`,
  );
  const impacts = db.prepare('INSERT INTO search_impacts (rowid, impacts) VALUES (?, ?)');
  db.transaction(() => {
    for (let docid = 1; docid <= documents; docid += 1) {
      doc.run(docid);
      row.run(docid, termsOf(docid));
      impacts.run(
        docid,
        impactText({
          title: 'heading',
          tags: '',
          classification: '',
          summary: '',
          body: termsOf(docid),
          authors: '',
          enterprise: '',
          registration: '',
          attachments: '',
        }),
      );
    }
  })();
  return db;
}

afterEach(() => cleanupTemp());

describe('IndexStatistics', () => {
  it("reads FTS5's own row count, mean length and document lengths", () => {
    const db = bareIndex(10, (docid) => Array.from({ length: docid }, () => 'word').join(' '));
    const statistics = new IndexStatistics(db);
    // Each document: one title token and `docid` body tokens.
    expect(statistics.collection()).toEqual({ documents: 10, averageLength: 1 + 5.5 });
    expect(statistics.lengths([1, 7, 10, 99])).toEqual(
      new Map([
        [1, 2],
        [7, 8],
        [10, 11],
      ]),
    );
    db.close();
  });

  it('counts document frequencies exactly, however common the term, whatever its frequencies and lengths', () => {
    // 9,000 documents of varied lengths: "fifth" in every fifth, "third" twice in every third, "all" in every one.
    const db = bareIndex(9000, (docid) =>
      [
        docid % 5 === 0 ? 'fifth' : 'a',
        docid % 3 === 0 ? 'third third' : 'b',
        'all',
        ...Array.from({ length: docid % 97 }, () => 'filler'),
        docid === 5 ? 'once' : 'x',
      ].join(' '),
    );
    const statistics = new IndexStatistics(db);
    expect(['once', 'fifth', 'third', 'all', 'filler', 'absent'].map((term) => statistics.documentFrequency(term))).toEqual([
      1,
      1800,
      3000,
      9000,
      9000 - Math.floor(9000 / 97),
      0,
    ]);
    db.close();
  });

  it("agrees with a catalogue's index about its entries", async () => {
    const t = openTestCatalogue();
    try {
      await addEntry(t, { title: 'Carding wool', body: 'Fine wool is carded twice.' });
      await addEntry(t, { title: 'Steam pressing', body: 'Cloth is pressed with steam.' });
      const statistics = new IndexStatistics(t.catalogue.db);
      const docids = t.catalogue.db.prepare('SELECT docid FROM search_docs ORDER BY docid').pluck().all() as number[];
      const collection = statistics.collection();
      expect(collection?.documents).toBe(2);
      const lengths = statistics.lengths(docids);
      expect(lengths.size).toBe(2);
      expect(collection?.averageLength).toBeCloseTo([...lengths.values()].reduce((a, b) => a + b, 0) / 2, 10);
      expect(statistics.documentFrequency('wool')).toBe(1);
    } finally {
      t.close();
    }
  });
});

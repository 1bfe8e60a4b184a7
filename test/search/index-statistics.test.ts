import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexStatistics } from '../../electron/search/index-statistics.js';
import { addEntry, cleanupTemp, openTestCatalogue } from '../helpers.js';

/** An index shaped like the catalogue's (contentless FTS5 of eight columns, search_docs by rowid), filled directly. */
function bareIndex(documents: number, termsOf: (docid: number) => string): Database.Database {
  const db = new Database(':memory:');
  db.exec(`
    CREATE VIRTUAL TABLE search_index USING fts5(
      title, tags, classification, summary, body, authors, enterprise, registration,
      content = '', contentless_delete = 1, tokenize = 'ascii'
    );
    CREATE TABLE search_docs (docid INTEGER PRIMARY KEY);
  `);
  const doc = db.prepare('INSERT INTO search_docs (docid) VALUES (?)');
  const row = db.prepare(`INSERT INTO search_index (rowid, title, tags, classification, summary, body, authors, enterprise, registration) VALUES (?, 'heading', '', '', '', ?, '', '', '')`);
  db.transaction(() => {
    for (let docid = 1; docid <= documents; docid += 1) {
      doc.run(docid);
      row.run(docid, termsOf(docid));
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

  it('counts document frequencies exactly up to half the collection, and no further', () => {
    const db = bareIndex(300, (docid) => ['all', docid % 3 === 0 ? 'third' : 'other', docid === 5 ? 'once' : 'x'].join(' '));
    const statistics = new IndexStatistics(db);
    expect(statistics.documentFrequency('once', 300)).toBe(1);
    expect(statistics.documentFrequency('third', 300)).toBe(100);
    expect(statistics.documentFrequency('all', 300)).toBe(150);
    expect(statistics.documentFrequency('absent', 300)).toBe(0);
    db.close();
  });

  it('estimates the frequency of common terms from their oldest and newest documents', () => {
    // 9,000 documents: "fifth" in every fifth (1,800: counted exactly), "third" in every
    // third (3,000: estimated), "most" in four of five (beyond half: capped).
    const db = bareIndex(9000, (docid) => [docid % 5 === 0 ? 'fifth' : 'a', docid % 3 === 0 ? 'third' : 'b', docid % 5 !== 0 ? 'most' : 'c'].join(' '));
    const statistics = new IndexStatistics(db);
    expect(statistics.documentFrequency('fifth', 9000)).toBe(1800);
    const third = statistics.documentFrequency('third', 9000);
    expect(Math.abs(third - 3000) / 3000).toBeLessThan(0.02);
    expect(statistics.documentFrequency('most', 9000)).toBe(4500);
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
      expect(statistics.documentFrequency('wool', 2)).toBe(1);
    } finally {
      t.close();
    }
  });
});

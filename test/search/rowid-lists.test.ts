import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { mostIds, parseIds, parseIdsInto, rowidList } from '../../electron/search/rowid-lists.js';

describe('rowid lists', () => {
  it('read the bytes SQLite hands over for a list, and nothing for no rows', () => {
    const db = new Database(':memory:');
    try {
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1), (9), (10), (2147483647)');
      const list = db
        .prepare(`SELECT ${rowidList('id')} FROM t`)
        .pluck()
        .get() as Uint8Array;
      expect(list).toBeInstanceOf(Uint8Array);
      expect(Array.from(parseIds(list))).toEqual([1, 9, 10, 2147483647]);
      const none = db
        .prepare(`SELECT ${rowidList('id')} FROM t WHERE id < 0`)
        .pluck()
        .get() as Uint8Array | null;
      expect(Array.from(parseIds(none))).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('fill a buffer of mostIds() from its start, even for one-digit ids', () => {
    const list = new TextEncoder().encode(Array.from({ length: 50 }, (_, i) => i % 10).join(','));
    const into = new Int32Array(mostIds(list));
    expect(into.length).toBe(50);
    expect(parseIdsInto(list, into)).toBe(50);
    expect(into[49]).toBe(9);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, openTestCatalogue, tempDir } from '../helpers.js';
import { rawFts5Build, tableBytes, textBytes } from './index-cost.js';

afterEach(() => cleanupTemp());

describe('tableBytes', () => {
  it('sums an FTS5 table with its shadow tables and keeps each index as its own row', () => {
    const db = new Database(path.join(tempDir(), 'x.sqlite'));
    try {
      db.exec(`
        CREATE VIRTUAL TABLE docs USING fts5(a, b);
        CREATE VIRTUAL TABLE docs_vocab USING fts5vocab(docs, 'row');
        CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);
        CREATE INDEX t_x ON t(x);
      `);
      const insertDoc = db.prepare('INSERT INTO docs (a, b) VALUES (?, ?)');
      const insertRow = db.prepare('INSERT INTO t (x) VALUES (?)');
      db.transaction(() => {
        for (let i = 0; i < 500; i += 1) {
          insertDoc.run(`word${i} common`, 'x'.repeat(200));
          insertRow.run(`value ${i}`.repeat(20));
        }
      })();
      const rows = tableBytes(db);
      const names = rows.map((r) => r.name);
      expect(names).toContain('docs');
      expect(names.filter((n) => n.startsWith('docs_'))).toEqual([]);
      expect(rows.find((r) => r.name === 'docs')).toMatchObject({ kind: 'fts5', owner: 'docs' });
      expect(rows.find((r) => r.name === 't_x')).toMatchObject({ kind: 'index', owner: 't' });
      expect(rows.find((r) => r.name === 't')).toMatchObject({ kind: 'table', owner: 't' });
      const all = db.prepare('SELECT sum(pgsize) FROM dbstat').pluck().get() as number;
      expect(rows.reduce((s, r) => s + r.bytes, 0)).toBe(all);
      expect(rows.map((r) => r.bytes)).toEqual([...rows.map((r) => r.bytes)].sort((a, b) => b - a));
    } finally {
      db.close();
    }
  });
});

describe('textBytes and rawFts5Build', () => {
  it('count the entries’ text in UTF-8 bytes and build the raw table from the same text', () => {
    const { dir, catalogue } = openTestCatalogue();
    try {
      const entries = [
        { title: 'Сукно валяльное', summary: 'Короткое описание.', body: '**Steam** press for cloth', tags: ['group/felt'], authors: ['A. Petrov'] },
        { title: 'Loom', summary: '', body: '织机纺纱', tags: ['group/felt', 'tools'], authors: ['Б. Иванов', 'C. Wu'] },
      ];
      for (const e of entries) {
        catalogue.entryService.create({
          kind: 'method',
          title: e.title,
          summary: e.summary,
          body: e.body,
          status: 'draft',
          language: 'en',
          enterprise: 'Kulanovno',
          registration: 'RP-1',
          authors: e.authors,
          tags: e.tags,
          classification: ['D06C 1/00'],
        });
      }
      const bytes = (s: string): number => Buffer.byteLength(s);
      const text = textBytes(catalogue);
      expect(text.fields).toBe(entries.reduce((s, e) => s + bytes(e.title) + bytes(e.summary) + bytes(e.body) + bytes('RP-1'), 0));
      expect(text.tags).toBe(bytes('group/felt') * 2 + bytes('tools'));
      expect(text.authors).toBe(bytes('A. Petrov') + bytes('Б. Иванов') + bytes('C. Wu'));
      expect(text.classification).toBe(2 * bytes('D06C 1/00'));
      expect(text.enterprise).toBe(2 * bytes('Kulanovno'));
      expect(text.attachments).toBe(0);
      expect(text.total).toBe(text.fields + text.tags + text.authors + text.classification + text.enterprise);

      const seen: number[] = [];
      const raw = rawFts5Build(catalogue, dir, (done) => seen.push(done));
      expect(raw.entries).toBe(2);
      expect(seen).toEqual([2]);
      // The five columns: the tag paths joined by spaces, the authors likewise.
      const expected = entries.reduce(
        (s, e) => s + bytes(e.title) + bytes(e.summary) + bytes(e.body) + bytes(e.tags.join(' ')) + bytes(e.authors.join(' ')),
        0,
      );
      expect(raw.textBytes).toBe(expected);
      expect(raw.ftsBytes).toBeGreaterThan(0);
      expect(raw.fileBytes).toBeGreaterThanOrEqual(raw.ftsBytes);
      expect(fs.existsSync(path.join(dir, 'raw-fts5.sqlite'))).toBe(false);
    } finally {
      catalogue.close();
    }
  });
});

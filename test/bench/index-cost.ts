/**
 * What a catalogue's search index costs, for bench:search (issue #21): bytes per table and
 * index (dbstat), the size of the text it indexes, and a plain FTS5 build of the same
 * entries' text in the same run, the baseline the index's build rate and size are held to.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Catalogue } from '../../electron/app/catalogue.js';

/** FTS5 keeps a virtual table's data in these shadow tables, named `<table>_<suffix>`. */
const FTS5_SHADOWS = ['data', 'idx', 'content', 'docsize', 'config'];

export interface TableBytes {
  /** The table or index as dbstat names it, FTS5 shadow tables summed under their virtual table. */
  name: string;
  /** The table the row belongs to: itself, its virtual table (shadows), or an index's table. */
  owner: string;
  kind: 'table' | 'index' | 'fts5';
  bytes: number;
}

/**
 * Bytes of every b-tree in the database (dbstat's pages, so free pages are not counted here),
 * one row per table and per index, an FTS5 table's shadow tables summed under its name.
 */
export function tableBytes(db: Database.Database): TableBytes[] {
  const schema = db.prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_master WHERE type IN ('table', 'index')").all() as {
    type: string;
    name: string;
    tbl: string;
    sql: string | null;
  }[];
  const fts5 = new Set(schema.filter((s) => s.type === 'table' && /^CREATE VIRTUAL TABLE .* USING fts5\s*\(/is.test(s.sql ?? '')).map((s) => s.name));
  const shadowOf = new Map<string, string>();
  for (const table of fts5) for (const suffix of FTS5_SHADOWS) shadowOf.set(`${table}_${suffix}`, table);
  const tableOf = new Map(schema.map((s) => [s.name, s.tbl]));
  const kindOf = new Map(schema.map((s) => [s.name, s.type]));
  const rows = db.prepare('SELECT name, pgsize FROM dbstat WHERE aggregate = TRUE').all() as { name: string; pgsize: number }[];
  const merged = new Map<string, TableBytes>();
  for (const row of rows) {
    const index = kindOf.get(row.name) === 'index';
    const table = index ? (tableOf.get(row.name) ?? row.name) : row.name;
    const owner = shadowOf.get(table) ?? table;
    const name = index ? row.name : owner;
    const kind = index ? 'index' : fts5.has(owner) ? 'fts5' : 'table';
    const entry = merged.get(name) ?? { name, owner, kind, bytes: 0 };
    entry.bytes += row.pgsize;
    merged.set(name, entry);
  }
  return [...merged.values()].sort((a, b) => b.bytes - a.bytes);
}

export interface TextBytes {
  fields: number;
  tags: number;
  authors: number;
  classification: number;
  enterprise: number;
  attachments: number | null;
  total: number;
}

const hasTable = (db: Database.Database, name: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;

/**
 * UTF-8 bytes of the text the index is built from, as stored: title + summary + body +
 * registration (Markdown as written), each tag's full path once per entry that has it, author
 * names, classification codes, the enterprise's name, and the extracted pages of every file
 * attached to an entry (once per entry it is attached to, as each entry indexes it).
 */
export function textBytes(catalogue: Catalogue): TextBytes {
  const db = catalogue.db;
  const one = (sql: string): number => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  const fields = one(
    'SELECT sum(length(CAST(title AS BLOB)) + length(CAST(summary AS BLOB)) + length(CAST(body AS BLOB)) + length(CAST(registration AS BLOB))) FROM entries',
  );
  const paths = catalogue.tags.paths();
  let tags = 0;
  for (const row of db.prepare('SELECT tag_id AS id, count(*) AS n FROM entry_tags GROUP BY tag_id').all() as { id: string; n: number }[]) {
    tags += Buffer.byteLength(paths.get(row.id) ?? '') * row.n;
  }
  const authors = one('SELECT sum(length(CAST(p.name AS BLOB))) FROM entry_authors a JOIN people p ON p.id = a.person_id');
  const classification = one('SELECT sum(length(CAST(code AS BLOB))) FROM entry_classifications');
  const enterprise = one('SELECT sum(length(CAST(x.name AS BLOB))) FROM entries e JOIN enterprises x ON x.id = e.enterprise_id');
  const attachments = hasTable(db, 'attachment_text_pages')
    ? one('SELECT sum(length(CAST(p.text AS BLOB))) FROM entry_attachments a JOIN attachment_text_pages p ON p.sha256 = a.sha256')
    : null;
  return { fields, tags, authors, classification, enterprise, attachments, total: fields + tags + authors + classification + enterprise + (attachments ?? 0) };
}

export interface RawBuild {
  entries: number;
  seconds: number;
  readSeconds: number;
  insertSeconds: number;
  optimizeSeconds: number;
  /** dbstat bytes of the FTS5 table (its shadow tables) after 'optimize'. */
  ftsBytes: number;
  /** The database file (and WAL) after a checkpoint. */
  fileBytes: number;
  /** UTF-8 bytes of the five columns' text inserted. */
  textBytes: number;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * A plain FTS5 table (default unicode61 tokenizer, content stored) in a fresh database
 * beside the catalogue, filled with every entry's title, summary, body, tag paths and
 * authors read back from the catalogue, in transactions of 2,000, then 'optimize' and a
 * checkpoint; the database has the catalogue's journal settings. Deleted afterwards.
 */
export function rawFts5Build(catalogue: Catalogue, dir: string, progress?: (done: number, total: number) => void): RawBuild {
  const file = path.join(dir, 'raw-fts5.sqlite');
  const remove = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
  };
  remove();
  const raw = new Database(file);
  try {
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    raw.exec('CREATE VIRTUAL TABLE raw USING fts5(title, summary, body, tags, authors)');
    const insert = raw.prepare('INSERT INTO raw (rowid, title, summary, body, tags, authors) VALUES (?, ?, ?, ?, ?, ?)');
    const total = catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    const paths = catalogue.tags.paths();
    const read = catalogue.db.prepare(
      `SELECT e.rowid AS id, e.title, e.summary, e.body,
              (SELECT group_concat(t.tag_id, ' ') FROM entry_tags t WHERE t.entry_id = e.id) AS tagIds,
              (SELECT group_concat(p.name, ' ') FROM (SELECT person_id FROM entry_authors WHERE entry_id = e.id ORDER BY position) a
                 JOIN people p ON p.id = a.person_id) AS authors
       FROM entries e WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?`,
    );
    type Row = { id: number; title: string; summary: string; body: string; tagIds: string | null; authors: string | null };
    const batch = 2000;
    const writeBatch = raw.transaction((rows: [number, string, string, string, string, string][]) => {
      for (const r of rows) insert.run(...r);
    });
    let readMs = 0;
    let insertMs = 0;
    let text = 0;
    let done = 0;
    let last = 0;
    const started = performance.now();
    for (;;) {
      const r0 = performance.now();
      const rows = (read.all(last, batch) as Row[]).map((row): [number, string, string, string, string, string] => {
        const tags = (row.tagIds ?? '')
          .split(' ')
          .filter((id) => id !== '')
          .map((id) => paths.get(id) ?? '')
          .join(' ');
        const authors = row.authors ?? '';
        text +=
          Buffer.byteLength(row.title) + Buffer.byteLength(row.summary) + Buffer.byteLength(row.body) + Buffer.byteLength(tags) + Buffer.byteLength(authors);
        return [row.id, row.title, row.summary, row.body, tags, authors];
      });
      readMs += performance.now() - r0;
      if (rows.length === 0) break;
      const i0 = performance.now();
      writeBatch(rows);
      insertMs += performance.now() - i0;
      done += rows.length;
      last = rows[rows.length - 1]?.[0] ?? last;
      progress?.(done, total);
    }
    const o0 = performance.now();
    raw.exec("INSERT INTO raw (raw) VALUES ('optimize')");
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const optimizeMs = performance.now() - o0;
    const seconds = (performance.now() - started) / 1000;
    const ftsBytes = tableBytes(raw)
      .filter((t) => t.owner === 'raw')
      .reduce((s, t) => s + t.bytes, 0);
    return {
      entries: done,
      seconds,
      readSeconds: readMs / 1000,
      insertSeconds: insertMs / 1000,
      optimizeSeconds: optimizeMs / 1000,
      ftsBytes,
      fileBytes: fileSize(file) + fileSize(`${file}-wal`),
      textBytes: text,
    };
  } finally {
    raw.close();
    remove();
  }
}

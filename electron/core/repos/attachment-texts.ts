import type { Database } from 'better-sqlite3';
import { RatioError } from '../../../shared/errors.js';
import {
  AttachmentTextStatus,
  ExtractionState,
  PageMethod,
  type ExtractionCounts,
  type ExtractionProblem,
  type PageText,
  type ProblemState,
} from '../../../shared/schemas/attachment-text.js';
import { SHA256_PATTERN } from '../../../shared/text-rules.js';
import type { EntryIndexHook } from '../index-hook.js';
import { nowIso } from '../ids.js';

interface StatusRow {
  sha256: string;
  state: string;
  error: string | null;
  detected_type: string | null;
  pages: number | null;
  pages_done: number;
  extractor_version: number;
  updated_at: string;
}

interface PageRow {
  page: number;
  text: string;
  method: string;
  confidence: number | null;
  language: string | null;
}

export type { ProblemState };

/** What reading one file produced. */
export interface ExtractedText {
  detectedType: string;
  pages: readonly PageText[];
  /** Pages in the file, when the reader skipped some (bounded); defaults to pages.length. */
  pageCount?: number;
}

/** Longest error text kept per file: reasons come from parsers of hostile input. */
const ERROR_LIMIT = 1000;
/** At most this many hashes per statement, well below SQLite's variable limit. */
const CHUNK = 500;

function toStatus(row: StatusRow): AttachmentTextStatus {
  return AttachmentTextStatus.parse({
    sha256: row.sha256,
    state: row.state,
    error: row.error,
    detectedType: row.detected_type,
    pages: row.pages,
    pagesDone: row.pages_done,
    extractorVersion: row.extractor_version,
    updatedAt: row.updated_at,
  });
}

function toPage(row: PageRow): PageText {
  return { page: row.page, text: row.text, method: PageMethod.parse(row.method), confidence: row.confidence, language: row.language };
}

function checkHash(sha256: string): void {
  if (!SHA256_PATTERN.test(sha256)) throw new RatioError('INVALID_INPUT', 'Not an attachment hash.');
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The text read from attached files, once per blob (content-addressed, like the files):
 * a state per blob and its text page by page. A row written by an older extractor counts
 * as not read; enqueue puts it back in the queue when someone next asks for it.
 */
export class AttachmentTextRepository {
  constructor(
    private readonly db: Database,
    private readonly index?: EntryIndexHook,
  ) {}

  status(sha256: string): AttachmentTextStatus | undefined {
    checkHash(sha256);
    const row = this.db.prepare('SELECT * FROM attachment_texts WHERE sha256 = ?').get(sha256) as StatusRow | undefined;
    return row ? toStatus(row) : undefined;
  }

  /** Statuses of many blobs at once; blobs never queued are absent from the map. */
  statuses(hashes: readonly string[]): Map<string, AttachmentTextStatus> {
    const out = new Map<string, AttachmentTextStatus>();
    for (const part of chunks([...new Set(hashes)])) {
      part.forEach(checkHash);
      const rows = this.db.prepare(`SELECT * FROM attachment_texts WHERE sha256 IN (${part.map(() => '?').join(',')})`).all(...part) as StatusRow[];
      for (const row of rows) out.set(row.sha256, toStatus(row));
    }
    return out;
  }

  /**
   * Queues the blobs that have no text from this extractor version: new ones, and ones
   * read by another version (whatever their state). Blobs queued or being read stay as
   * they are. Returns the hashes that were queued now.
   */
  enqueue(hashes: readonly string[], version: number): string[] {
    const queued: string[] = [];
    const now = nowIso();
    this.db.transaction(() => {
      for (const sha256 of new Set(hashes)) {
        checkHash(sha256);
        const inserted = this.db
          .prepare(
            `INSERT INTO attachment_texts (sha256, state, extractor_version, updated_at)
             SELECT sha256, 'queued', ?, ? FROM blobs WHERE sha256 = ?
             ON CONFLICT (sha256) DO UPDATE SET state = 'queued', error = NULL, pages_done = 0,
               extractor_version = excluded.extractor_version, updated_at = excluded.updated_at
             WHERE attachment_texts.extractor_version <> excluded.extractor_version
               AND attachment_texts.state NOT IN ('queued', 'reading')`,
          )
          .run(version, now, sha256);
        if (inserted.changes > 0) queued.push(sha256);
      }
    })();
    return queued;
  }

  /** Queues every attached blob without text from this version (the first run, or a new extractor). */
  enqueueAll(version: number): number {
    const hashes = this.db
      .prepare(
        `SELECT DISTINCT a.sha256 FROM entry_attachments a
         LEFT JOIN attachment_texts t ON t.sha256 = a.sha256
         WHERE t.sha256 IS NULL OR (t.extractor_version <> ? AND t.state NOT IN ('queued', 'reading'))`,
      )
      .pluck()
      .all(version) as string[];
    return this.enqueue(hashes, version).length;
  }

  /** Queues a blob again even if this version read it (a person asked for it: `ratio extract ID`). */
  requeue(hashes: readonly string[], version: number): number {
    const now = nowIso();
    let changed = 0;
    this.db.transaction(() => {
      for (const sha256 of new Set(hashes)) {
        checkHash(sha256);
        changed += this.db
          .prepare(
            `INSERT INTO attachment_texts (sha256, state, extractor_version, updated_at)
             SELECT sha256, 'queued', ?, ? FROM blobs WHERE sha256 = ?
             ON CONFLICT (sha256) DO UPDATE SET state = 'queued', error = NULL, pages_done = 0,
               extractor_version = excluded.extractor_version, updated_at = excluded.updated_at
             WHERE attachment_texts.state <> 'reading'`,
          )
          .run(version, now, sha256).changes;
      }
    })();
    return changed;
  }

  /** The oldest queued blobs, first come first read. */
  queued(limit: number): string[] {
    return this.db
      .prepare("SELECT sha256 FROM attachment_texts WHERE state = 'queued' ORDER BY updated_at, sha256 LIMIT ?")
      .pluck()
      .all(Math.max(0, Math.floor(limit))) as string[];
  }

  /**
   * Claims a queued blob for reading; false when it is no longer queued (another reader
   * took it, or it was read meanwhile), so two queues never read one file twice.
   */
  claim(sha256: string, version: number): boolean {
    checkHash(sha256);
    return (
      this.db
        .prepare(
          `UPDATE attachment_texts SET state = 'reading', pages_done = 0, extractor_version = ?, updated_at = ?
           WHERE sha256 = ? AND state = 'queued'`,
        )
        .run(version, nowIso(), sha256).changes > 0
    );
  }

  /** How far reading got, for progress ("3/12 pages"); the type once it is sniffed. */
  progress(sha256: string, pagesDone: number, pages: number | null, detectedType?: string): void {
    checkHash(sha256);
    this.db
      .prepare(
        `UPDATE attachment_texts SET pages_done = ?, pages = ?, detected_type = coalesce(?, detected_type), updated_at = ?
         WHERE sha256 = ? AND state = 'reading'`,
      )
      .run(Math.max(0, Math.floor(pagesDone)), pages === null ? null : Math.max(0, Math.floor(pages)), detectedType ?? null, nowIso(), sha256);
  }

  /**
   * Stores the text read and marks the blob done, replacing any older text, and re-indexes
   * the entries the file is attached to, all in one transaction.
   */
  finish(sha256: string, version: number, result: ExtractedText): void {
    checkHash(sha256);
    const seen = new Set<number>();
    for (const page of result.pages) {
      if (seen.has(page.page)) throw new RatioError('INVALID_INPUT', `Page ${page.page} was read twice.`);
      seen.add(page.page);
    }
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM attachment_text_pages WHERE sha256 = ?').run(sha256);
      const insert = this.db.prepare('INSERT INTO attachment_text_pages (sha256, page, text, method, confidence, language) VALUES (?, ?, ?, ?, ?, ?)');
      for (const page of result.pages) insert.run(sha256, page.page, page.text, page.method, page.confidence, page.language);
      const pages = result.pageCount ?? result.pages.length;
      this.writeState(sha256, version, 'done', null, result.detectedType, pages, result.pages.length);
      this.reindex(sha256);
    })();
  }

  /** Marks the blob as not readable, with the reason, dropping any older text. */
  fail(sha256: string, version: number, state: ProblemState, error: string, detectedType: string | null = null): void {
    checkHash(sha256);
    this.db.transaction(() => {
      const had = this.db.prepare('DELETE FROM attachment_text_pages WHERE sha256 = ?').run(sha256).changes > 0;
      const current = this.db.prepare('SELECT pages, detected_type FROM attachment_texts WHERE sha256 = ?').get(sha256) as
        { pages: number | null; detected_type: string | null } | undefined;
      this.writeState(sha256, version, state, error.slice(0, ERROR_LIMIT), detectedType ?? current?.detected_type ?? null, current?.pages ?? null, 0);
      if (had) this.reindex(sha256);
    })();
  }

  private writeState(
    sha256: string,
    version: number,
    state: ExtractionState,
    error: string | null,
    detectedType: string | null,
    pages: number | null,
    pagesDone: number,
  ): void {
    this.db
      .prepare(
        `INSERT INTO attachment_texts (sha256, state, error, detected_type, pages, pages_done, extractor_version, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET state = excluded.state, error = excluded.error, detected_type = excluded.detected_type,
           pages = excluded.pages, pages_done = excluded.pages_done, extractor_version = excluded.extractor_version,
           updated_at = excluded.updated_at`,
      )
      .run(sha256, state, error, detectedType, pages, pagesDone, version, nowIso());
  }

  private reindex(sha256: string): void {
    if (!this.index) return;
    const entries = this.entriesOf(sha256);
    if (entries.length > 0) this.index.indexEntries(entries);
  }

  /**
   * Files left `reading` by a process that stopped mid-way go back to the queue. Only the
   * process that owns the queue calls this, when it starts.
   */
  recoverInterrupted(): number {
    return this.db.prepare("UPDATE attachment_texts SET state = 'queued', pages_done = 0, updated_at = ? WHERE state = 'reading'").run(nowIso()).changes;
  }

  /** The text of a blob, page by page; empty when it has none (yet). */
  pages(sha256: string): PageText[] {
    checkHash(sha256);
    return (
      this.db.prepare('SELECT page, text, method, confidence, language FROM attachment_text_pages WHERE sha256 = ? ORDER BY page').all(sha256) as PageRow[]
    ).map(toPage);
  }

  page(sha256: string, page: number): PageText | undefined {
    checkHash(sha256);
    const row = this.db
      .prepare('SELECT page, text, method, confidence, language FROM attachment_text_pages WHERE sha256 = ? AND page = ?')
      .get(sha256, page) as PageRow | undefined;
    return row ? toPage(row) : undefined;
  }

  /**
   * The text of every file attached to an entry, with the name it is attached under, in
   * attachment order (for indexing the entry and for its page). Only text of state done.
   */
  textsOfEntry(entryId: string): { name: string; sha256: string; pages: PageText[] }[] {
    const rows = this.db
      .prepare(
        `SELECT a.name, a.sha256, p.page, p.text, p.method, p.confidence, p.language
         FROM entry_attachments a
         JOIN attachment_texts t ON t.sha256 = a.sha256 AND t.state = 'done'
         JOIN attachment_text_pages p ON p.sha256 = a.sha256
         WHERE a.entry_id = ?
         ORDER BY a.position, a.name, p.page`,
      )
      .all(entryId) as (PageRow & { name: string; sha256: string })[];
    const out: { name: string; sha256: string; pages: PageText[] }[] = [];
    for (const row of rows) {
      let last = out.at(-1);
      if (!last || last.name !== row.name) {
        last = { name: row.name, sha256: row.sha256, pages: [] };
        out.push(last);
      }
      last.pages.push(toPage(row));
    }
    return out;
  }

  /** Every blob some entry has attached now. */
  attachedHashes(): string[] {
    return this.db.prepare('SELECT DISTINCT sha256 FROM entry_attachments ORDER BY sha256').pluck().all() as string[];
  }

  /** Entries a blob is attached to now (re-indexed when its text changes). */
  entriesOf(sha256: string): string[] {
    return this.db.prepare('SELECT DISTINCT entry_id FROM entry_attachments WHERE sha256 = ? ORDER BY entry_id').pluck().all(sha256) as string[];
  }

  /**
   * The languages to read a blob's pictures in: those of the entries it is attached to,
   * then the catalogue's own, most used first.
   */
  languagesOf(sha256: string): string[] {
    const own = this.db
      .prepare(
        'SELECT e.language FROM entry_attachments a JOIN entries e ON e.id = a.entry_id WHERE a.sha256 = ? GROUP BY e.language ORDER BY count(*) DESC, e.language',
      )
      .pluck()
      .all(sha256) as string[];
    const catalogue = this.db.prepare('SELECT language FROM entries GROUP BY language ORDER BY count(*) DESC, language LIMIT 3').pluck().all() as string[];
    return [...new Set([...own, ...catalogue])];
  }

  /** Blobs per state, every state present (zero when none). */
  counts(): ExtractionCounts {
    const counts = Object.fromEntries(ExtractionState.options.map((s) => [s, 0])) as ExtractionCounts;
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM attachment_texts GROUP BY state').all() as { state: string; n: number }[];
    for (const row of rows) counts[ExtractionState.parse(row.state)] = row.n;
    return counts;
  }

  /** Attached blobs with no row at all: never queued (attached before extraction existed). */
  unqueuedCount(): number {
    return this.db
      .prepare('SELECT count(DISTINCT a.sha256) FROM entry_attachments a LEFT JOIN attachment_texts t ON t.sha256 = a.sha256 WHERE t.sha256 IS NULL')
      .pluck()
      .get() as number;
  }

  /** Files that could not be read, newest first, with where they are attached. */
  problems(limit = 100): ExtractionProblem[] {
    const rows = this.db
      .prepare(
        `SELECT sha256, state, error, detected_type FROM attachment_texts
         WHERE state IN ('failed', 'unsupported', 'too-large') ORDER BY updated_at DESC, sha256 LIMIT ?`,
      )
      .all(Math.max(0, Math.floor(limit))) as { sha256: string; state: ProblemState; error: string | null; detected_type: string | null }[];
    const where = this.db.prepare('SELECT entry_id AS entryId, name FROM entry_attachments WHERE sha256 = ? ORDER BY entry_id, name');
    return rows.map((row) => ({
      sha256: row.sha256,
      state: row.state,
      error: row.error,
      detectedType: row.detected_type,
      attachments: where.all(row.sha256) as { entryId: string; name: string }[],
    }));
  }
}

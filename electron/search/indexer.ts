import type { Database } from 'better-sqlite3';
import { RatioError } from '../../shared/errors.js';
import { SEARCH_FIELDS, type SearchColumn } from './fields.js';
import { impactText } from './impacts.js';
import { PIPELINE_VERSION, indexText, markdownToText } from './pipeline.js';
import { PAIR_LIST_MIN_ENTRIES, PAIR_SAMPLE_ENTRIES, PAIR_TERM_SHARE, PairTerms, frequentTerms, type PairList } from './pair-terms.js';
import { PreAnalysis } from './pre-analysis.js';
import { surfaceWordsOf } from './surface-words.js';
import { WordStore } from './word-store.js';
import { groupByEntry } from '../core/group-rows.js';
import type { EntryIndexHook } from '../core/index-hook.js';

export const INDEX_VERSION_KEY = 'search.index_version';

export interface EntryRow {
  id: string;
  title: string;
  summary: string;
  body: string;
  kind: string;
  status: string;
  language: string;
  enterprise_id: string | null;
  enterprise_name: string | null;
  registration: string;
  created_at: string;
  attachments: number;
}

/** An attached file as the attachments field indexes it: its name and the text read from it, page by page. */
export interface IndexedAttachment {
  name: string;
  sha256: string;
  pages: { page: number; text: string }[];
}

/** One page of an attached file's text, as the attachments field indexed it. */
export interface AttachedPage {
  attachment: IndexedAttachment;
  page: number;
  text: string;
}

export interface IndexedEntry {
  row: EntryRow;
  codes: string[];
  /** Own tags and every ancestor. */
  tagIds: string[];
  /** In attachment order; pages only of files whose reading is done, within ATTACHMENT_TEXT_LIMIT. */
  attachments: IndexedAttachment[];
  texts: Record<SearchColumn, string>;
}

/**
 * Characters of attached text indexed per entry at most: a 10,000-page PDF must not make one
 * entry's postings (and every re-index of it) unbounded. The rest is still shown on the entry page.
 */
export const ATTACHMENT_TEXT_LIMIT = 1_000_000;

/** The pages of each attachment that fit in the limit, the last one cut. */
function boundAttachments(attachments: IndexedAttachment[]): IndexedAttachment[] {
  const bound = textBound();
  for (const attachment of attachments) {
    const kept: { page: number; text: string }[] = [];
    for (const page of attachment.pages) {
      const text = bound(page.text);
      if (text === null) break;
      kept.push({ page: page.page, text });
    }
    attachment.pages = kept;
  }
  return attachments;
}

/** Pages' texts in order within ATTACHMENT_TEXT_LIMIT: each as it is, the last one cut, then null. */
function textBound(): (text: string) => string | null {
  let left = ATTACHMENT_TEXT_LIMIT;
  return (text) => {
    if (left <= 0) return null;
    const kept = text.length > left ? text.slice(0, left) : text;
    left -= kept.length;
    return kept;
  };
}

/** File names first (so `file:cloth-press` finds the file whatever it holds), then every page. */
export function attachmentsText(attachments: readonly IndexedAttachment[]): string {
  const parts = attachments.map((a) => a.name);
  for (const attachment of attachments) for (const page of attachment.pages) parts.push(page.text);
  return parts.join(' ; ');
}

/** IPC sections A–H as bits, so the facet query groups by one integer column. */
export const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;

function sectionMask(codes: readonly string[]): number {
  let mask = 0;
  for (const code of codes) {
    const index = SECTIONS.indexOf(code.charAt(0) as (typeof SECTIONS)[number]);
    if (index >= 0) mask |= 1 << index;
  }
  return mask;
}

/** "D06C 23/04" is also found as D06 and D06C, so class:D06 finds the whole class. */
function classificationText(codes: readonly string[]): string {
  const words = new Set<string>();
  for (const code of codes) {
    const [head = ''] = code.split(' ');
    if (head.length >= 3) words.add(head.slice(0, 3));
    if (head.length >= 4) words.add(head.slice(0, 4));
    words.add(code);
  }
  return [...words].join(' ; ');
}

/** The long texts an import sends to the analysis worker; the other fields are short and analysed here. */
const PRE_ANALYSED: ReadonlySet<SearchColumn> = new Set(['title', 'summary', 'body']);

/** How many entries a batch reads at once: few queries, yet bounded memory for long bodies. */
const READ_BATCH = 500;

/** FTS5 pages merged per step at the end of a re-index (about 1 MB written). */
const MERGE_PAGES = 250;
/** PRAGMA auto_vacuum's value for incremental (open.ts sets it on new catalogues). */
const INCREMENTAL_VACUUM = 2;
/** Free pages given back per step after a re-index: about 1 MB of 16 KB pages moved, as a merge step writes. */
const VACUUM_PAGES = 64;
/** FTS5's own deletemerge (per cent), restored after an in-place pass has turned it off. */
const FTS5_DELETE_MERGE = 10;

/** Entries re-indexed per transaction (and per progress step) by a re-index that holds the core anyway. */
export const REINDEX_BATCH = 2000;

interface TagRow {
  id: string;
  name: string;
  synonyms: string | null;
}

/** The indexed texts of an entry, built from its rows the same way for one entry and for many. */
function indexedEntry(
  row: EntryRow,
  authors: readonly string[],
  codes: string[],
  tags: readonly TagRow[],
  attachments: IndexedAttachment[],
  reduce: (markdown: string) => string,
): IndexedEntry {
  return {
    row,
    codes,
    tagIds: tags.map((t) => t.id),
    attachments,
    texts: {
      title: row.title,
      tags: tags.map((t) => (t.synonyms ? `${t.name} ; ${t.synonyms}` : t.name)).join(' ; '),
      classification: classificationText(codes),
      summary: row.summary,
      body: reduce(row.body),
      authors: authors.join(' ; '),
      enterprise: row.enterprise_name ?? '',
      registration: row.registration,
      attachments: attachmentsText(attachments),
    },
  };
}

export interface ReindexOptions {
  /** Entries per transaction; tests make it small. */
  batch?: number;
  /** Makes the worker of the next batches' texts (tests count its answers). */
  analysis?: () => PreAnalysis;
  /** How the list of paired terms is chosen (pair-terms.ts); tests make small catalogues choose one. */
  pairList?: { minEntries?: number; sample?: number; share?: number };
}

/** Entries of the catalogue counted to choose the paired terms: evenly spread over its history. */
function sampleOf(ids: readonly string[], size: number): string[] {
  if (ids.length <= size) return [...ids];
  const step = ids.length / size;
  return Array.from({ length: size }, (_, i) => ids[Math.floor(i * step)] as string);
}

/** Writes an entry's postings (through the language pipeline) and its facet columns. */
export class SearchIndexer implements EntryIndexHook {
  private readonly termListeners = new Set<(fields: readonly string[]) => void>();
  private readonly docListeners = new Set<(docid: number | null) => void>();
  private readonly wordListeners = new Set<(words: Iterable<string>) => void>();
  /** Whether the catalogue has tables of extracted attachment text (an older schema has not). */
  private extractedText: boolean | undefined;
  /** The surface vocabulary, kept with the postings (word-store.ts). */
  readonly words: WordStore;
  /** Which adjacent pairs have impact tokens (pair-terms.ts). */
  readonly pairs: PairTerms;
  /** Entries written while indexing is deferred, indexed together when the deferral ends. */
  private pending: Set<string> | null = null;
  /** True while a re-index writes a batch: listeners hear of its documents only at the pass's end, as "everything changed". */
  private rebuilding = false;
  /** Terms a worker worked out ahead of a bulk write (an import), used where they match the text indexed. */
  private preAnalysis: PreAnalysis | null = null;

  constructor(private readonly db: Database) {
    this.words = new WordStore(db);
    this.pairs = new PairTerms(db);
  }

  /** The indexer of a catalogue, or none when it was opened with an older schema (tests) that has no search tables. */
  static forCatalogue(db: Database): SearchIndexer | undefined {
    const hasSearch = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_index'").get() !== undefined;
    return hasSearch ? new SearchIndexer(db) : undefined;
  }

  /** Told the terms of every document written, each field's as one string separated by spaces, so a cached vocabulary can stay complete. */
  onTerms(listener: (fields: readonly string[]) => void): () => void {
    this.termListeners.add(listener);
    return () => this.termListeners.delete(listener);
  }

  /** Told the rowid of every document written or removed (null: all of them, after a re-index), so a cached facet store can stay current. */
  onDocs(listener: (docid: number | null) => void): () => void {
    this.docListeners.add(listener);
    return () => this.docListeners.delete(listener);
  }

  /** Told the surface words of every document written, so a cached fuzzy automaton can stay complete. */
  onWords(listener: (words: Iterable<string>) => void): () => void {
    this.wordListeners.add(listener);
    return () => this.wordListeners.delete(listener);
  }

  /** Runs one indexing step and writes the surface-word counts it changed; on failure they are dropped with the transaction. */
  private counting(work: () => void): void {
    try {
      work();
      this.words.flush();
    } catch (error) {
      this.words.discard();
      throw error;
    }
  }

  private docChanged(docid: number | null): void {
    for (const listener of this.docListeners) listener(docid);
  }

  indexEntries(entryIds: readonly string[]): void {
    if (this.pending) {
      for (const id of entryIds) this.pending.add(id);
      return;
    }
    const unique = [...new Set(entryIds)];
    if (unique.length === 1) {
      this.index(unique[0] as string);
      return;
    }
    this.counting(() => {
      for (let i = 0; i < unique.length; i += READ_BATCH) {
        const ids = unique.slice(i, i + READ_BATCH);
        const entries = this.readMany(ids);
        for (const id of ids) this.write(id, entries.get(id));
      }
    });
  }

  /** Lets the indexing done inside `work` use terms analysed ahead of time; they are dropped afterwards. */
  withPreAnalysis<T>(pre: PreAnalysis, work: () => T): T {
    this.preAnalysis = pre;
    try {
      return work();
    } finally {
      this.preAnalysis = null;
    }
  }

  /**
   * Runs `work` inside the caller's transaction with the indexing of every entry it writes
   * postponed to its end, then indexes them together: a bulk import reads the entries with a
   * few queries instead of several per entry, and an entry written twice is indexed once.
   * When `work` throws nothing is indexed; the transaction is rolled back anyway.
   */
  deferring<T>(work: () => T): T {
    if (this.pending) return work();
    if (!this.db.inTransaction) throw new RatioError('INTERNAL', 'Deferred indexing must run inside a transaction.');
    const pending = new Set<string>();
    this.pending = pending;
    let result: T;
    try {
      result = work();
    } finally {
      this.pending = null;
    }
    this.indexEntries([...pending]);
    return result;
  }

  /**
   * The entry's indexed fields as a reader sees them (Markdown reduced to text, tags with
   * their ancestors and synonyms), read from the catalogue now; undefined when it is gone.
   * The engine cuts snippets and finds "matched in" fields from the very same texts.
   */
  read(entryId: string): IndexedEntry | undefined {
    return this.readMany([entryId]).get(entryId);
  }

  /**
   * What read() gives for each of many entries, with one query per table. `attachmentPages:
   * false` reads the attached files' names alone (every page left empty): a page of hits
   * reads their pages through attachedPages(), one at a time, only as far as it needs.
   */
  readMany(entryIds: readonly string[], options: { attachmentPages?: boolean } = {}): Map<string, IndexedEntry> {
    const ids = JSON.stringify(entryIds);
    const IN = 'IN (SELECT value FROM json_each(?))';
    const rows = this.db
      .prepare(
        `SELECT e.id, e.title, e.summary, e.body, e.kind, e.status, e.language, e.enterprise_id,
              ent.name AS enterprise_name, e.registration, e.created_at,
              (SELECT count(*) FROM entry_attachments a WHERE a.entry_id = e.id) AS attachments
       FROM entries e LEFT JOIN enterprises ent ON ent.id = e.enterprise_id WHERE e.id ${IN}`,
      )
      .all(ids) as EntryRow[];
    const authors = groupByEntry(
      this.db
        .prepare(`SELECT a.entry_id, p.name FROM entry_authors a JOIN people p ON p.id = a.person_id WHERE a.entry_id ${IN} ORDER BY a.entry_id, a.position`)
        .all(ids) as { entry_id: string; name: string }[],
    );
    const codes = groupByEntry(
      this.db.prepare(`SELECT entry_id, code FROM entry_classifications WHERE entry_id ${IN} ORDER BY entry_id, position`).all(ids) as {
        entry_id: string;
        code: string;
      }[],
    );
    // The tags the batch names, with every ancestor, read once rather than once per entry;
    // then each entry's list is read()'s walk up from its own tags, breadth first.
    const own = groupByEntry(
      this.db.prepare(`SELECT entry_id, tag_id FROM entry_tags WHERE entry_id ${IN} ORDER BY entry_id, tag_id`).all(ids) as {
        entry_id: string;
        tag_id: string;
      }[],
    );
    const tagById = new Map(
      (
        this.db
          .prepare(
            `WITH RECURSIVE up(id) AS (
             SELECT tag_id FROM entry_tags WHERE entry_id ${IN}
             UNION SELECT t.parent_id FROM up JOIN tags t ON t.id = up.id WHERE t.parent_id IS NOT NULL
           ) SELECT t.id, t.parent_id, t.name, (SELECT group_concat(synonym, ' ; ') FROM tag_synonyms s WHERE s.tag_id = t.id) AS synonyms
           FROM up JOIN tags t ON t.id = up.id`,
          )
          .all(ids) as (TagRow & { parent_id: string | null })[]
      ).map((t) => [t.id, t]),
    );
    const tagsOf = (entryId: string): TagRow[] => {
      const queue = (own.get(entryId) ?? []).map((t) => t.tag_id);
      const queued = new Set(queue);
      const out: TagRow[] = [];
      for (let i = 0; i < queue.length; i += 1) {
        const tag = tagById.get(queue[i] as string);
        if (!tag) continue;
        out.push(tag);
        if (tag.parent_id !== null && !queued.has(tag.parent_id)) {
          queued.add(tag.parent_id);
          queue.push(tag.parent_id);
        }
      }
      return out;
    };
    const attachments = this.attachmentsOf(ids, options.attachmentPages !== false);
    const out = new Map<string, IndexedEntry>();
    for (const row of rows) {
      out.set(
        row.id,
        indexedEntry(
          row,
          (authors.get(row.id) ?? []).map((a) => a.name),
          (codes.get(row.id) ?? []).map((c) => c.code),
          tagsOf(row.id),
          boundAttachments(attachments.get(row.id) ?? []),
          this.reduce,
        ),
      );
    }
    return out;
  }

  /**
   * Each entry's attached files with the text read from them (state done only: a file being
   * read again keeps no half text), one query for the batch. A file without text still has
   * its name indexed.
   */
  private attachmentsOf(ids: string, withPages: boolean): Map<string, IndexedAttachment[]> {
    const pages =
      withPages && this.hasExtractedText()
        ? `LEFT JOIN attachment_texts t ON t.sha256 = a.sha256 AND t.state = 'done'
         LEFT JOIN attachment_text_pages p ON p.sha256 = t.sha256`
        : 'LEFT JOIN (SELECT NULL AS page, NULL AS text) p ON 0';
    const rows = this.db
      .prepare(
        `SELECT a.entry_id, a.name, a.sha256, p.page, p.text
       FROM entry_attachments a
       ${pages}
       WHERE a.entry_id IN (SELECT value FROM json_each(?))
       ORDER BY a.entry_id, a.position, a.name, p.page`,
      )
      .all(ids) as { entry_id: string; name: string; sha256: string; page: number | null; text: string | null }[];
    const out = new Map<string, IndexedAttachment[]>();
    for (const row of rows) {
      let list = out.get(row.entry_id);
      if (!list) {
        list = [];
        out.set(row.entry_id, list);
      }
      let last = list.at(-1);
      if (!last || last.name !== row.name) {
        last = { name: row.name, sha256: row.sha256, pages: [] };
        list.push(last);
      }
      if (row.page !== null && row.text !== null) last.pages.push({ page: row.page, text: row.text });
    }
    return out;
  }

  /**
   * A catalogue opened with fewer migrations (an older schema, in tests of upgrades) has no
   * extracted text yet: its files are indexed by name alone.
   */
  private hasExtractedText(): boolean {
    this.extractedText ??= this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_text_pages'`).get() !== undefined;
    return this.extractedText;
  }

  /**
   * The pages of an entry's attached files exactly as its attachments field indexed them (read
   * done, in attachment and page order, within ATTACHMENT_TEXT_LIMIT, the last one cut), read
   * from the catalogue one at a time: a caller that stops at the first page it wants reads no
   * further, so a hit with a 500-page PDF costs the pages looked at, not the whole file.
   */
  *attachedPages(attachments: readonly IndexedAttachment[]): Generator<AttachedPage> {
    if (attachments.length === 0 || !this.hasExtractedText()) return;
    const pages = this.db.prepare(
      `SELECT p.page, p.text FROM attachment_texts t JOIN attachment_text_pages p ON p.sha256 = t.sha256
       WHERE t.sha256 = ? AND t.state = 'done' ORDER BY p.page`,
    );
    const bound = textBound();
    for (const attachment of attachments) {
      for (const row of pages.iterate(attachment.sha256) as IterableIterator<{ page: number; text: string }>) {
        const text = bound(row.text);
        if (text === null) return;
        yield { attachment, page: row.page, text };
      }
    }
  }

  /** Markdown reduced to text, by the pre-analysis worker when it already did it. */
  private readonly reduce = (markdown: string): string => this.preAnalysis?.plain(markdown) ?? markdownToText(markdown);

  /** (Re)writes the postings of one entry from what the catalogue holds now. */
  index(entryId: string): void {
    this.counting(() => this.write(entryId, this.read(entryId)));
  }

  /** The entry's surface words, the long texts' from the worker where it has sent them. */
  private surfaceWords(texts: Record<SearchColumn, string>): ReadonlyMap<string, string> {
    const pre = this.preAnalysis;
    if (pre === null) return surfaceWordsOf(Object.values(texts));
    const rest: string[] = [];
    const found: ReadonlyMap<string, string>[] = [];
    for (const { column } of SEARCH_FIELDS) {
      const text = texts[column];
      const words = PRE_ANALYSED.has(column) ? pre.surface(text) : undefined;
      if (words === undefined) rest.push(text);
      else found.push(words);
    }
    const out = surfaceWordsOf(rest);
    for (const words of found) for (const [word, terms] of words) out.set(word, terms);
    return out;
  }

  /** Writes the postings of an entry as read() gave them; removes them when it is gone. */
  private write(entryId: string, entry: IndexedEntry | undefined): void {
    if (!entry) {
      this.removeEntry(entryId);
      return;
    }
    const { row, codes, tagIds } = entry;
    const fields = {} as Record<SearchColumn, string>;
    for (const { column } of SEARCH_FIELDS) {
      const text = entry.texts[column];
      fields[column] = (PRE_ANALYSED.has(column) ? this.preAnalysis?.terms(text) : undefined) ?? indexText(text);
    }

    const existing = this.db.prepare('SELECT docid FROM search_docs WHERE entry_id = ?').pluck().get(entryId) as number | undefined;
    const doc = {
      entry_id: entryId,
      kind: row.kind,
      status: row.status,
      language: row.language,
      enterprise_id: row.enterprise_id,
      year: Number.parseInt(row.created_at.slice(0, 4), 10) || 0,
      created_at: row.created_at,
      title_key: row.title.toLowerCase(),
      has_attachments: row.attachments > 0 ? 1 : 0,
      sections: sectionMask(codes),
    };
    let docid: number;
    if (existing === undefined) {
      docid = Number(
        this.db
          .prepare(
            `INSERT INTO search_docs (entry_id, kind, status, language, enterprise_id, year, created_at, title_key, has_attachments, sections)
           VALUES (@entry_id, @kind, @status, @language, @enterprise_id, @year, @created_at, @title_key, @has_attachments, @sections)`,
          )
          .run(doc).lastInsertRowid,
      );
    } else {
      docid = existing;
      this.db
        .prepare(
          `UPDATE search_docs SET kind = @kind, status = @status, language = @language, enterprise_id = @enterprise_id, year = @year,
           created_at = @created_at, title_key = @title_key, has_attachments = @has_attachments, sections = @sections
         WHERE docid = @docid`,
        )
        .run({ ...doc, docid });
      this.deletePostings(docid);
    }
    this.db
      .prepare(
        `INSERT INTO search_index (rowid, title, tags, classification, summary, body, authors, enterprise, registration, attachments)
       VALUES (@docid, @title, @tags, @classification, @summary, @body, @authors, @enterprise, @registration, @attachments)`,
      )
      .run({
        docid,
        ...fields,
      });
    this.db.prepare('INSERT INTO search_impacts (rowid, impacts) VALUES (?, ?)').run(docid, impactText(fields, this.pairs.writing()));
    const insertTag = this.db.prepare('INSERT OR IGNORE INTO search_doc_tags (tag, docid) VALUES (?, ?)');
    for (const tagId of tagIds) insertTag.run(this.tagNumber(tagId), docid);
    const insertCode = this.db.prepare('INSERT OR IGNORE INTO search_doc_classes (code, docid) VALUES (?, ?)');
    for (const code of codes) insertCode.run(code, docid);
    const surface = this.surfaceWords(entry.texts);
    this.words.setDocument(docid, surface);
    // A re-index tells its listeners once, at its end, that everything changed.
    if (this.rebuilding) return;
    for (const listener of this.wordListeners) listener(surface.keys());

    this.docChanged(docid);
    if (this.termListeners.size > 0) {
      // The fields' term strings as they are: a vocabulary not built yet ignores them.
      const texts = Object.values(fields);
      for (const listener of this.termListeners) listener(texts);
    }
  }

  /** The tag's number in the search tables, given it the first time it is indexed. */
  private tagNumber(tagId: string): number {
    const known = this.db.prepare('SELECT num FROM search_tag_numbers WHERE tag_id = ?').pluck().get(tagId) as number | undefined;
    if (known !== undefined) return known;
    return Number(this.db.prepare('INSERT INTO search_tag_numbers (tag_id) VALUES (?)').run(tagId).lastInsertRowid);
  }

  removeEntry(entryId: string): void {
    this.pending?.delete(entryId);
    const docid = this.db.prepare('SELECT docid FROM search_docs WHERE entry_id = ?').pluck().get(entryId) as number | undefined;
    if (docid === undefined) return;
    this.counting(() => {
      this.deletePostings(docid);
      this.words.forgetDocument(docid);
      this.db.prepare('DELETE FROM search_docs WHERE docid = ?').run(docid);
    });
    this.docChanged(docid);
  }

  /** Everything indexed for a document but its search_docs row. */
  private deletePostings(docid: number): void {
    this.db.prepare('DELETE FROM search_index WHERE rowid = ?').run(docid);
    this.db.prepare('DELETE FROM search_impacts WHERE rowid = ?').run(docid);
    this.db.prepare('DELETE FROM search_doc_tags WHERE docid = ?').run(docid);
    this.db.prepare('DELETE FROM search_doc_classes WHERE docid = ?').run(docid);
  }

  /** The pipeline version the index was built with; null when it never was. */
  storedVersion(): number | null {
    const value = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(INDEX_VERSION_KEY) as string | undefined;
    return value === undefined ? null : Number(value);
  }

  /** True when the stored postings came from another pipeline (or none) and entries exist. */
  isStale(): boolean {
    if (this.storedVersion() === PIPELINE_VERSION) return false;
    const any = this.db.prepare('SELECT 1 FROM entries LIMIT 1').get();
    if (any === undefined) {
      this.markCurrent();
      return false;
    }
    return true;
  }

  /** True when the catalogue has outgrown the list of paired terms its index was written with (pair-terms.ts). */
  pairListOutdated(): boolean {
    return this.pairs.outdated(this.entriesEverWritten());
  }

  /** The catalogue's size as the pair list measures it: its highest entry rowid, read from the table's end at once. */
  private entriesEverWritten(): number {
    return (this.db.prepare('SELECT max(rowid) FROM entries').pluck().get() as number | null) ?? 0;
  }

  private markCurrent(): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(INDEX_VERSION_KEY, String(PIPELINE_VERSION));
  }

  /**
   * Drops every posting and indexes every entry again, in batches of their own transactions
   * so progress can be shown; the version is recorded only at the end, so an interrupted
   * run simply starts over next time. The CLI and the bench use it; the app runs the same
   * pass in place, a batch at a time between other requests (reindexPass).
   */
  reindexAll(progress?: (done: number, total: number) => void, options: ReindexOptions = {}): number {
    const pass = this.reindexPass({ ...options, inPlace: false });
    for (let step = pass.next(); ; step = pass.next()) {
      if (step.done === true) return step.value;
      progress?.(step.value.done, step.value.total);
    }
  }

  /** True when the search tables hold postings (a re-index may then rewrite them in place and keep answering from them). */
  hasPostings(): boolean {
    return this.db.prepare('SELECT 1 FROM search_docs LIMIT 1').get() !== undefined;
  }

  /**
   * The list of paired terms a re-index writes with (pair-terms.ts): the terms held by a share
   * of a sample of the entries, or every pair in a small catalogue. Counting is analysis on
   * this thread, so it yields between parts (the app answers requests between them); the
   * caller's answers size the parts as they size batches, and the last size comes back.
   */
  private *choosePairList(
    ids: readonly string[],
    { minEntries = PAIR_LIST_MIN_ENTRIES, sample: size = PAIR_SAMPLE_ENTRIES, share = PAIR_TERM_SHARE }: NonNullable<ReindexOptions['pairList']>,
    batch: number,
  ): Generator<{ done: number; total: number }, { list: PairList; batch: number }, number | undefined> {
    // Measured as pairListOutdated() measures it, so that only growth outdates the list.
    const entries = this.entriesEverWritten();
    if (ids.length < minEntries) return { list: { terms: null, entries }, batch };
    const sample = sampleOf(ids, size);
    const documentFrequency = new Map<string, number>();
    for (let s = 0; s < sample.length; s += batch) {
      for (const entry of this.readMany(sample.slice(s, s + batch)).values()) {
        const seen = new Set<string>();
        for (const { column } of SEARCH_FIELDS) for (const term of indexText(entry.texts[column]).split(' ')) if (term !== '') seen.add(term);
        for (const term of seen) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
      if (s + batch < sample.length) {
        const next = yield { done: 0, total: ids.length };
        if (next !== undefined) batch = Math.max(1, Math.floor(next));
      }
    }
    return { list: { terms: new Set(frequentTerms(documentFrequency, sample.length, share)), entries }, batch };
  }

  /**
   * A re-index as steps: each next() writes one batch of entries in its own transaction and
   * yields how far it is; the last returns how many entries there were. Between two steps the
   * catalogue is consistent and may be read and written: an entry written meanwhile is indexed
   * by the write's own hook, and a batch reads its entries inside its transaction, so it writes
   * what they hold then and never an older version (texts the worker analysed before a write
   * no longer match and are analysed again). In place, each entry's postings replace its old
   * ones (write() deletes them) and docids stay, so searches between steps find every entry
   * and the facet store stays valid; otherwise everything is dropped first. Returning the
   * generator early (return()) stops the worker and leaves the version unmarked. next(n)
   * makes the next batch n entries (at least one).
   */
  *reindexPass(options: ReindexOptions & { inPlace: boolean }): Generator<{ done: number; total: number }, number, number | undefined> {
    if (this.db.inTransaction) throw new RatioError('INTERNAL', 'Re-indexing cannot run inside another transaction.');
    const ids = this.db.prepare('SELECT id FROM entries ORDER BY rowid').pluck().all() as string[];
    if (!options.inPlace) {
      this.db.transaction(() => {
        this.db.prepare("INSERT INTO search_index (search_index) VALUES ('delete-all')").run();
        this.db.prepare("INSERT INTO search_impacts (search_impacts) VALUES ('delete-all')").run();
        this.db.prepare('DELETE FROM search_doc_tags').run();
        this.db.prepare('DELETE FROM search_doc_classes').run();
        this.db.prepare('DELETE FROM search_docs').run();
        this.words.clear();
      })();
      this.docChanged(null);
    }
    let batch = options.batch ?? REINDEX_BATCH;
    const asked = yield { done: 0, total: ids.length };
    if (asked !== undefined) batch = Math.max(1, Math.floor(asked));
    // In place, an interrupted pass's entries already hold its list: go on with it.
    let list = options.inPlace ? this.pairs.pending() : null;
    if (list === null) {
      const chosen = yield* this.choosePairList(ids, options.pairList ?? {}, batch);
      list = chosen.list;
      batch = chosen.batch;
    }
    this.pairs.begin(list, !options.inPlace);
    // In place, every entry leaves a tombstone in the segment that held it, and FTS5 rewrites
    // a segment whole once a tenth of its rows are tombstones (deletemerge): inside one small
    // batch, for seconds at 10,000 entries. The final merge below drops the tombstones anyway.
    if (options.inPlace) this.setDeleteMerge(0);
    // SQLite checkpoints the write-ahead log inside whichever commit passes 1,000 pages: one
    // batch of a few entries then held the app for 150-200 ms instead of 15. The pass checkpoints
    // after each batch itself instead, within the step (whose size the caller's timing sets).
    const autocheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 0');
    try {
      yield* this.writePass(ids, list, batch, options.inPlace, options.analysis);
    } finally {
      if (this.db.open) {
        this.db.pragma(`wal_autocheckpoint = ${Math.trunc(autocheckpoint)}`);
        // Also when the pass is stopped early: the next pass turns it off again.
        if (options.inPlace) this.setDeleteMerge(FTS5_DELETE_MERGE);
      }
    }
    // A re-index rewrites every posting: without a checkpoint the write-ahead log stays as large as the tables.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return ids.length;
  }

  /** The batches, the closing transaction and the final merge of a pass (reindexPass). */
  private *writePass(
    ids: readonly string[],
    list: PairList,
    firstBatch: number,
    inPlace: boolean,
    analysis: ReindexOptions['analysis'],
  ): Generator<{ done: number; total: number }, void, number | undefined> {
    let batch = firstBatch;
    // The next batch's long texts go to a worker thread while this one's postings are written
    // (on this thread: SQLite's connection is here); a single batch is not worth its start-up.
    const pre = ids.length > batch ? (analysis ?? ((): PreAnalysis => new PreAnalysis()))() : null;
    let sentTo = 0;
    const sendUpTo = (to: number): void => {
      const end = Math.min(to, ids.length);
      if (pre === null || end <= sentTo) return;
      const rows = this.db
        .prepare('SELECT title, summary, body FROM entries WHERE id IN (SELECT value FROM json_each(?))')
        .raw()
        .all(JSON.stringify(ids.slice(sentTo, end))) as [string, string, string][];
      sentTo = end;
      for (const [title, summary, body] of rows) {
        pre.add(title, false);
        pre.add(summary, false);
        pre.add(body, true);
      }
      pre.flush();
    };
    try {
      sendUpTo(batch);
      for (let i = 0; i < ids.length;) {
        const slice = ids.slice(i, i + batch);
        sendUpTo(i + 2 * batch);
        const work = (): void => this.indexEntries(slice);
        // The batch's own documents are told of at the end, as "everything changed"; a write
        // between two steps (the app's background pass) is told of as usual.
        this.rebuilding = true;
        try {
          this.db.transaction(() => (pre === null ? work() : this.withPreAnalysis(pre, work)))();
        } finally {
          this.rebuilding = false;
        }
        // From empty, a facet store built between steps would miss this batch's documents.
        if (!inPlace) this.docChanged(null);
        i += slice.length;
        // The caller may ask for another size for the next batch (the engine keeps each short).
        const next = yield { done: i, total: ids.length };
        if (next !== undefined) batch = Math.max(1, Math.floor(next));
        // The checkpoint is a step of its own: a request waits for a batch or for it, not for both.
        // Passive: a reader of another connection is never waited for; what it still needs stays in the log.
        this.db.pragma('wal_checkpoint(PASSIVE)');
        if (i < ids.length) {
          const after = yield { done: i, total: ids.length };
          if (after !== undefined) batch = Math.max(1, Math.floor(after));
        }
      }
    } finally {
      pre?.close();
      // Cached vocabularies and the facet store start again from the tables, whatever was written.
      this.docChanged(null);
    }
    this.db.transaction(() => {
      // In place, documents of entries that are gone without their hook having run (a
      // catalogue written by an older Ratio, a failed upgrade) would otherwise stay found.
      if (inPlace) {
        const orphans = this.db.prepare('SELECT entry_id FROM search_docs WHERE entry_id NOT IN (SELECT id FROM entries)').pluck().all() as string[];
        for (const id of orphans) this.removeEntry(id);
      }
      this.pairs.finish(list);
      this.markCurrent();
    })();
    // Every table's segments merged into one, as 'optimize' does, but MERGE_PAGES pages a step
    // so that the app answers requests between steps: one optimize held it for 776 ms at 3,000
    // entries. A negative count starts the merge of all segments; a step that changed fewer
    // than two rows found nothing left to merge.
    const totalChanges = this.db.prepare('SELECT total_changes()').pluck();
    for (const table of ['search_index', 'search_impacts']) {
      const merge = this.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ?)`);
      for (let first = true; ; first = false) {
        const before = totalChanges.get() as number;
        merge.run(first ? -MERGE_PAGES : MERGE_PAGES);
        if (!first && (totalChanges.get() as number) - before < 2) break;
        // As after each batch: else the closing checkpoint below copies every merged page at once.
        this.db.pragma('wal_checkpoint(PASSIVE)');
        yield { done: ids.length, total: ids.length };
      }
    }
    yield* this.freePages(ids.length);
  }

  /**
   * Gives the pages the old postings held back to the file system, VACUUM_PAGES a step, when
   * the catalogue has incremental auto-vacuum (made or compacted by this version; an older file
   * keeps its free pages for later writes until `ratio compact`). The file shrinks at the
   * closing checkpoint. Its steps report the pass as done (`entries` of `entries`), as the merge's do.
   */
  private *freePages(entries: number): Generator<{ done: number; total: number }, void, number | undefined> {
    if ((this.db.pragma('auto_vacuum', { simple: true }) as number) !== INCREMENTAL_VACUUM) return;
    const free = this.db.prepare('PRAGMA freelist_count').pluck();
    for (let left = free.get() as number; left > 0;) {
      this.db.pragma(`incremental_vacuum(${VACUUM_PAGES})`);
      this.db.pragma('wal_checkpoint(PASSIVE)');
      const now = free.get() as number;
      if (now >= left) break;
      left = now;
      yield { done: entries, total: entries };
    }
  }

  /** FTS5's deletemerge of both tables: the share of tombstones (per cent) at which a segment is rewritten, 0 never. */
  private setDeleteMerge(percent: number): void {
    // A literal: FTS5 takes a setting only as an integer value, and a bound JS number is a real.
    const value = Math.trunc(percent);
    for (const table of ['search_index', 'search_impacts']) {
      this.db.prepare(`INSERT INTO ${table} (${table}, rank) VALUES ('deletemerge', ${value})`).run();
    }
  }
}

import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { lookup as lookupMediaType } from 'mime-types';
import { RatioError } from '../../shared/errors.js';
import type { Stats } from '../../shared/schemas/catalogue.js';
import type { Entry } from '../../shared/schemas/entry.js';
import { integrityProblem, recordClosed } from './db/integrity.js';
import { DATABASE_FILE, openCatalogue, type OpenOptions } from './db/open.js';
import { AttachmentTextRepository } from './repos/attachment-texts.js';
import { BlobStore } from './repos/blobs.js';
import { ConceptRepository } from './repos/concepts.js';
import { EnterpriseRepository } from './repos/enterprises.js';
import { EntryRepository } from './repos/entries.js';
import { ExchangeLedger } from './repos/exchange-ledger.js';
import { RelationRepository } from './repos/relations.js';
import { RevisionRepository } from './repos/revisions.js';
import { SavedSearchRepository } from './repos/saved-searches.js';
import { TrashRepository } from './repos/trash.js';
import { UndoLog } from './repos/undo-log.js';
import { TagRepository } from './repos/tags.js';
import { EntryService } from './services/entries.js';
import { transactorFor, type Transactor } from './transactor.js';
import type { EntryIndexHook } from './index-hook.js';
import { SHA256_PATTERN } from '../../shared/text-rules.js';
import { compactCatalogue, type CompactResult } from './db/compact.js';

export interface CatalogueOptions extends OpenOptions {
  /** Who is making changes, recorded in revisions. */
  actor?: string | null;
}

/** Makes the index the repositories keep current, or none when the catalogue has no search tables. */
export type IndexHookFactory = (db: Database) => EntryIndexHook | undefined;

/**
 * An open catalogue: the database, its repositories and services. Close it when done. The
 * core knows the search index only as an EntryIndexHook; electron/app/catalogue.ts is the
 * composition root that gives it the search layer's indexer and engine.
 */
export class CatalogueCore {
  readonly db: Database;
  readonly dir: string;
  readonly created: boolean;
  readonly transaction: Transactor;
  /** Who is making changes (recorded in revisions written outside EntryService, e.g. imports). */
  readonly actor: string | null;
  readonly tags: TagRepository;
  /** The thesaurus (absent on a catalogue opened with a schema older than 13, in tests). */
  readonly concepts: ConceptRepository | undefined;
  readonly enterprises: EnterpriseRepository;
  readonly entryRepo: EntryRepository;
  readonly revisionRepo: RevisionRepository;
  readonly relations: RelationRepository;
  readonly blobs: BlobStore;
  /** Text read from attached files, per blob and page (extraction state and progress). */
  readonly attachmentTexts: AttachmentTextRepository;
  readonly entryService: EntryService;
  /** Deleted entries' relations (absent on a catalogue opened with an older schema, in tests). */
  readonly trash: TrashRepository | undefined;
  readonly undoLog: UndoLog;
  readonly savedSearches: SavedSearchRepository;
  /** What exchange records: bundles, imports, exports, variants, provenance, origins and keys. */
  readonly ledger: ExchangeLedger;
  /** Absent when no index was given, or on a catalogue opened with an older schema (tests), which has no search tables. */
  readonly searchIndexer: EntryIndexHook | undefined;

  protected constructor(opened: ReturnType<typeof openCatalogue>, actor: string | null, index?: IndexHookFactory) {
    this.db = opened.db;
    this.dir = opened.dir;
    this.created = opened.created;
    this.transaction = transactorFor(this.db);
    this.actor = actor;
    this.searchIndexer = index?.(this.db);
    const hasConcepts = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'concepts'").get() !== undefined;
    this.concepts = hasConcepts ? new ConceptRepository(this.db, this.transaction) : undefined;
    this.tags = new TagRepository(this.db, this.searchIndexer, this.concepts);
    this.enterprises = new EnterpriseRepository(this.db, this.searchIndexer);
    this.entryRepo = new EntryRepository(this.db, this.tags, this.enterprises, this.searchIndexer);
    this.revisionRepo = new RevisionRepository(this.db);
    this.relations = new RelationRepository(this.db);
    this.blobs = new BlobStore(this.db, opened.attachmentsDir);
    this.attachmentTexts = new AttachmentTextRepository(this.db, this.searchIndexer);
    const hasTrash = this.db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'trash'").get() !== undefined;
    this.trash = hasTrash ? new TrashRepository(this.db, this.enterprises) : undefined;
    this.undoLog = new UndoLog(this.db);
    this.savedSearches = new SavedSearchRepository(this.db);
    this.ledger = new ExchangeLedger(this.db);
    this.entryService = new EntryService(this.transaction, this.entryRepo, this.revisionRepo, actor, this.trash);
  }

  /** The catalogue without a search index (the core's own tests); the app opens it with electron/app/catalogue.ts. */
  static openCore(dir: string, options: CatalogueOptions): CatalogueCore {
    return new CatalogueCore(openCatalogue(dir, options), options.actor ?? null);
  }

  /** The schema version the catalogue's file is at (migrations.ts). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  entryCount(): number {
    return this.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
  }

  /** What SQLite's quick check finds wrong with the file, in one line; undefined when it is sound. */
  integrityProblem(): string | undefined {
    return integrityProblem(this.db);
  }

  /** Copies the open catalogue's database to `target` page by page, other requests running between the steps. */
  backupTo(target: string, progress?: (done: number, total: number) => void): Promise<unknown> {
    return this.db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        progress?.(totalPages - remainingPages, totalPages);
        return 256; // pages per step: small steps keep other requests flowing between them
      },
    });
  }

  /** Rewrites the file without its free pages (db/compact.ts); refused while another program has it open. */
  compact(): CompactResult {
    return compactCatalogue(this.db);
  }

  close(): void {
    if (!this.db.open) return;
    this.db.close();
    recordClosed(path.join(this.dir, DATABASE_FILE));
  }

  /** Stores the bytes and attaches them under `name`, replacing an attachment of that name. */
  addAttachment(entryId: string, name: string, content: Buffer, mediaType?: string): Entry {
    return this.transaction(() => {
      this.entryRepo.get(entryId);
      const blob = this.blobs.put(content);
      const type = mediaType || lookupMediaType(name) || 'application/octet-stream';
      return this.entryService.setAttachments(entryId, (current) => [
        ...current.filter((a) => a.name !== name),
        { sha256: blob.sha256, name, mediaType: type, size: blob.size },
      ]);
    });
  }

  /**
   * Where an attached file lives and what type it was attached as, for transports that
   * stream bytes (the browser host, the desktop protocol). Only content-addressed files
   * that some entry or revision refers to are served, so the path can never leave the store.
   */
  attachmentFile(sha256: string): { path: string; mediaType: string; size: number; name: string | null } | undefined {
    if (!SHA256_PATTERN.test(sha256)) return undefined;
    const row = this.db
      .prepare(
        `SELECT b.size, a.media_type AS mediaType, a.name
         FROM blobs b LEFT JOIN entry_attachments a ON a.sha256 = b.sha256
         WHERE b.sha256 = ? LIMIT 1`,
      )
      .get(sha256) as { size: number; mediaType: string | null; name: string | null } | undefined;
    if (!row) return undefined;
    return { path: this.blobs.pathOf(sha256), mediaType: row.mediaType ?? 'application/octet-stream', size: row.size, name: row.name };
  }

  /** The name and type a file is attached under now (the first entry's, by id), undefined when no entry has it. */
  attachmentNamed(sha256: string): { name: string; mediaType: string | null } | undefined {
    return this.db.prepare('SELECT name, media_type AS mediaType FROM entry_attachments WHERE sha256 = ? ORDER BY entry_id, name LIMIT 1').get(sha256) as
      { name: string; mediaType: string | null } | undefined;
  }

  removeAttachment(entryId: string, name: string): Entry {
    return this.entryService.setAttachments(entryId, (current) => {
      if (!current.some((a) => a.name === name)) throw new RatioError('NOT_FOUND', `The entry has no attachment named "${name}".`);
      return current.filter((a) => a.name !== name);
    });
  }

  stats(): Stats {
    const count = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    const grouped = <K extends string>(column: string): { key: K; count: number }[] =>
      this.db.prepare(`SELECT ${column} AS key, count(*) AS count FROM entries GROUP BY ${column} ORDER BY count DESC, key`).all() as {
        key: K;
        count: number;
      }[];
    return {
      entries: count('SELECT count(*) FROM entries'),
      byKind: grouped('kind'),
      byStatus: grouped('status'),
      byLanguage: grouped('language'),
      enterprises: count('SELECT count(*) FROM enterprises'),
      tags: count('SELECT count(*) FROM tags'),
      adoptions: count('SELECT count(*) FROM adoptions'),
      effects: count('SELECT count(*) FROM adoption_effects'),
      links: count('SELECT count(*) FROM links'),
      attachments: count('SELECT count(*) FROM entry_attachments'),
      attachmentBytes: count('SELECT coalesce(sum(size), 0) FROM blobs'),
      revisions: count('SELECT count(*) FROM revisions'),
    };
  }
}

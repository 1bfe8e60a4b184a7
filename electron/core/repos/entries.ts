import type { Database } from 'better-sqlite3';
import { TAG_PATH_SEPARATOR, type EntryKind, type EntryStatus } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { AttachmentRef, Entry, EntrySnapshot, EntrySummary } from '../../../shared/schemas/entry.js';
import type { EnterpriseRepository } from './enterprises.js';
import type { TagRepository } from './tags.js';
import type { EntryIndexHook } from '../index-hook.js';
import { newId } from '../ids.js';

export interface EntryRow {
  id: string;
  kind: EntryKind;
  title: string;
  summary: string;
  body: string;
  status: EntryStatus;
  language: string;
  enterprise_id: string | null;
  enterprise_name: string | null;
  registration: string;
  created_at: string;
  updated_at: string;
  revision: number;
}

const SELECT_ENTRY = `SELECT e.*, ent.name AS enterprise_name FROM entries e LEFT JOIN enterprises ent ON ent.id = e.enterprise_id`;

export interface ListFilter {
  kind?: EntryKind | undefined;
  status?: EntryStatus | undefined;
  tagIds?: string[] | undefined;
  enterpriseId?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * Ids a caller has already resolved in the same transaction, by local tag path and enterprise
 * name (an import maps a whole bundle's vocabulary first), so write() need not find them again.
 */
export interface KnownIds {
  tags: ReadonlyMap<string, string>;
  enterprises: ReadonlyMap<string, string>;
}

/** Rows of an entry and its owned lists (authors, tags, classification, attachments). */

export class EntryRepository {
  constructor(
    private readonly db: Database,
    private readonly tags: TagRepository,
    private readonly enterprises: EnterpriseRepository,
    /** Keeps the search index in step, inside the caller's transaction. */
    private readonly searchIndex?: EntryIndexHook,
  ) {}

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM entries WHERE id = ?').get(id) !== undefined;
  }

  get(id: string): Entry {
    const row = this.db.prepare(`${SELECT_ENTRY} WHERE e.id = ?`).get(id) as EntryRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no entry with id ${id}.`);
    return this.hydrate(row);
  }

  private authors(id: string): string[] {
    return this.db
      .prepare('SELECT p.name FROM entry_authors a JOIN people p ON p.id = a.person_id WHERE a.entry_id = ? ORDER BY a.position')
      .pluck()
      .all(id) as string[];
  }

  /** The paths of the entry's tags, sorted: TagRepository.pathOf's walk up, done for all of them in one query. */
  private tagPaths(id: string): string[] {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE up(tag_id, parent_id, name, depth) AS (
           SELECT t.id, t.parent_id, t.name, 0 FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = ?
           UNION ALL SELECT up.tag_id, t.parent_id, t.name, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id
         ) SELECT tag_id, name, depth FROM up`,
      )
      .all(id) as { tag_id: string; name: string; depth: number }[];
    const names = new Map<string, string[]>();
    for (const row of rows) {
      const path = names.get(row.tag_id) ?? [];
      path[row.depth] = row.name;
      names.set(row.tag_id, path);
    }
    return [...names.values()].map((path) => path.reverse().join(TAG_PATH_SEPARATOR)).sort();
  }

  private classification(id: string): string[] {
    return this.db.prepare('SELECT code FROM entry_classifications WHERE entry_id = ? ORDER BY position').pluck().all(id) as string[];
  }

  private attachments(id: string): AttachmentRef[] {
    return this.db
      .prepare(
        `SELECT a.sha256, a.name, a.media_type AS mediaType, b.size FROM entry_attachments a
         JOIN blobs b ON b.sha256 = a.sha256 WHERE a.entry_id = ? ORDER BY a.position`,
      )
      .all(id) as AttachmentRef[];
  }

  private hydrate(row: EntryRow): Entry {
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      summary: row.summary,
      body: row.body,
      status: row.status,
      language: row.language,
      enterprise: row.enterprise_id && row.enterprise_name ? { id: row.enterprise_id, name: row.enterprise_name } : null,
      registration: row.registration,
      authors: this.authors(row.id),
      tags: this.tagPaths(row.id),
      classification: this.classification(row.id),
      attachments: this.attachments(row.id),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      revision: row.revision,
    };
  }

  /**
   * Whether write() keeps this state exactly as given, so reading the entry back would give
   * it again: tags sorted and unique (get() lists them so), authors, codes and attachment
   * names unique (write() drops repeats). Tag paths and the enterprise name must be the local
   * ones, spelt as stored: tags and enterprises are found without regard to case.
   */
  static keepsAsGiven(state: EntrySnapshot): boolean {
    const strictlySorted = state.tags.every((tag, i) => i === 0 || (state.tags[i - 1] as string) < tag);
    const unique = (values: readonly string[]): boolean => new Set(values).size === values.length;
    return strictlySorted && unique(state.authors) && unique(state.classification) && unique(state.attachments.map((a) => a.name));
  }

  /**
   * Writes the whole state of an entry (inserting it when new). Owned lists are replaced;
   * tags, people and enterprises named by the snapshot are created when missing.
   * Returns the tag paths that had to be created.
   */
  write(
    id: string,
    state: EntrySnapshot,
    meta: { createdAt: string; updatedAt: string; revision: number },
    insert: boolean,
    known?: KnownIds,
    /** The state stored now, when the caller has it: owned lists equal to it are left as they are. */
    previous?: EntrySnapshot,
  ): string[] {
    const same = (field: 'authors' | 'tags' | 'classification' | 'attachments'): boolean =>
      !insert && previous !== undefined && JSON.stringify(previous[field]) === JSON.stringify(state[field]);
    const enterpriseId = state.enterprise === null ? null : (known?.enterprises.get(state.enterprise) ?? this.enterprises.ensure(state.enterprise));
    // The columns an insert and an update both write; an insert also sets created_at.
    const row = {
      id,
      kind: state.kind,
      title: state.title,
      summary: state.summary,
      body: state.body,
      status: state.status,
      language: state.language,
      enterprise_id: enterpriseId,
      registration: state.registration,
      updated_at: meta.updatedAt,
      revision: meta.revision,
    };
    if (insert) {
      this.db
        .prepare(
          `INSERT INTO entries (id, kind, title, summary, body, status, language, enterprise_id, registration, created_at, updated_at, revision)
           VALUES (@id, @kind, @title, @summary, @body, @status, @language, @enterprise_id, @registration, @created_at, @updated_at, @revision)`,
        )
        .run({ ...row, created_at: meta.createdAt });
    } else {
      this.db
        .prepare(
          `UPDATE entries SET kind = @kind, title = @title, summary = @summary, body = @body, status = @status,
             language = @language, enterprise_id = @enterprise_id, registration = @registration,
             updated_at = @updated_at, revision = @revision WHERE id = @id`,
        )
        .run(row);
      const tables = { authors: 'entry_authors', tags: 'entry_tags', classification: 'entry_classifications', attachments: 'entry_attachments' } as const;
      for (const [field, table] of Object.entries(tables) as [keyof typeof tables, string][]) {
        if (!same(field)) this.db.prepare(`DELETE FROM ${table} WHERE entry_id = ?`).run(id);
      }
    }
    const insertPerson = this.db.prepare('INSERT OR IGNORE INTO people (id, name) VALUES (?, ?)');
    const personId = this.db.prepare('SELECT id FROM people WHERE name = ?').pluck();
    const insertAuthor = this.db.prepare('INSERT INTO entry_authors (entry_id, position, person_id) VALUES (?, ?, ?)');
    (same('authors') ? [] : [...new Set(state.authors)]).forEach((name, position) => {
      // Most authors already exist: look them up first, so an id is only made for a new person.
      let person = personId.get(name);
      if (person === undefined) {
        insertPerson.run(newId(), name);
        person = personId.get(name);
      }
      insertAuthor.run(id, position, person);
    });
    const createdTags: string[] = [];
    const insertTag = this.db.prepare('INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)');
    for (const path of same('tags') ? [] : state.tags) {
      const knownId = known?.tags.get(path);
      const tag = knownId === undefined ? this.tags.ensure(path) : { id: knownId, created: false };
      if (tag.created) createdTags.push(path);
      insertTag.run(id, tag.id);
    }
    const insertCode = this.db.prepare('INSERT OR IGNORE INTO entry_classifications (entry_id, position, code) VALUES (?, ?, ?)');
    if (!same('classification')) state.classification.forEach((code, position) => insertCode.run(id, position, code));
    const insertAttachment = this.db.prepare('INSERT INTO entry_attachments (entry_id, name, sha256, media_type, position) VALUES (?, ?, ?, ?, ?)');
    if (!same('attachments')) state.attachments.forEach((a, position) => insertAttachment.run(id, a.name, a.sha256, a.mediaType, position));
    this.searchIndex?.indexEntries([id]);
    return createdTags;
  }

  /** Records a new revision number and time without rewriting the entry (its content is already written). */
  stamp(id: string, updatedAt: string, revision: number): void {
    this.db.prepare('UPDATE entries SET updated_at = ?, revision = ? WHERE id = ?').run(updatedAt, revision, id);
  }

  delete(id: string): void {
    this.searchIndex?.removeEntry(id);
    this.db.prepare('DELETE FROM entries WHERE id = ?').run(id);
  }

  /** The WHERE clause and parameters of a list filter, shared by listing and by selections for export. */
  private filterClause(filter: Omit<ListFilter, 'limit' | 'offset'>): { clause: string; params: Record<string, unknown> } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.kind) {
      where.push('e.kind = @kind');
      params.kind = filter.kind;
    }
    if (filter.status) {
      where.push('e.status = @status');
      params.status = filter.status;
    }
    if (filter.enterpriseId) {
      where.push('e.enterprise_id = @enterprise');
      params.enterprise = filter.enterpriseId;
    }
    if (filter.tagIds) {
      where.push('e.id IN (SELECT entry_id FROM entry_tags WHERE tag_id IN (SELECT value FROM json_each(@tags)))');
      params.tags = JSON.stringify(filter.tagIds);
    }
    return { clause: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
  }

  /** Ids of every entry the filter matches, oldest first (a stable order for bundles). */
  ids(filter: Omit<ListFilter, 'limit' | 'offset'>): string[] {
    const { clause, params } = this.filterClause(filter);
    return this.db.prepare(`SELECT e.id FROM entries e ${clause} ORDER BY e.created_at, e.id`).pluck().all(params) as string[];
  }

  list(filter: ListFilter): { entries: EntrySummary[]; total: number } {
    const { clause, params } = this.filterClause(filter);
    const total = this.db.prepare(`SELECT count(*) FROM entries e ${clause}`).pluck().get(params) as number;
    const rows = this.db.prepare(`${SELECT_ENTRY} ${clause} ORDER BY e.created_at DESC, e.id LIMIT @limit OFFSET @offset`).all({
      ...params,
      limit: filter.limit,
      offset: filter.offset,
    }) as EntryRow[];
    const entries = rows.map((row) => {
      const entry = this.hydrate(row);
      return {
        id: entry.id,
        title: entry.title,
        kind: entry.kind,
        status: entry.status,
        language: entry.language,
        tags: entry.tags,
        registration: entry.registration,
        classification: entry.classification,
        createdAt: entry.createdAt,
        updatedAt: entry.updatedAt,
        enterprise: entry.enterprise?.name ?? null,
      };
    });
    return { entries, total };
  }

  resolvePrefix(prefix: string): string {
    const ids = this.db
      .prepare("SELECT id FROM entries WHERE id LIKE ? ESCAPE '\\' LIMIT 2")
      .pluck()
      .all(`${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`) as string[];
    if (ids.length === 0) throw new RatioError('NOT_FOUND', `No entry id starts with "${prefix}".`);
    if (ids.length > 1) throw new RatioError('INVALID_INPUT', `More than one entry id starts with "${prefix}"; give more characters.`);
    return ids[0] as string;
  }
}

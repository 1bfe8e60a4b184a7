import type { Database } from 'better-sqlite3';
import { TAG_PATH_SEPARATOR } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { Tag } from '../../../shared/schemas/catalogue.js';
import { newId } from '../ids.js';
import type { ConceptRepository } from './concepts.js';
import { TagConcepts } from './tag-concepts.js';
import { TagLookup, findTag } from './tag-lookup.js';
import type { EntryIndexHook } from '../index-hook.js';

interface TagRow {
  id: string;
  name: string;
  parent_id: string | null;
}

/**
 * The controlled vocabulary: a tree of tags with synonyms. Paths (`textiles/wool`) are how
 * people and files name tags; ids are how entries hold them, so a rename touches one row.
 */
export class TagRepository {
  constructor(
    private readonly db: Database,
    /** Re-indexes entries whose tags changed meaning (renamed, merged, new synonyms, deleted). */
    private readonly searchIndex?: EntryIndexHook,
    conceptRepository?: ConceptRepository,
  ) {
    this.concepts = TagConcepts.for(db, conceptRepository);
  }

  /** Gives new tags their concepts; absent before migration 13. */
  private readonly concepts: TagConcepts | undefined;

  /** Entries carrying this tag or any tag below it. */
  private entriesUnder(id: string): string[] {
    return this.db
      .prepare(
        `WITH RECURSIVE down(id) AS (SELECT ? UNION SELECT t.id FROM tags t JOIN down ON t.parent_id = down.id)
         SELECT DISTINCT et.entry_id FROM entry_tags et JOIN down ON down.id = et.tag_id`,
      )
      .pluck()
      .all(id) as string[];
  }

  private reindexUnder(id: string): void {
    if (this.searchIndex) this.searchIndex.indexEntries(this.entriesUnder(id));
  }

  private rows(): TagRow[] {
    return this.db.prepare('SELECT id, name, parent_id FROM tags').all() as TagRow[];
  }

  /** The whole vocabulary in memory, for one transaction that names many tags (see TagLookup). */
  lookup(): TagLookup {
    return new TagLookup(this.db, this.concepts);
  }

  /** Every tag's path, built once from the whole tree (for callers that name many tags at once). */
  paths(): Map<string, string> {
    const byId = new Map(this.rows().map((t) => [t.id, t]));
    const paths = new Map<string, string>();
    const pathOf = (id: string): string => {
      const known = paths.get(id);
      if (known !== undefined) return known;
      const tag = byId.get(id);
      if (!tag) return '';
      // Set before the walk up, so a cycle (which the schema does not allow) ends instead of looping.
      paths.set(id, tag.name);
      const parent = tag.parent_id === null ? '' : pathOf(tag.parent_id);
      const path = parent === '' ? tag.name : `${parent}${TAG_PATH_SEPARATOR}${tag.name}`;
      paths.set(id, path);
      return path;
    };
    for (const id of byId.keys()) pathOf(id);
    return paths;
  }

  pathOf(id: string): string {
    const rows = this.db
      .prepare(
        `WITH RECURSIVE up(id, name, parent_id, depth) AS (
           SELECT id, name, parent_id, 0 FROM tags WHERE id = ?
           UNION ALL SELECT t.id, t.name, t.parent_id, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id
         ) SELECT name FROM up ORDER BY depth DESC`,
      )
      .pluck()
      .all(id) as string[];
    if (rows.length === 0) throw new RatioError('NOT_FOUND', `There is no tag with id ${id}.`);
    return rows.join(TAG_PATH_SEPARATOR);
  }

  private child(parentId: string | null, name: string): string | undefined {
    return this.db.prepare("SELECT id FROM tags WHERE coalesce(parent_id, '') = coalesce(?, '') AND name = ? COLLATE NOCASE").pluck().get(parentId, name) as
      string | undefined;
  }

  /** Finds a tag by full path; a single name also matches a unique tag of that name or synonym anywhere (findTag). */
  find(path: string): string | undefined {
    return findTag(path, {
      child: (parentId, name) => this.child(parentId, name),
      named: (name) =>
        this.db
          .prepare(
            `SELECT id FROM tags WHERE name = ? COLLATE NOCASE
         UNION SELECT tag_id FROM tag_synonyms WHERE synonym = ? COLLATE NOCASE`,
          )
          .pluck()
          .all(name, name) as string[],
      pathOf: (id) => this.pathOf(id),
    });
  }

  require(path: string): string {
    const id = this.find(path);
    if (!id) throw new RatioError('NOT_FOUND', `There is no tag "${path}".`, { key: 'core.noTag', params: { tag: path } });
    return id;
  }

  /** Finds the tag, creating it and any missing ancestors. Returns whether anything was created. */
  ensure(path: string): { id: string; created: boolean } {
    const existing = this.find(path);
    if (existing) return { id: existing, created: false };
    let parent: string | null = null;
    let created = false;
    for (const part of path.split(TAG_PATH_SEPARATOR)) {
      let id = this.child(parent, part);
      if (!id) {
        id = newId();
        this.db.prepare('INSERT INTO tags (id, name, parent_id) VALUES (?, ?, ?)').run(id, part, parent);
        this.concepts?.tagCreated(id, part, parent);
        created = true;
      }
      parent = id;
    }
    return { id: parent as string, created };
  }

  descendantsAndSelf(id: string): string[] {
    return this.db
      .prepare(
        `WITH RECURSIVE down(id) AS (SELECT ? UNION ALL SELECT t.id FROM tags t JOIN down ON t.parent_id = down.id)
         SELECT id FROM down`,
      )
      .pluck()
      .all(id) as string[];
  }

  synonyms(id: string): string[] {
    return this.db.prepare('SELECT synonym FROM tag_synonyms WHERE tag_id = ? ORDER BY synonym').pluck().all(id) as string[];
  }

  setSynonyms(id: string, synonyms: readonly string[]): void {
    this.db.prepare('DELETE FROM tag_synonyms WHERE tag_id = ?').run(id);
    const insert = this.db.prepare('INSERT OR IGNORE INTO tag_synonyms (tag_id, synonym) VALUES (?, ?)');
    for (const synonym of synonyms) insert.run(id, synonym);
    this.concepts?.synonymsAdded(id, synonyms);
    this.reindexUnder(id);
  }

  /** Moves and/or renames a tag; refuses a clash with a sibling or a move under itself. */
  rename(id: string, newPath: string): void {
    const parts = newPath.split(TAG_PATH_SEPARATOR);
    const name = parts.pop() as string;
    const parentId = parts.length > 0 ? this.ensure(parts.join(TAG_PATH_SEPARATOR)).id : null;
    if (parentId && this.descendantsAndSelf(id).includes(parentId)) {
      throw new RatioError('INVALID_INPUT', `A tag cannot be moved under itself.`, { key: 'core.tagUnderItself' });
    }
    const clash = this.child(parentId, name);
    if (clash && clash !== id) {
      throw new RatioError('CONFLICT', `Tag "${newPath}" already exists; merge the tags instead.`, { key: 'core.tagExistsMerge', params: { tag: newPath } });
    }
    const before = this.db.prepare('SELECT name, parent_id FROM tags WHERE id = ?').get(id) as { name: string; parent_id: string | null };
    this.db.prepare('UPDATE tags SET name = ?, parent_id = ? WHERE id = ?').run(name, parentId, id);
    this.concepts?.tagRenamed(id, before.name, name);
    this.concepts?.tagReparented(id, before.parent_id, parentId);
    this.reindexUnder(id);
  }

  /** Puts a tag (with everything below it) under another parent, or at the top; refuses a cycle or a clash. */
  move(id: string, parentId: string | null): void {
    if (parentId !== null && this.descendantsAndSelf(id).includes(parentId)) {
      throw new RatioError('INVALID_INPUT', `"${this.pathOf(id)}" cannot be moved under "${this.pathOf(parentId)}", which is below it.`, {
        key: 'core.tagMoveBelowItself',
        params: { tag: this.pathOf(id), parent: this.pathOf(parentId) },
      });
    }
    const name = this.db.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(id) as string;
    const clash = this.child(parentId, name);
    if (clash && clash !== id) {
      const where = parentId === null ? 'at the top' : `under "${this.pathOf(parentId)}"`;
      throw new RatioError('CONFLICT', `There is already a tag "${name}" ${where}; merge the tags instead.`, {
        key: parentId === null ? 'core.tagMoveClashTop' : 'core.tagMoveClash',
        params: parentId === null ? { name } : { name, parent: this.pathOf(parentId) },
      });
    }
    const oldParent = this.db.prepare('SELECT parent_id FROM tags WHERE id = ?').pluck().get(id) as string | null;
    this.db.prepare('UPDATE tags SET parent_id = ? WHERE id = ?').run(parentId, id);
    this.concepts?.tagReparented(id, oldParent, parentId);
    this.reindexUnder(id);
  }

  /** Entries carrying the tag or one below it. */
  entriesUsing(id: string): string[] {
    return this.entriesUnder(id);
  }

  /** Re-points every entry and child of `fromId` to `intoId`, keeps its name as a synonym, removes it. */
  merge(fromId: string, intoId: string): number {
    if (fromId === intoId) throw new RatioError('INVALID_INPUT', 'A tag cannot be merged into itself.', { key: 'core.tagIntoItself' });
    if (this.descendantsAndSelf(fromId).includes(intoId)) {
      throw new RatioError('INVALID_INPUT', 'A tag cannot be merged into one of its own descendants.', { key: 'core.tagIntoDescendant' });
    }
    const retagged = this.db
      .prepare(
        `INSERT OR IGNORE INTO entry_tags (entry_id, tag_id)
         SELECT entry_id, ? FROM entry_tags WHERE tag_id = ?`,
      )
      .run(intoId, fromId).changes;
    const carried = this.db.prepare('SELECT count(*) FROM entry_tags WHERE tag_id = ?').pluck().get(fromId) as number;
    for (const child of this.db.prepare('SELECT id, name FROM tags WHERE parent_id = ?').all(fromId) as TagRow[]) {
      const clash = this.child(intoId, child.name);
      if (clash) this.merge(child.id, clash);
      else {
        this.db.prepare('UPDATE tags SET parent_id = ? WHERE id = ?').run(intoId, child.id);
        this.concepts?.tagReparented(child.id, fromId, intoId);
      }
    }
    this.concepts?.tagsMerging(fromId, intoId);
    const name = this.db.prepare('SELECT name FROM tags WHERE id = ?').pluck().get(fromId) as string;
    const keep = [...this.synonyms(intoId), ...this.synonyms(fromId), name];
    this.db.prepare('DELETE FROM tags WHERE id = ?').run(fromId);
    this.setSynonyms(intoId, keep);
    return Math.max(retagged, carried);
  }

  delete(id: string): number {
    const ids = this.descendantsAndSelf(id);
    const untagged = this.db
      .prepare(`SELECT count(DISTINCT entry_id) FROM entry_tags WHERE tag_id IN (SELECT value FROM json_each(?))`)
      .pluck()
      .get(JSON.stringify(ids)) as number;
    const affected = this.searchIndex ? this.entriesUnder(id) : [];
    for (const tagId of ids.reverse()) this.db.prepare('DELETE FROM tags WHERE id = ?').run(tagId);
    this.searchIndex?.indexEntries(affected);
    return untagged;
  }

  get(id: string): Tag {
    const tag = this.list().find((t) => t.id === id);
    if (!tag) throw new RatioError('NOT_FOUND', `There is no tag with id ${id}.`);
    return tag;
  }

  /** The whole tree, parents before children, with direct and subtree entry counts. */
  list(): Tag[] {
    const rows = this.rows();
    const counts = new Map(
      (this.db.prepare('SELECT tag_id, count(*) AS n FROM entry_tags GROUP BY tag_id').all() as { tag_id: string; n: number }[]).map((r) => [r.tag_id, r.n]),
    );
    const synonyms = new Map<string, string[]>();
    for (const row of this.db.prepare('SELECT tag_id, synonym FROM tag_synonyms ORDER BY synonym').all() as {
      tag_id: string;
      synonym: string;
    }[]) {
      const list = synonyms.get(row.tag_id) ?? [];
      list.push(row.synonym);
      synonyms.set(row.tag_id, list);
    }
    const byParent = new Map<string | null, TagRow[]>();
    for (const row of rows) {
      const list = byParent.get(row.parent_id) ?? [];
      list.push(row);
      byParent.set(row.parent_id, list);
    }
    const subtreeEntries = this.db
      .prepare(
        `WITH RECURSIVE anc(tag_id, ancestor) AS (
           SELECT id, id FROM tags UNION ALL SELECT anc.tag_id, t.parent_id FROM anc JOIN tags t ON t.id = anc.ancestor WHERE t.parent_id IS NOT NULL
         ) SELECT anc.ancestor AS id, count(DISTINCT et.entry_id) AS n FROM anc JOIN entry_tags et ON et.tag_id = anc.tag_id GROUP BY anc.ancestor`,
      )
      .all() as { id: string; n: number }[];
    const totals = new Map(subtreeEntries.map((r) => [r.id, r.n]));
    const out: Tag[] = [];
    const walk = (parent: string | null, prefix: string): void => {
      const children = (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
      for (const row of children) {
        const path = prefix ? `${prefix}${TAG_PATH_SEPARATOR}${row.name}` : row.name;
        out.push({
          id: row.id,
          name: row.name,
          path,
          parentId: row.parent_id,
          synonyms: synonyms.get(row.id) ?? [],
          count: counts.get(row.id) ?? 0,
          totalCount: totals.get(row.id) ?? 0,
        });
        walk(row.id, path);
      }
    };
    walk(null, '');
    return out;
  }
}

import type { Database, Statement } from 'better-sqlite3';
import { TAG_PATH_SEPARATOR } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { newId } from '../ids.js';
import type { TagConcepts } from './tag-concepts.js';

/** Case folding as SQLite's NOCASE does it (ASCII letters only), which the tags table's uniqueness uses. */
export function foldCase(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

interface Node {
  name: string;
  parentId: string | null;
}

/** How findTag reads the tags: from the database (TagRepository) or from memory (TagLookup). */
export interface TagFinder {
  /** The child of that parent (null: the top) with that name, compared without regard to ASCII case. */
  child(parentId: string | null, name: string): string | undefined;
  /** Every tag so named or with that synonym, anywhere, each once. */
  named(name: string): readonly string[];
  pathOf(id: string): string;
}

/**
 * Finds a tag by full path; a single name also matches a unique tag of that name or synonym
 * anywhere, and a name that could be several tags is refused with their paths. One function
 * for both finders, so an import maps names exactly as a single write does.
 */
export function findTag(path: string, tags: TagFinder): string | undefined {
  const parts = path.split(TAG_PATH_SEPARATOR);
  let parent: string | null = null;
  let found: string | undefined;
  for (const part of parts) {
    found = tags.child(parent, part);
    if (!found) break;
    parent = found;
  }
  if (found) return found;
  if (parts.length !== 1) return undefined;
  const candidates = tags.named(path);
  if (candidates.length > 1) {
    const paths = candidates.map((id) => tags.pathOf(id)).sort();
    throw new RatioError('INVALID_INPUT', `Tag "${path}" is ambiguous: it could be ${paths.join(' or ')}. Give the full path.`);
  }
  return candidates[0];
}

/**
 * The whole tag vocabulary in memory, for work that names thousands of tags in one
 * transaction (an import): every look-up is a map access instead of a query, so mapping a
 * vocabulary of n tags costs n, not n². It finds and creates tags exactly as TagRepository
 * does (full path first, then a unique tag or synonym of a single name, compared without
 * regard to ASCII case), and writes what it creates straight to the database; it is only
 * right while nothing else changes tags, so it lives for one transaction.
 */
export class TagLookup {
  private readonly nodes = new Map<string, Node>();
  /** parent id (or '') + NUL + folded name → tag id. */
  private readonly children = new Map<string, string>();
  /** Folded name → ids of every tag so named, anywhere in the tree. */
  private readonly named = new Map<string, string[]>();
  /** Folded synonym → ids of the tags that have it. */
  private readonly synonymOf = new Map<string, Set<string>>();
  private readonly paths = new Map<string, string>();
  private readonly insertTag: Statement;
  private readonly insertSynonym: Statement;

  constructor(
    db: Database,
    private readonly concepts?: TagConcepts,
  ) {
    for (const row of db.prepare('SELECT id, name, parent_id FROM tags').all() as { id: string; name: string; parent_id: string | null }[]) {
      this.remember(row.id, row.name, row.parent_id);
    }
    for (const row of db.prepare('SELECT tag_id, synonym FROM tag_synonyms').all() as { tag_id: string; synonym: string }[]) {
      this.rememberSynonym(row.tag_id, row.synonym);
    }
    this.insertTag = db.prepare('INSERT INTO tags (id, name, parent_id) VALUES (?, ?, ?)');
    this.insertSynonym = db.prepare('INSERT OR IGNORE INTO tag_synonyms (tag_id, synonym) VALUES (?, ?)');
  }

  private remember(id: string, name: string, parentId: string | null): void {
    this.nodes.set(id, { name, parentId });
    this.children.set(`${parentId ?? ''}\0${foldCase(name)}`, id);
    const key = foldCase(name);
    const list = this.named.get(key);
    if (list) list.push(id);
    else this.named.set(key, [id]);
  }

  private rememberSynonym(id: string, synonym: string): void {
    const key = foldCase(synonym);
    const set = this.synonymOf.get(key);
    if (set) set.add(id);
    else this.synonymOf.set(key, new Set([id]));
  }

  private child(parentId: string | null, name: string): string | undefined {
    return this.children.get(`${parentId ?? ''}\0${foldCase(name)}`);
  }

  pathOf(id: string): string {
    const known = this.paths.get(id);
    if (known !== undefined) return known;
    const names: string[] = [];
    // The schema allows no cycle; the bound only keeps a damaged table from looping.
    for (let at: string | null = id; at !== null && names.length <= this.nodes.size;) {
      const node = this.nodes.get(at);
      if (!node) throw new RatioError('NOT_FOUND', `There is no tag with id ${id}.`);
      names.push(node.name);
      at = node.parentId;
    }
    const path = names.reverse().join(TAG_PATH_SEPARATOR);
    this.paths.set(id, path);
    return path;
  }

  /** As TagRepository.find (findTag). */
  find(path: string): string | undefined {
    return findTag(path, {
      child: (parentId, name) => this.child(parentId, name),
      named: (name) => {
        const key = foldCase(name);
        return [...new Set([...(this.named.get(key) ?? []), ...(this.synonymOf.get(key) ?? [])])];
      },
      pathOf: (id) => this.pathOf(id),
    });
  }

  /** As TagRepository.ensure: finds the tag, creating it and any missing ancestors. */
  ensure(path: string): { id: string; created: boolean } {
    const existing = this.find(path);
    if (existing) return { id: existing, created: false };
    let parent: string | null = null;
    let created = false;
    for (const part of path.split(TAG_PATH_SEPARATOR)) {
      let id = this.child(parent, part);
      if (!id) {
        id = newId();
        this.insertTag.run(id, part, parent);
        this.concepts?.tagCreated(id, part, parent);
        this.remember(id, part, parent);
        created = true;
      }
      parent = id;
    }
    return { id: parent as string, created };
  }

  /** Gives a tag made in this transaction its synonyms; it carries no entry yet, so nothing is re-indexed. */
  addSynonyms(id: string, synonyms: readonly string[]): void {
    for (const synonym of synonyms) {
      this.insertSynonym.run(id, synonym);
      this.rememberSynonym(id, synonym);
    }
    this.concepts?.synonymsAdded(id, synonyms);
  }
}

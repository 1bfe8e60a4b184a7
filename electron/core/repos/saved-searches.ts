import type { Database } from 'better-sqlite3';
import { RatioError } from '../../../shared/errors.js';
import type { SavedSearch } from '../../../shared/schemas/curation.js';
import { z } from 'zod';
import { ConceptRef, SearchFilters, SearchSort } from '../../../shared/schemas/search.js';
import { newId, nowIso } from '../ids.js';

interface Row {
  id: string;
  name: string;
  query: string;
  filters: string;
  sort: string;
  expand_off: string;
  created_at: string;
  updated_at: string;
}

/** The switched-off concepts as stored: one schema, made once rather than for every row read. */
const StoredExpandOff = z.array(ConceptRef);

/** Concept ids once each, sorted: one saved state has one form, as the library's address has. */
const offList = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

function toSaved(row: Row): SavedSearch {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    // Stored as the API took them (tag paths, enterprise names), so they read as a person wrote them.
    filters: SearchFilters.parse(JSON.parse(row.filters)),
    sort: SearchSort.parse(row.sort),
    expandOff: StoredExpandOff.parse(JSON.parse(row.expand_off)),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Named searches: a query, its filters, its sort and the expansion chips switched off, for the sidebar and as an export selection. */
export class SavedSearchRepository {
  constructor(private readonly db: Database) {}

  private clash(name: string, except: string | null): void {
    const other = this.db.prepare('SELECT id FROM saved_searches WHERE name = ? COLLATE NOCASE').pluck().get(name) as string | undefined;
    if (other !== undefined && other !== except) throw new RatioError('CONFLICT', `A saved search named "${name}" already exists.`);
  }

  create(input: { name: string; query: string; filters: SearchFilters; sort: SavedSearch['sort']; expandOff?: readonly string[] | undefined }): SavedSearch {
    this.clash(input.name, null);
    const id = newId();
    const now = nowIso();
    this.db
      .prepare('INSERT INTO saved_searches (id, name, query, filters, sort, expand_off, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, input.name, input.query, JSON.stringify(input.filters), input.sort, JSON.stringify(offList(input.expandOff ?? [])), now, now);
    return this.get(id);
  }

  get(id: string): SavedSearch {
    const row = this.db.prepare('SELECT * FROM saved_searches WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no saved search with id ${id}.`);
    return toSaved(row);
  }

  list(): SavedSearch[] {
    return (this.db.prepare('SELECT * FROM saved_searches ORDER BY name COLLATE NOCASE, id').all() as Row[]).map(toSaved);
  }

  update(
    id: string,
    patch: {
      name?: string | undefined;
      query?: string | undefined;
      filters?: SearchFilters | undefined;
      sort?: SavedSearch['sort'] | undefined;
      expandOff?: readonly string[] | undefined;
    },
  ): SavedSearch {
    const current = this.get(id);
    const name = patch.name ?? current.name;
    this.clash(name, id);
    this.db
      .prepare('UPDATE saved_searches SET name = ?, query = ?, filters = ?, sort = ?, expand_off = ?, updated_at = ? WHERE id = ?')
      .run(
        name,
        patch.query ?? current.query,
        JSON.stringify(patch.filters ?? current.filters),
        patch.sort ?? current.sort,
        JSON.stringify(offList(patch.expandOff ?? current.expandOff)),
        nowIso(),
        id,
      );
    return this.get(id);
  }

  delete(id: string): void {
    if (this.db.prepare('DELETE FROM saved_searches WHERE id = ?').run(id).changes === 0) {
      throw new RatioError('NOT_FOUND', `There is no saved search with id ${id}.`);
    }
  }
}

import type { SearchFilters } from '../../shared/schemas/search.js';
import type { Catalogue } from './catalogue.js';
import type { ExpandOptions, ResolvedFilters } from '../search/engine.js';

/** Tag paths and enterprise names of the API's filters as the ids the engine filters by (unknown ones are NOT_FOUND). */
export function resolveFilters(catalogue: Catalogue, f: SearchFilters): ResolvedFilters {
  return {
    kind: f.kind,
    status: f.status,
    language: f.language,
    tagIds: f.tags?.map((path) => catalogue.tags.require(path)),
    enterpriseId: f.enterprise === undefined ? undefined : catalogue.enterprises.require(f.enterprise),
    classification: f.classification,
    yearFrom: f.yearFrom,
    yearTo: f.yearTo,
    hasAttachments: f.hasAttachments,
    adoptedById: f.adoptedBy === undefined ? undefined : catalogue.enterprises.require(f.adoptedBy),
  };
}

/**
 * Every entry a search matches (not one page), oldest first: what a bulk action or an
 * export of a saved search covers. Expanded through the thesaurus as search.query expands
 * the same query (by default; `expand: false` and the chips switched off in `expandOff` as
 * there), so "every match" is every entry the list showed. Re-indexes first when the index is
 * out of date.
 */
export function entryIdsMatching(
  catalogue: Catalogue,
  query: string,
  filters: SearchFilters,
  progress?: (done: number, total: number) => void,
  expand: ExpandOptions = {},
): string[] {
  const engine = catalogue.search;
  engine.ensureCurrent(progress);
  return engine.matchingEntryIds(query, resolveFilters(catalogue, filters), expand);
}

/** Every entry a saved search matches now (with the chips it keeps switched off), oldest first. */
export function savedSearchEntryIds(catalogue: Catalogue, id: string, progress?: (done: number, total: number) => void): string[] {
  const saved = catalogue.savedSearches.get(id);
  return entryIdsMatching(catalogue, saved.query, saved.filters, progress, saved.expandOff.length > 0 ? { expandOff: saved.expandOff } : {});
}

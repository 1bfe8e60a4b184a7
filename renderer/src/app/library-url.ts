import type { SEARCH_SORTS, SearchFilters } from '../../../shared/schemas/search.js';

/** What the library shows: the query, its filters and its sort, as its URL carries them. */
export interface LibraryView {
  query?: string;
  filters?: Partial<SearchFilters>;
  sort?: (typeof SEARCH_SORTS)[number];
}

/**
 * The library's address for a view: `#/?q=…&sort=…&tag=a&tag=b&enterprise=…`, one repeated
 * key per filter value, so a link from an entry's tag or enterprise opens the library filtered by it.
 */
export function libraryHref({ query, filters = {}, sort }: LibraryView): string {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  if (sort && sort !== 'relevance') params.set('sort', sort);
  const many = (key: string, values: readonly (string | number)[] | undefined): void => {
    for (const value of values ?? []) params.append(key, String(value));
  };
  many('kind', filters.kind);
  many('status', filters.status);
  many('tag', filters.tags);
  many('enterprise', filters.enterprise === undefined ? [] : [filters.enterprise]);
  many('classification', filters.classification);
  many('language', filters.language);
  many('yearFrom', filters.yearFrom === undefined ? [] : [filters.yearFrom]);
  many('yearTo', filters.yearTo === undefined ? [] : [filters.yearTo]);
  const search = params.toString();
  return search === '' ? '#/' : `#/?${search}`;
}

import { ENTRY_KINDS, ENTRY_STATUSES, type EntryKind, type EntryStatus } from '../../../shared/domain.js';
import { SEARCH_SORTS, type SearchFilters, type SearchRequest } from '../../../shared/schemas/search.js';

/** What the library shows: the query, the filters and the order, all of it in the URL. */
export interface LibraryState {
  query: string;
  filters: SearchFilters;
  sort: NonNullable<SearchRequest['sort']>;
  /** Thesaurus concepts whose "also searched" chip is switched off (URL key `off`). */
  expandOff?: string[];
}

export const INITIAL_LIBRARY: LibraryState = { query: '', filters: {}, sort: 'relevance' };

/** The filters written as one repeated URL key each, named as a person reads them (`tag`, not `tags`). */
const LIST_KEYS = [
  ['kind', 'kind'],
  ['status', 'status'],
  ['tag', 'tags'],
  ['classification', 'classification'],
  ['language', 'language'],
] as const;

/**
 * The library's address for a state (`#/?q=wool&tag=textiles&status=accepted`), the keys
 * always in the same order so one state has one address; the initial state is `#/`.
 */
export function libraryHref(state: Partial<LibraryState>): string {
  const params = new URLSearchParams();
  const query = state.query ?? '';
  const filters = state.filters ?? {};
  if (query !== '') params.set('q', query);
  if (state.sort !== undefined && state.sort !== 'relevance') params.set('sort', state.sort);
  for (const [key, filter] of LIST_KEYS) for (const value of filters[filter] ?? []) params.append(key, value);
  if (filters.enterprise !== undefined) params.set('enterprise', filters.enterprise);
  if (filters.yearFrom !== undefined) params.set('yearFrom', String(filters.yearFrom));
  if (filters.yearTo !== undefined) params.set('yearTo', String(filters.yearTo));
  for (const id of [...new Set(state.expandOff ?? [])].sort()) params.append('off', id);
  const search = params.toString();
  return search === '' ? '#/' : `#/?${search}`;
}

function yearOf(raw: string | null): number | undefined {
  if (raw === null || !/^\d{1,4}$/.test(raw)) return undefined;
  return Number(raw);
}

/**
 * Reads the state back from the part after `?` (a bookmark, a link pasted by someone, an
 * older version's address): unknown keys are ignored and values the core would refuse
 * (a sort it does not know, a year that is not one) are dropped rather than failing the page.
 */
export function parseLibraryUrl(search: string): LibraryState {
  const params = new URLSearchParams(search.replace(/^\?/, ''));
  const all = (key: string): string[] => [...new Set(params.getAll(key).filter((v) => v.trim() !== ''))];
  const filters: SearchFilters = {};
  const kinds = all('kind').filter((v): v is EntryKind => (ENTRY_KINDS as readonly string[]).includes(v));
  if (kinds.length > 0) filters.kind = kinds;
  const statuses = all('status').filter((v): v is EntryStatus => (ENTRY_STATUSES as readonly string[]).includes(v));
  if (statuses.length > 0) filters.status = statuses;
  for (const [key, filter] of [
    ['tag', 'tags'],
    ['classification', 'classification'],
    ['language', 'language'],
  ] as const) {
    const values = all(key);
    if (values.length > 0) filters[filter] = values;
  }
  const enterprise = params.get('enterprise');
  if (enterprise !== null && enterprise.trim() !== '') filters.enterprise = enterprise;
  const yearFrom = yearOf(params.get('yearFrom'));
  const yearTo = yearOf(params.get('yearTo'));
  if (yearFrom !== undefined && (yearTo === undefined || yearFrom <= yearTo)) filters.yearFrom = yearFrom;
  if (yearTo !== undefined && (yearFrom === undefined || yearFrom <= yearTo)) filters.yearTo = yearTo;
  const sort = SEARCH_SORTS.find((s) => s === params.get('sort'));
  const state: LibraryState = { query: params.get('q') ?? '', filters, sort: sort ?? 'relevance' };
  // Concept ids as the core gives them out; anything longer than one is not one and is dropped.
  const off = all('off')
    .filter((id) => id.length <= 200)
    .slice(0, 50);
  if (off.length > 0) state.expandOff = off;
  return state;
}

/** Two states that ask the same question (saved searches are matched to the current one by this). */
export function sameLibraryState(a: LibraryState, b: LibraryState): boolean {
  return libraryHref(sortedValues(a)) === libraryHref(sortedValues(b));
}

/** Ticking wool then cotton asks what ticking cotton then wool asks. */
function sortedValues(state: LibraryState): LibraryState {
  const f = state.filters;
  const filters: SearchFilters = { ...f };
  if (f.kind) filters.kind = [...f.kind].sort();
  if (f.status) filters.status = [...f.status].sort();
  if (f.tags) filters.tags = [...f.tags].sort();
  if (f.classification) filters.classification = [...f.classification].sort();
  if (f.language) filters.language = [...f.language].sort();
  return { ...state, filters };
}

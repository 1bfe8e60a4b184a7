import { useCallback, useEffect, useRef, useState } from 'react';
import type { BulkSelection } from '../../../../shared/schemas/curation.js';
import type { SearchFilters, SearchHit } from '../../../../shared/schemas/search.js';

/**
 * Which results the librarian has chosen: none, some by id (with their titles, for the
 * preview and the choice of an original), or every match of the search — including those
 * the list has not loaded yet, which is why that case keeps the query and not ids.
 */
export type ResultSelection =
  | { kind: 'none' }
  | { kind: 'ids'; ids: ReadonlyMap<string, string> }
  | { kind: 'all'; query: string; filters: SearchFilters; expandOff: readonly string[] | undefined; total: number };

/** What the result list can select: rows by id, or every match of its search. */
export type ListSelection = Extract<BulkSelection, { by: 'ids' | 'search' }>;

const NONE: ResultSelection = { kind: 'none' };

/** The last selection and the search it was made in, kept while the library is not shown (an entry is open). */
let kept: { scope: string; selection: ResultSelection } | null = null;

export interface SelectionControls {
  selection: ResultSelection;
  count: number;
  isSelected: (id: string) => boolean;
  /** A click on a row's box: alone it toggles that row, with Shift it selects from the last toggled row. */
  toggle: (index: number, range: boolean) => void;
  /** Shift+Arrow: the rows between the anchor and `index` become selected. */
  extendTo: (from: number, index: number) => void;
  selectAll: () => void;
  clear: () => void;
  /** The selection as entries.bulk takes it; null when nothing is selected. */
  request: () => ListSelection | null;
}

function withIds(base: ResultSelection, hits: readonly SearchHit[], add: readonly SearchHit[], remove?: string): ResultSelection {
  // Leaving "every match" by unticking one row keeps the rows loaded so far, minus that one: the count shown says so.
  const start = base.kind === 'ids' ? base.ids : base.kind === 'all' ? new Map(hits.map((h) => [h.id, h.title])) : new Map<string, string>();
  const ids = new Map(start);
  for (const hit of add) ids.set(hit.id, hit.title);
  if (remove !== undefined) ids.delete(remove);
  return ids.size === 0 ? NONE : { kind: 'ids', ids };
}

/**
 * The result list's selection. It outlives scrolling (the virtual list drops rows, not
 * this), and starts empty again whenever the query, the filters or the expansion chips
 * switched off change, since the rows it named are no longer the ones shown.
 */
export function useResultSelection(
  query: string,
  filters: SearchFilters,
  expandOff: readonly string[] | undefined,
  hits: readonly SearchHit[],
  total: number,
): SelectionControls {
  const scope = JSON.stringify([query, filters, expandOff ?? []]);
  // Back from an entry to the same search finds the rows still chosen.
  const [selection, setSelection] = useState<ResultSelection>(() => (kept?.scope === scope ? kept.selection : NONE));
  const anchor = useRef<string | null>(null);
  const shownScope = useRef(scope);
  useEffect(() => {
    if (shownScope.current === scope) return;
    shownScope.current = scope;
    setSelection(NONE);
    anchor.current = null;
  }, [scope]);
  useEffect(() => {
    kept = { scope, selection };
  }, [scope, selection]);

  const isSelected = useCallback((id: string) => (selection.kind === 'all' ? true : selection.kind === 'ids' ? selection.ids.has(id) : false), [selection]);

  const between = useCallback((a: number, b: number): SearchHit[] => hits.slice(Math.min(a, b), Math.max(a, b) + 1), [hits]);

  const toggle = useCallback(
    (index: number, range: boolean) => {
      const hit = hits[index];
      if (!hit) return;
      const from = anchor.current === null ? -1 : hits.findIndex((h) => h.id === anchor.current);
      // A range keeps its anchor, so Shift+click or Shift+arrows after it re-draw the range from the same row.
      if (!range || from < 0) anchor.current = hit.id;
      setSelection((current) => {
        if (range && from >= 0) return current.kind === 'all' ? current : withIds(current, hits, between(from, index));
        const selected = current.kind === 'all' || (current.kind === 'ids' && current.ids.has(hit.id));
        return selected ? withIds(current, hits, [], hit.id) : withIds(current, hits, [hit]);
      });
    },
    [hits, between],
  );

  const extendTo = useCallback(
    (from: number, index: number) => {
      const start = anchor.current === null ? -1 : hits.findIndex((h) => h.id === anchor.current);
      if (start < 0) anchor.current = hits[from]?.id ?? null;
      const rows = between(start < 0 ? from : start, index);
      setSelection((current) => (current.kind === 'all' ? current : withIds({ kind: 'none' }, hits, rows)));
    },
    [hits, between],
  );

  const selectAll = useCallback(() => {
    if (total > 0) setSelection({ kind: 'all', query, filters, expandOff, total });
  }, [query, filters, expandOff, total]);

  const clear = useCallback(() => {
    anchor.current = null;
    setSelection(NONE);
  }, []);

  const request = useCallback((): ListSelection | null => {
    // The chips switched off go with the search, so "every match" is every entry the list shows.
    if (selection.kind === 'all')
      return {
        by: 'search',
        query: selection.query,
        filters: selection.filters,
        ...(selection.expandOff && selection.expandOff.length > 0 ? { expandOff: [...selection.expandOff] } : {}),
      };
    if (selection.kind === 'ids') return { by: 'ids', ids: [...selection.ids.keys()] };
    return null;
  }, [selection]);

  const count = selection.kind === 'all' ? selection.total : selection.kind === 'ids' ? selection.ids.size : 0;
  return { selection, count, isSelected, toggle, extendTo, selectAll, clear, request };
}

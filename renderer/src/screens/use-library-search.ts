import { useCallback, useEffect, useRef, useState } from 'react';
import type { RatioClient } from '../../../shared/client.js';
import type { SearchFacets, SearchHit, SearchResult } from '../../../shared/schemas/search.js';
import type { LibraryState } from '../app/library-url.js';
import { useCatalogueChanged } from '../app/undo.js';
import { isQueryMistake, queryWhileTyping } from './query-while-typing.js';

export type { LibraryState };

/** Enough rows to fill a tall window; the rest come by cursor as the list scrolls. */
const FIRST_PAGE = 30;
const NEXT_PAGE = 100;
/** Facet counts cost a pass over every match, so they are asked for once typing pauses, after the hits are painted. */
const FACETS_AFTER_MS = 150;
/** How often the hits are asked for again while the core re-indexes for search. */
const REINDEX_RECHECK_MS = 2000;

export interface LibraryResults {
  /** The query these hits answer (tests and the UI benchmark read it to know they are painted). */
  query: string;
  total: number;
  /** Nothing asked and nothing found: the catalogue itself is empty. */
  catalogueEmpty: boolean;
  /** What was done to a long query so it could be ranked (search.query's note); null when taken as typed. */
  condensed: SearchResult['condensed'];
  /** What the thesaurus added to the query, for the "also searched" chips. */
  expansion: SearchResult['expansion'];
  /** The query with its typos corrected from the catalogue's words, when that finds more ("Did you mean …"). */
  suggestion: SearchResult['suggestion'];
  /** Set while the core re-indexes for search in the background: how far it was when these hits were found. */
  reindexing: SearchResult['reindexing'];
  hits: SearchHit[];
  nextCursor: string | null;
}

export interface LibrarySearch {
  results: LibraryResults | undefined;
  /** The counts of the last query they were asked for; `current` is false while newer ones are coming. */
  facets: { facets: SearchFacets; current: boolean } | undefined;
  /** The last search's failure, as caught (ErrorMessage translates it). */
  error: unknown;
  /** A search is running for what the user typed last. */
  busy: boolean;
  loadMore: () => void;
  /** Asks again (the catalogue changed: an undo, the demo loaded). */
  reload: () => void;
}

/**
 * The library's search: one request in flight at a time, and keystrokes made meanwhile
 * collapse into the latest, so a slow query on a large catalogue never leaves a queue of
 * stale ones in front of what the user typed last. The first page comes without facets
 * and is painted at once; the counts follow once typing pauses.
 */
export function useLibrarySearch(client: RatioClient, state: LibraryState, onNewResults: () => void): LibrarySearch {
  const [results, setResults] = useState<LibraryResults>();
  const [facets, setFacets] = useState<{ facets: SearchFacets; current: boolean }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const ticket = useRef(0);
  const inFlight = useRef(false);
  const queued = useRef<{ state: LibraryState; mine: number } | null>(null);
  const facetTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const loadingMore = useRef(false);
  const mounted = useRef(true);
  const announce = useRef(onNewResults);
  announce.current = onNewResults;
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  useCatalogueChanged(reload);
  // While the core re-indexes, the hits are asked for again now and then, so they come from
  // the finished index (and the notice goes) once it is done.
  const reindexing = results?.reindexing !== undefined;
  useEffect(() => {
    if (!reindexing) return undefined;
    const timer = setTimeout(reload, REINDEX_RECHECK_MS);
    return () => clearTimeout(timer);
  }, [reindexing, results, reload]);

  const run = useCallback(
    (s: LibraryState, mine: number): void => {
      inFlight.current = true;
      setBusy(true);
      const failed = (e: unknown): void => {
        if (mine !== ticket.current) return;
        setError(e);
        // Results of an earlier query under a query the core refused would answer the wrong question.
        // The filters' counts stay, dimmed, so what is ticked can still be seen and unticked.
        if (isQueryMistake(e)) {
          setResults(undefined);
          setFacets((prev) => (prev ? { ...prev, current: false } : prev));
        }
      };
      const query = queryWhileTyping(s.query);
      client
        .call('search.query', { query, filters: s.filters, sort: s.sort, limit: FIRST_PAGE, facets: false, expandOff: s.expandOff })
        .then((r) => {
          if (mine !== ticket.current) return;
          const everything = query === '' && Object.keys(s.filters).length === 0;
          setResults({
            query: s.query,
            total: r.total,
            catalogueEmpty: everything && r.total === 0,
            condensed: r.condensed,
            expansion: r.expansion,
            suggestion: r.suggestion,
            reindexing: r.reindexing,
            hits: r.hits,
            nextCursor: r.nextCursor,
          });
          setError(undefined);
          announce.current();
          clearTimeout(facetTimer.current);
          facetTimer.current = setTimeout(() => {
            client.call('search.facets', { query, filters: s.filters, expandOff: s.expandOff }).then((f) => {
              if (mine === ticket.current) setFacets({ facets: f.facets, current: true });
            }, failed);
          }, FACETS_AFTER_MS);
        }, failed)
        .finally(() => {
          inFlight.current = false;
          const next = queued.current;
          queued.current = null;
          if (next && mounted.current) run(next.state, next.mine);
          else setBusy(false);
        });
    },
    [client],
  );

  useEffect(() => {
    const mine = ++ticket.current;
    clearTimeout(facetTimer.current);
    setFacets((prev) => (prev ? { ...prev, current: false } : prev));
    if (inFlight.current) queued.current = { state, mine };
    else run(state, mine);
  }, [run, state, generation]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      clearTimeout(facetTimer.current);
    };
  }, []);

  const loadMore = useCallback(() => {
    if (!results?.nextCursor || loadingMore.current || inFlight.current) return;
    loadingMore.current = true;
    const mine = ticket.current;
    client
      .call('search.query', {
        query: queryWhileTyping(state.query),
        filters: state.filters,
        sort: state.sort,
        limit: NEXT_PAGE,
        cursor: results.nextCursor,
        facets: false,
        expandOff: state.expandOff,
      })
      .then(
        (r) => {
          if (mine === ticket.current) setResults((prev) => (prev ? { ...prev, hits: [...prev.hits, ...r.hits], nextCursor: r.nextCursor } : prev));
        },
        (e: unknown) => {
          if (mine === ticket.current) setError(e);
        },
      )
      .finally(() => {
        loadingMore.current = false;
      });
  }, [client, results, state]);

  return { results, facets, error, busy, loadMore, reload };
}

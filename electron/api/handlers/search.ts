import { REINDEX_TASK } from '../../../shared/bridge.js';
import type { searchOperations } from '../../../shared/contract/search.js';
import type { Catalogue } from '../../app/catalogue.js';
import { resolveFilters } from '../../app/selection.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

/** search.query, search.facets, search.similar and catalogue.reindex over the catalogue's search engine. */
export function createSearchHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof searchOperations> {
  const progress = (done: number, total: number): void => env.progress?.({ task: REINDEX_TASK, done, total });
  // The app and the host re-index between requests; the CLI waits for the index before answering.
  const current = (): void => {
    if (env.reindexInBackground) catalogue.search.ensureCurrentInBackground(progress);
    else catalogue.search.ensureCurrent(progress);
  };
  return {
    // Searches in the app never wait for a re-index: it runs between requests, and answers say how far it is.
    'search.query': async (req) => {
      const engine = catalogue.search;
      current();
      const result = await engine.searchWhenReady({
        query: req.query,
        sort: req.sort,
        limit: req.limit,
        cursor: req.cursor,
        facets: req.facets,
        filters: resolveFilters(catalogue, req.filters),
        expand: req.expand,
        expandOff: req.expandOff,
      });
      // Read after searching: the answer says what the index held when it was given.
      const reindexing = engine.reindexing();
      return reindexing ? { ...result, reindexing } : result;
    },
    'search.facets': (req) => {
      const engine = catalogue.search;
      current();
      return engine.countWhenReady(req.query, resolveFilters(catalogue, req.filters), { expand: req.expand, expandOff: req.expandOff });
    },
    'search.similar': (req) => {
      const engine = catalogue.search;
      current();
      return { hits: engine.similar(req.id, req.limit) };
    },
    'catalogue.reindex': () => catalogue.search.reindex(progress),
  };
}

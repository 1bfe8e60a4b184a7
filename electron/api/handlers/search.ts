import type { searchOperations } from '../../../shared/contract/search.js';
import type { Catalogue } from '../../app/catalogue.js';
import { resolveFilters } from '../../app/selection.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

const REINDEX_TASK = 'Re-indexing the catalogue for search';

/** search.query, search.facets, search.similar and catalogue.reindex over the catalogue's search engine. */
export function createSearchHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof searchOperations> {
  const progress = (done: number, total: number): void => env.progress?.({ task: REINDEX_TASK, done, total });
  return {
    'search.query': (req) => {
      const engine = catalogue.search;
      engine.ensureCurrent(progress);
      return engine.searchWhenReady({
        query: req.query,
        sort: req.sort,
        limit: req.limit,
        cursor: req.cursor,
        facets: req.facets,
        filters: resolveFilters(catalogue, req.filters),
        expand: req.expand,
        expandOff: req.expandOff,
      });
    },
    'search.facets': (req) => {
      const engine = catalogue.search;
      engine.ensureCurrent(progress);
      return engine.countWhenReady(req.query, resolveFilters(catalogue, req.filters), { expand: req.expand, expandOff: req.expandOff });
    },
    'search.similar': (req) => {
      const engine = catalogue.search;
      engine.ensureCurrent(progress);
      return { hits: engine.similar(req.id, req.limit) };
    },
    'catalogue.reindex': () => catalogue.search.reindex(progress),
  };
}

import { z } from 'zod';
import { read, write } from './operation.js';
import { Empty } from '../schemas/common.js';
import { FacetsRequest, FacetsResult, ReindexResult, SearchHit, SearchRequest, SearchResult, SimilarRequest } from '../schemas/search.js';

/** Full-text search over the catalogue, similar entries, and rebuilding the index. */
export const searchOperations = {
  'search.query': read(SearchRequest, SearchResult),
  'search.facets': read(FacetsRequest, FacetsResult),
  'search.similar': read(SimilarRequest, z.object({ hits: z.array(SearchHit) })),
  'catalogue.reindex': write(Empty, ReindexResult),
} as const;

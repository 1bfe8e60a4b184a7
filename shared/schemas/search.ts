import { z } from 'zod';
import { ENTRY_KINDS, ENTRY_STATUSES } from '../domain.js';
import { EnterpriseRef, Id, Language, TagPath, normaliseClassification } from './common.js';
import { EntryKind, EntryStatus } from './entry.js';
import { BlobHash } from './attachment-text.js';

/** Names a query may put before a colon (`title:wool`), in the order the UI lists them. */
export const SEARCH_FIELD_NAMES = ['title', 'tag', 'class', 'summary', 'body', 'author', 'enterprise', 'registration', 'file'] as const;
export type SearchFieldName = (typeof SEARCH_FIELD_NAMES)[number];
export const SearchFieldName = z.enum(SEARCH_FIELD_NAMES);

export const SEARCH_SORTS = ['relevance', 'newest', 'title'] as const;
export const SearchSort = z.enum(SEARCH_SORTS, { message: `Sort by one of: ${SEARCH_SORTS.join(', ')}.` });

/** A classification prefix: `D06` includes `D06C 23/04`. */
export const ClassificationPrefix = z.string().transform((raw, ctx) => {
  const compact = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (!/^[A-H]([0-9A-Z /]{0,30})$/.test(compact)) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw}" is not the start of a classification code like D06 or D06C 23/04.`,
      params: { key: 'validation.classificationPrefix', value: raw },
    });
    return z.NEVER;
  }
  return normaliseClassification(compact) ?? compact;
});

/** A concept's id as the thesaurus gives it out. */
export const ConceptRef = z.string().min(1).max(200);

const Year = z.number().int().min(0).max(9999);

/** Filters combine with AND; the values within one filter (several kinds, say) with OR. Tags include their descendants. */
export const SearchFilters = z
  .object({
    kind: z.array(EntryKind).max(ENTRY_KINDS.length).optional(),
    status: z.array(EntryStatus).max(ENTRY_STATUSES.length).optional(),
    language: z.array(Language).max(20).optional(),
    tags: z.array(TagPath).max(20).optional(),
    enterprise: EnterpriseRef.optional(),
    classification: z.array(ClassificationPrefix).max(20).optional(),
    yearFrom: Year.optional(),
    yearTo: Year.optional(),
    hasAttachments: z.boolean().optional(),
    adoptedBy: EnterpriseRef.optional(),
  })
  .strict()
  .refine((f) => f.yearFrom === undefined || f.yearTo === undefined || f.yearFrom <= f.yearTo, {
    message: 'The year range ends before it starts.',
    params: { key: 'validation.yearRange' },
  });
export type SearchFilters = z.output<typeof SearchFilters>;

/**
 * Characters of a query read at most: far more than the 2,000 words the engine reads (a
 * pasted description, a whole entry). A longer text is cut here, not refused, and the
 * engine's `condensed` note says its words were left out.
 */
export const QUERY_MAX_CHARACTERS = 100_000;
const QueryText = z
  .string()
  .default('')
  .transform((q) => (q.length > QUERY_MAX_CHARACTERS ? q.slice(0, QUERY_MAX_CHARACTERS) : q));

export const SearchRequest = z
  .object({
    query: QueryText,
    filters: SearchFilters.default({}),
    sort: SearchSort.default('relevance'),
    limit: z.number().int().min(1).max(200).default(20),
    /** From `nextCursor` of the previous page. */
    cursor: z.string().max(200).optional(),
    /** Facet counts cost a pass over every match; a next page usually does not need them again. */
    facets: z.boolean().default(true),
    /** Thesaurus expansion (issue #19): a word matching a concept label also searches its labels in the other languages. */
    expand: z.boolean().optional(),
    /** Concepts whose expansion the person switched off. */
    expandOff: z.array(ConceptRef).max(50).optional(),
  })
  .strict();
export type SearchRequest = z.input<typeof SearchRequest>;

/** [start, end) character offsets into the text they accompany. */
export const Highlight = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);

export const SearchHit = z.object({
  id: Id,
  title: z.string(),
  kind: EntryKind,
  status: EntryStatus,
  language: z.string(),
  enterprise: z.string().nullable(),
  year: z.number().int(),
  tags: z.array(z.string()),
  /** Higher is better; comparable only within one result list. */
  score: z.number(),
  titleHighlights: z.array(Highlight),
  /** Cut from the entry's own text (summary or body as a reader sees it), never from stemmed terms. */
  snippet: z.string(),
  highlights: z.array(Highlight),
  /** The fields the query's words were found in. */
  fields: z.array(SearchFieldName),
  /** Set when the hit is a variant an import kept beside a conflicting local entry: that entry's id. */
  variantOf: Id.nullable(),
  /** The languages of thesaurus labels (from the query's expansion) the entry holds: "matched via ru". */
  matchedLanguages: z.array(z.string()).default([]),
  /**
   * Set when the query's words were found in an attached file and the hit's own snippet shows
   * none of them (`fields` holds `file` whenever they were found in one): the file's name, the
   * page the words are densest on (null when only the name matched, or the file has no pages)
   * and a window of that page's text, each with its highlights.
   */
  attachmentSnippet: z
    .object({
      name: z.string(),
      sha256: BlobHash,
      nameHighlights: z.array(Highlight),
      page: z.number().int().positive().nullable(),
      text: z.string(),
      highlights: z.array(Highlight),
    })
    .optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const FacetCount = z.object({ key: z.string(), label: z.string(), count: z.number().int().nonnegative() });
export type FacetCount = z.infer<typeof FacetCount>;

/** A tag of the tag facet: listed after its parent (a tree in pre-order); counts include the tags below it. */
export const TagFacetCount = FacetCount.extend({
  /** The parent tag's path (null at the top); the parent is listed before it whenever it is a tag. */
  parent: z.string().nullable(),
  depth: z.number().int().nonnegative(),
});
export type TagFacetCount = z.infer<typeof TagFacetCount>;

/** Each facet's counts are those of the query and every filter except that facet's own (disjunctive facets). */
export const SearchFacets = z.object({
  kind: z.array(FacetCount),
  status: z.array(FacetCount),
  tag: z.array(TagFacetCount),
  enterprise: z.array(FacetCount),
  section: z.array(FacetCount),
  year: z.array(FacetCount),
  language: z.array(FacetCount),
});
export type SearchFacets = z.infer<typeof SearchFacets>;

/** One concept a query was expanded with: the words it matched, its labels, and whether it is searched. */
export const QueryExpansion = z.object({
  conceptId: ConceptRef,
  matched: z.string(),
  labels: z.array(z.object({ lang: z.string(), text: z.string() })),
  /** A narrower concept of a matched one, searched at a lower weight. */
  narrower: z.boolean(),
  enabled: z.boolean(),
});
export type QueryExpansion = z.infer<typeof QueryExpansion>;

export const SearchResult = z.object({
  total: z.number().int().nonnegative(),
  hits: z.array(SearchHit),
  nextCursor: z.string().nullable(),
  /** Counts over every match of the query and filters; null when not asked for. */
  facets: SearchFacets.nullable(),
  /**
   * Set when a long query was condensed to be ranked: the words it had, those past the
   * 2,000 read that were left out, and how many of its distinct terms it was ranked by.
   */
  condensed: z
    .object({
      words: z.number().int().nonnegative(),
      wordsLeftOut: z.number().int().nonnegative(),
      terms: z.number().int().nonnegative(),
      termsKept: z.number().int().nonnegative(),
    })
    .nullable(),
  /** What the thesaurus added to the query ("also searched: …"); empty when nothing matched or expansion is off. */
  expansion: z.array(QueryExpansion).default([]),
  /**
   * Set when the query found fewer than three entries and the same query with its unknown or
   * rare words replaced by the catalogue's closest words finds more: "Did you mean …".
   */
  suggestion: z.object({ query: z.string(), hits: z.number().int().nonnegative() }).optional(),
  /**
   * Set while the catalogue is re-indexed for search in the background (after an upgrade
   * changed how text is analysed): entries done of the total. The hits come from the index
   * as it stands, rewritten in place, so they may differ slightly until it is done.
   */
  reindexing: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type SearchResult = z.infer<typeof SearchResult>;

/** The total and facet counts of a query without its hits (the library asks after painting the first page). */
export const FacetsRequest = z
  .object({
    query: QueryText,
    filters: SearchFilters.default({}),
    expand: z.boolean().optional(),
    expandOff: z.array(ConceptRef).max(50).optional(),
  })
  .strict();
export type FacetsRequest = z.input<typeof FacetsRequest>;

export const FacetsResult = z.object({ total: z.number().int().nonnegative(), facets: SearchFacets });
export type FacetsResult = z.infer<typeof FacetsResult>;

export const SimilarRequest = z.object({ id: Id, limit: z.number().int().min(1).max(50).default(10) }).strict();

export const ReindexResult = z.object({ entries: z.number().int().nonnegative(), version: z.number().int() });

/** The query AST: what the parser read, before the pipeline normalises its words. */
export type QueryPresence = 'optional' | 'required' | 'excluded';

export interface QueryClause {
  type: 'term' | 'phrase';
  /** The words as typed (without operators). */
  text: string;
  field: SearchFieldName | null;
  presence: QueryPresence;
  /** `none`; `prefix` for a trailing `*`; `pattern` for `*` elsewhere. */
  wildcard: 'none' | 'prefix' | 'pattern';
  /** 0, 1 or 2 (`~1`, `~2`). */
  editDistance: number;
  boost: number;
  /** Typed as `=word`: searched as written, never expanded through the thesaurus. */
  literal?: boolean;
}

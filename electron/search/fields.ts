/**
 * The indexed fields: the FTS5 column each lives in, the name a query uses for it
 * (`tag:wool`, `class:D06C`) and its BM25 weight. Title weighs most, then tags and
 * classification (a librarian chose them), then the summary, then the long body, then
 * the text of the attached files.
 * The column order is the order of the FTS5 table; never reorder without a new migration.
 */
export const SEARCH_FIELDS = [
  { column: 'title', queryName: 'title', weight: 6 },
  { column: 'tags', queryName: 'tag', weight: 3 },
  { column: 'classification', queryName: 'class', weight: 3 },
  { column: 'summary', queryName: 'summary', weight: 2 },
  { column: 'body', queryName: 'body', weight: 1 },
  { column: 'authors', queryName: 'author', weight: 2 },
  { column: 'enterprise', queryName: 'enterprise', weight: 2 },
  { column: 'registration', queryName: 'registration', weight: 3 },
  // The attached files' names and extracted text: half the body's weight, since a PDF's
  // boilerplate and OCR noise say less about the entry than what a person wrote (migration 15).
  { column: 'attachments', queryName: 'file', weight: 0.5 },
] as const;

export type SearchColumn = (typeof SEARCH_FIELDS)[number]['column'];
export type QueryFieldName = (typeof SEARCH_FIELDS)[number]['queryName'];

export const QUERY_FIELD_NAMES: readonly QueryFieldName[] = SEARCH_FIELDS.map((f) => f.queryName);

export function columnOf(name: QueryFieldName): SearchColumn {
  const field = SEARCH_FIELDS.find((f) => f.queryName === name);
  if (!field) throw new Error(`Unknown search field ${name}`);
  return field.column;
}

export function queryNameOf(column: SearchColumn): QueryFieldName {
  const field = SEARCH_FIELDS.find((f) => f.column === column);
  if (!field) throw new Error(`Unknown search column ${column}`);
  return field.queryName;
}

export function isQueryFieldName(name: string): name is QueryFieldName {
  return (QUERY_FIELD_NAMES as readonly string[]).includes(name);
}

/** bm25() arguments in column order. */
export const BM25_WEIGHTS = SEARCH_FIELDS.map((f) => f.weight).join(', ');

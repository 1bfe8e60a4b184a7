/**
 * A relevance collection indexed twice in a temp dir — as a Ratio catalogue of entries (title
 * and body) and as a lunr index — with one function per engine that runs a query and gives the
 * ranked document ids. eval-relevance.ts and tune-ranking.ts both read collections this way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lunr from 'lunr';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import type { RankingSettings } from '../../electron/search/ranking-settings.js';
import type { RerankingInput } from '../../electron/search/engine.js';
import type { Collection } from './collections/index.js';

/** Ranked per query; deep enough that MAP sees nearly every judged document. */
export const TOP = Number(process.env.TOP ?? 1000);
/** Titles longer than the schema allows are cut for both engines alike. */
const TITLE_MAX = 500;

/** As the reference runs did: lower case, punctuation stripped, so no word is read as query syntax. */
export const plain = (q: string): string =>
  q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

export interface IndexedCollection {
  readonly catalogue: Catalogue;
  /** Ratio as the app searches (`rerank` true) or FTS5's BM25 order alone, the first `limit`. */
  ratio(query: string, rerank: boolean, limit?: number): string[];
  /** The same with the hits' scores, under other ranking settings if given. */
  hits(
    query: string,
    options: { rerank: boolean; ranking?: RankingSettings | undefined; expand?: boolean | undefined; limit?: number },
  ): { ids: string[]; scores: number[] };
  lunr(query: string): string[];
  /** What the re-ranking of the query as the app searches it is given (SearchEngine.rerankingInput), each candidate with its document's id; null if it is not re-ranked. */
  rerankingInput(query: string): (RerankingInput & { docIds: string[] }) | null;
  /** Seconds spent indexing both. */
  readonly indexSeconds: number;
  close(): void;
}

export function indexCollection(collection: Collection): IndexedCollection {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ratio-eval-${collection.name}-`));
  const catalogue = Catalogue.open(path.join(dir, 'catalogue'), { create: true, actor: 'eval' });
  const started = performance.now();
  const docOf = new Map<string, string>();
  const titleOf = (doc: { id: string; title: string }): string => doc.title.slice(0, TITLE_MAX) || `Document ${doc.id}`;
  catalogue.transaction(() => {
    for (const doc of collection.docs) {
      const entry = catalogue.entryService.create(EntryCreate.parse({ kind: 'invention', title: titleOf(doc), body: doc.text, status: 'accepted' }));
      docOf.set(entry.id, doc.id);
    }
  });
  const index = lunr(function build() {
    this.ref('id');
    this.field('title', { boost: 2 });
    this.field('body');
    for (const doc of collection.docs) this.add({ id: doc.id, title: titleOf(doc), body: doc.text });
  });
  const indexSeconds = (performance.now() - started) / 1000;
  const hits = (
    query: string,
    options: { rerank: boolean; ranking?: RankingSettings | undefined; limit?: number; expand?: boolean | undefined },
  ): { ids: string[]; scores: number[] } => {
    const found = catalogue.search.search({
      query,
      filters: {},
      sort: 'relevance',
      limit: options.limit ?? TOP,
      facets: false,
      snippets: false,
      ...options,
    }).hits;
    return { ids: found.map((h) => docOf.get(h.id) ?? ''), scores: found.map((h) => h.score) };
  };
  return {
    catalogue,
    indexSeconds,
    ratio: (query, rerank, limit = TOP) => hits(query, { rerank, limit }).ids,
    hits,
    rerankingInput: (query) => {
      const input = catalogue.search.rerankingInput({ query, filters: {}, sort: 'relevance', limit: TOP, facets: false, snippets: false });
      return input === null ? null : { ...input, docIds: input.candidates.map((c) => docOf.get(c.entryId) ?? '') };
    },
    lunr: (query) =>
      index
        .search(query)
        .slice(0, TOP)
        .map((r) => r.ref),
    close: () => {
      catalogue.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

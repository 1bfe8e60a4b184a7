/**
 * Ranking quality on Cranfield: loads the 1,400 abstracts as entries of a fresh catalogue,
 * runs the 225 queries through Ratio's search and through lunr in the same run, and prints
 * MAP and nDCG@10 for both. `npm run eval:relevance [-- --cranfield DIR]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lunr from 'lunr';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { averagePrecision, defaultCranfieldDir, loadCranfield, ndcg } from './cranfield.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const TOP = Number(process.env.TOP ?? 1000);
const cran = loadCranfield(option('cranfield') ?? defaultCranfieldDir());
/** As the reference runs did: lower case, punctuation stripped, so no word is read as query syntax. */
const plain = (q: string): string =>
  q
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-cranfield-'));
const catalogue = Catalogue.open(path.join(dir, 'catalogue'), { create: true, actor: 'eval' });
try {
  const docOf = new Map<string, number>();
  catalogue.transaction(() => {
    for (const doc of cran.docs) {
      const entry = catalogue.entryService.create(
        EntryCreate.parse({ kind: 'invention', title: doc.title || `Document ${doc.id}`, body: doc.abstract, status: 'accepted' }),
      );
      docOf.set(entry.id, doc.id);
    }
  });

  // What the app's search box runs (FTS5 BM25, then the feedback re-ranking of the first
  // matches), and FTS5's BM25 order alone, printed so the re-ranking's effect is on record.
  const ratioScores = { ap: 0, ndcg: 0 };
  const bm25Scores = { ap: 0, ndcg: 0 };
  const lunrScores = { ap: 0, ndcg: 0 };
  const idx = lunr(function build() {
    this.ref('id');
    this.field('title', { boost: 2 });
    this.field('body');
    for (const doc of cran.docs) this.add({ id: String(doc.id), title: doc.title, body: doc.abstract });
  });

  let judgedQueries = 0;
  cran.queries.forEach((text, i) => {
    const judged = cran.qrels.get(i + 1);
    if (!judged) return;
    judgedQueries += 1;
    const q = plain(text);
    const ranked = (rerank: boolean): number[] =>
      catalogue.search
        .search({ query: q, filters: {}, sort: 'relevance', limit: TOP, facets: false, snippets: false, rerank })
        .hits.map((h) => docOf.get(h.id) ?? -1);
    const ours = ranked(true);
    const bm25Only = ranked(false);
    const theirs = idx
      .search(q)
      .slice(0, TOP)
      .map((r) => Number(r.ref));
    ratioScores.ap += averagePrecision(ours, judged);
    ratioScores.ndcg += ndcg(ours, judged);
    bm25Scores.ap += averagePrecision(bm25Only, judged);
    bm25Scores.ndcg += ndcg(bm25Only, judged);
    lunrScores.ap += averagePrecision(theirs, judged);
    lunrScores.ndcg += ndcg(theirs, judged);
  });
  const row = (name: string, s: { ap: number; ndcg: number }): string =>
    `| ${name.padEnd(29)} | ${(s.ap / judgedQueries).toFixed(3)} | ${(s.ndcg / judgedQueries).toFixed(3)}   |`;
  console.log(`Cranfield: ${cran.docs.length} documents, ${judgedQueries} judged queries, top ${TOP} ranked\n`);
  console.log('| engine                        | MAP   | nDCG@10 |');
  console.log('| ----------------------------- | ----- | ------- |');
  console.log(row('Ratio (FTS5 + lunr pipeline)', ratioScores));
  console.log(row('Ratio, FTS5 BM25 order only', bm25Scores));
  console.log(row('lunr 2.3.9 (title boost 2)', lunrScores));
} finally {
  catalogue.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

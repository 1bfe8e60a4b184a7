/**
 * Ranking quality on five classic collections (Cranfield, CACM, MED, NPL, LISA): each is loaded
 * as the entries of a fresh catalogue in a temp dir, its judged queries run through Ratio's search
 * (as the app searches, and FTS5's BM25 order without the feedback re-ranking) and through lunr
 * in the same run, and MAP, nDCG@10 and P@10 are printed side by side, with a paired
 * randomisation test of Ratio against lunr on per-query AP.
 * `npm run eval:relevance [-- --collection NAME] [--bench DIR]` (or RATIO_BENCH=DIR).
 * `--thesaurus demo` (or a SKOS Turtle file) loads that thesaurus into every collection's
 * catalogue, runs the engines above without expansion and adds Ratio with it, and prints what
 * expansion changes per collection (issue #19: at most 0.005 MAP lower on any of them).
 */
import path from 'node:path';
import { importSkos } from '../../electron/exchange/skos-import.js';
import { DEFAULT_RANKING } from '../../electron/search/ranking-settings.js';
import { benchDir, COLLECTIONS, type Collection } from './collections/index.js';
import { judgedPairs } from './collections/types.js';
import { indexCollection, plain, TOP } from './indexed-collection.js';
import { averagePrecision, mean, NDCG_FORMULA, ndcg, pairedRandomisation, precisionAt } from './metrics.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const ROUNDS = 10_000;
const SEED = 20_261_203;

const THESAURUS_OPTION = option('thesaurus');
const THESAURUS = THESAURUS_OPTION === 'demo' ? path.resolve('resources/demo/thesaurus.ttl') : THESAURUS_OPTION;
const RATIO = 'Ratio (as the app searches)';
const BM25 = 'Ratio, FTS5 BM25 order only';
const LUNR = 'lunr 2.3.9 (title boost 2)';
const EXPANDED = 'Ratio, expanded by the thesaurus';
const ENGINES: readonly string[] = [RATIO, BM25, LUNR, ...(THESAURUS === undefined ? [] : [EXPANDED])];
type Engine = string;

interface PerQuery {
  ap: number[];
  ndcg: number[];
  p10: number[];
  errors: number;
}

interface Result {
  collection: Collection;
  evaluated: number;
  byEngine: Map<Engine, PerQuery>;
  seconds: { index: number; queries: number };
}

async function evaluate(collection: Collection): Promise<Result> {
  const indexed = indexCollection(collection);
  try {
    if (THESAURUS !== undefined) await importSkos(indexed.catalogue, { format: 'turtle', path: THESAURUS });
    const started = performance.now();
    // With a thesaurus loaded, the first two run without expansion, so the added engine shows what it changes.
    const expand = THESAURUS === undefined ? undefined : false;
    const run: Record<Engine, (q: string) => string[]> = {
      [RATIO]: (q) => indexed.hits(q, { rerank: true, expand }).ids,
      [BM25]: (q) => indexed.hits(q, { rerank: false, expand }).ids,
      [LUNR]: (q) => indexed.lunr(q),
      [EXPANDED]: (q) => indexed.hits(q, { rerank: true, expand: true }).ids,
    };

    const byEngine = new Map<Engine, PerQuery>(ENGINES.map((e) => [e, { ap: [], ndcg: [], p10: [], errors: 0 }]));
    let evaluated = 0;
    for (const query of collection.queries) {
      const judged = collection.judgements.get(query.id);
      if (!judged) continue;
      evaluated += 1;
      const q = plain(query.text);
      for (const engine of ENGINES) {
        const scores = byEngine.get(engine);
        const search = run[engine];
        if (!scores || !search) continue;
        let ranked: string[] = [];
        try {
          ranked = search(q);
        } catch (error) {
          // A refused or failed query scores zero and is counted, never skipped.
          scores.errors += 1;
          if (scores.errors <= 3) console.error(`${collection.name} query ${query.id}, ${engine}: ${String(error)}`);
        }
        scores.ap.push(averagePrecision(ranked, judged));
        scores.ndcg.push(ndcg(ranked, judged));
        scores.p10.push(precisionAt(ranked, judged));
      }
    }
    return { collection, evaluated, byEngine, seconds: { index: indexed.indexSeconds, queries: (performance.now() - started) / 1000 } };
  } finally {
    indexed.close();
  }
}

const f3 = (x: number): string => x.toFixed(3);
const pValue = (p: number): string => (p < 0.001 ? '<0.001' : p.toFixed(3));
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

const wanted = option('collection');
if (wanted !== undefined && !(wanted in COLLECTIONS)) {
  throw new Error(`Unknown collection "${wanted}"; one of ${Object.keys(COLLECTIONS).join(', ')}.`);
}
const root = option('bench') ?? benchDir();
const names = wanted === undefined ? Object.keys(COLLECTIONS) : [wanted];
const results: Result[] = [];
for (const name of names) {
  const load = COLLECTIONS[name];
  if (!load) continue;
  const collection = load(root);
  console.log(
    `${name}: loaded ${collection.docs.length} documents, ${collection.queries.length} queries, ${collection.judgements.size} judged queries, ` +
      `${judgedPairs(collection.judgements)} judged pairs (counts checked against its README)`,
  );
  results.push(await evaluate(collection));
}

console.log(`\nTop ${TOP} ranked per query; query text lower-cased, punctuation stripped, the same text for every engine.`);
console.log(`${NDCG_FORMULA}; the gains per collection are listed below. MAP counts every judged doc as relevant.`);
console.log(
  `Ratio's ranking settings (DEFAULT_RANKING, chosen by test/bench/tune-ranking.ts, docs/RANKING.md): ${JSON.stringify(DEFAULT_RANKING)}; the first pass's BM25 k1 1.2, b 0.75 (FTS5's), the re-ranking's k1 and b as set.`,
);
console.log(`Significance: paired randomisation (sign-flip) test on per-query AP, ${ROUNDS} rounds, seed ${SEED}, two-sided p.\n`);

console.log('| collection | documents | judged queries | index s | queries s | nDCG gains                                             |');
console.log('| ---------- | --------- | -------------- | ------- | --------- | ------------------------------------------------------ |');
for (const r of results) {
  const cells = [
    r.collection.name.padEnd(10),
    String(r.collection.docs.length).padStart(9),
    String(r.evaluated).padStart(14),
    r.seconds.index.toFixed(1).padStart(7),
    r.seconds.queries.toFixed(1).padStart(9),
    r.collection.gains.padEnd(54),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

console.log('\n| collection | engine                        | MAP   | nDCG@10 | P@10  | errored queries |');
console.log('| ---------- | ----------------------------- | ----- | ------- | ----- | --------------- |');
for (const r of results) {
  for (const engine of ENGINES) {
    const s = r.byEngine.get(engine);
    if (!s) continue;
    console.log(
      `| ${r.collection.name.padEnd(10)} | ${engine.padEnd(29)} | ${f3(mean(s.ap))} | ${f3(mean(s.ndcg))}   | ${f3(mean(s.p10))} | ${String(s.errors).padEnd(15)} |`,
    );
  }
}

console.log('\n| collection | Ratio − lunr MAP | p (Ratio vs lunr) | BM25 order − lunr MAP | p (BM25 order vs lunr) | Ratio − lunr nDCG@10 |');
console.log('| ---------- | ---------------- | ----------------- | --------------------- | ---------------------- | -------------------- |');
for (const r of results) {
  const ratio = r.byEngine.get(RATIO);
  const bm25 = r.byEngine.get(BM25);
  const theirs = r.byEngine.get(LUNR);
  if (!ratio || !bm25 || !theirs) continue;
  console.log(
    `| ${r.collection.name.padEnd(10)} | ${signed(mean(ratio.ap) - mean(theirs.ap)).padEnd(16)} | ${pValue(pairedRandomisation(ratio.ap, theirs.ap, ROUNDS, SEED)).padEnd(17)} | ` +
      `${signed(mean(bm25.ap) - mean(theirs.ap)).padEnd(21)} | ${pValue(pairedRandomisation(bm25.ap, theirs.ap, ROUNDS, SEED)).padEnd(22)} | ${signed(mean(ratio.ndcg) - mean(theirs.ndcg)).padEnd(20)} |`,
  );
}

if (results.length > 1) {
  console.log(`\nMean over the ${results.length} collections (each collection weighs the same):\n`);
  console.log('| engine                        | MAP   | nDCG@10 | P@10  | errored queries |');
  console.log('| ----------------------------- | ----- | ------- | ----- | --------------- |');
  for (const engine of ENGINES) {
    const per = results.map((r) => r.byEngine.get(engine)).filter((s): s is PerQuery => s !== undefined);
    const errors = per.reduce((n, s) => n + s.errors, 0);
    console.log(
      `| ${engine.padEnd(29)} | ${f3(mean(per.map((s) => mean(s.ap))))} | ${f3(mean(per.map((s) => mean(s.ndcg))))}   | ${f3(mean(per.map((s) => mean(s.p10))))} | ${String(errors).padEnd(15)} |`,
    );
  }
}

if (THESAURUS !== undefined) {
  console.log(`\nExpansion by ${path.basename(THESAURUS)} (Ratio as the app searches, with expansion − without; issue #19 allows at most −0.005 MAP):\n`);
  console.log('| collection | MAP without | MAP with | change | nDCG@10 change |');
  console.log('| ---------- | ----------- | -------- | ------ | -------------- |');
  for (const r of results) {
    const off = r.byEngine.get(RATIO);
    const on = r.byEngine.get(EXPANDED);
    if (!off || !on) continue;
    console.log(
      `| ${r.collection.name.padEnd(10)} | ${f3(mean(off.ap)).padEnd(11)} | ${f3(mean(on.ap)).padEnd(8)} | ${signed(mean(on.ap) - mean(off.ap))} | ${signed(mean(on.ndcg) - mean(off.ndcg)).padEnd(14)} |`,
    );
  }
}

const errored = results.reduce((n, r) => n + [...r.byEngine.values()].reduce((m, s) => m + s.errors, 0), 0);
console.log(`\nErrored queries over every engine and collection: ${errored} (must be 0).`);
if (errored > 0) process.exitCode = 1;

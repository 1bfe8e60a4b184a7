/**
 * The grid search behind DEFAULT_RANKING (electron/search/ranking-settings.ts), over the five
 * collections together: `npm run tune:ranking [-- --bench DIR]`.
 *
 * Each collection is indexed once; for each proximity weight its queries run once without
 * feedback and once per feedback mix (entries × terms × original weight) with feedback on
 * every query. A gate only picks, query by query, which of those two rankings the app would
 * give, so every gate is scored from those runs without searching again (the gate reads the
 * same term count and BM25 scores the engine does). Only the first RERANK_DEPTH hits are
 * searched for each run: the rest keep FTS5's BM25 order, read once per query. Settings are
 * chosen by mean MAP over collections:
 * leave-one-collection-out (choose on four, score the fifth), then on all five subject to no
 * collection below lunr on MAP or nDCG@10.
 */
import { DEFAULT_RANKING, feedbackRuns, RankingSettings, type FeedbackGate } from '../../electron/search/ranking-settings.js';
import { RERANK_DEPTH } from '../../electron/search/relevance-feedback.js';
import { benchDir, COLLECTIONS } from './collections/index.js';
import { indexCollection, plain } from './indexed-collection.js';
import { averagePrecision, mean, ndcg } from './metrics.js';

const root = (() => {
  const i = process.argv.indexOf('--bench');
  return i >= 0 ? (process.argv[i + 1] ?? benchDir()) : benchDir();
})();

interface Mix {
  feedbackEntries: number;
  feedbackTerms: number;
  originalWeight: number;
}
/**
 * The literature's RM3 settings (5/10/0.5; Terrier's 3 entries, Anserini's 10) and a more
 * cautious mix: every mix costs a full run of all queries, so the grid stays small.
 * `--full` runs entries 3/5/10 × terms 10/20/30 × weight 0.5/0.65/0.8 instead.
 */
const MIXES: Mix[] = process.argv.includes('--full')
  ? [3, 5, 10].flatMap((feedbackEntries) =>
      [10, 20, 30].flatMap((feedbackTerms) => [0.5, 0.65, 0.8].map((originalWeight) => ({ feedbackEntries, feedbackTerms, originalWeight }))),
    )
  : [
      { feedbackEntries: 5, feedbackTerms: 10, originalWeight: 0.5 },
      { feedbackEntries: 3, feedbackTerms: 10, originalWeight: 0.5 },
      { feedbackEntries: 10, feedbackTerms: 10, originalWeight: 0.5 },
      { feedbackEntries: 5, feedbackTerms: 20, originalWeight: 0.7 },
    ];
const mixKey = (m: Mix): string => `${m.feedbackEntries}/${m.feedbackTerms}/${m.originalWeight}`;
/** What the proximity of the query's words adds (proximity.ts): none, and around Büttcher and Clarke's weight of 1. */
const PROXIMITY = [0, 0.25, 0.5, 1];

const GATES: FeedbackGate[] = [{ kind: 'never' }, { kind: 'always' }];
for (const maxTerms of [3, 5, 8, 12, 20]) GATES.push({ kind: 'shortQueries', maxTerms });
for (const minRatio of [0.5, 0.6, 0.7, 0.8, 0.9]) GATES.push({ kind: 'resultsAgree', minRatio });
for (const maxTerms of [5, 8, 12]) for (const minRatio of [0.6, 0.7, 0.8]) GATES.push({ kind: 'shortAndAgree', maxTerms, minRatio });
const gateKey = (g: FeedbackGate): string => JSON.stringify(g);

interface QueryRuns {
  terms: number;
  scores: number[];
  /** Without feedback, by proximity weight (at 0 the BM25 order). */
  unfed: Map<number, { ap: number; ndcg: number }>;
  /** With feedback, by proximity weight and mix. */
  byMix: Map<string, { ap: number; ndcg: number }>;
}
interface CollectionRuns {
  name: string;
  queries: QueryRuns[];
  lunr: { map: number; ndcg: number };
}

function runCollection(name: string): CollectionRuns {
  const load = COLLECTIONS[name];
  if (!load) throw new Error(`Unknown collection ${name}`);
  const collection = load(root);
  const indexed = indexCollection(collection);
  const { catalogue } = indexed;
  try {
    const started = performance.now();
    const lunrAp: number[] = [];
    const lunrNdcg: number[] = [];
    const queries: QueryRuns[] = [];
    for (const query of collection.queries) {
      const judged = collection.judgements.get(query.id);
      if (!judged) continue;
      const q = plain(query.text);
      const fromLunr = indexed.lunr(q);
      lunrAp.push(averagePrecision(fromLunr, judged));
      lunrNdcg.push(ndcg(fromLunr, judged));
      const bm25 = indexed.hits(q, { rerank: false });
      // The engine re-ranks the first RERANK_DEPTH only and keeps FTS5's order after them.
      const measured = (gate: FeedbackGate, mix: Mix, proximityWeight: number): { ap: number; ndcg: number } => {
        const ranking = RankingSettings.parse({ ...mix, gate, proximityWeight });
        const top = indexed.hits(q, { rerank: true, ranking, limit: RERANK_DEPTH }).ids;
        const ids = [...top, ...bm25.ids.slice(top.length)];
        return { ap: averagePrecision(ids, judged), ndcg: ndcg(ids, judged) };
      };
      const terms = new Set(catalogue.search.compile(q).matchers.flatMap((m) => [...m.exact])).size;
      const unfed = new Map<number, { ap: number; ndcg: number }>();
      const byMix = new Map<string, { ap: number; ndcg: number }>();
      for (const weight of PROXIMITY) {
        unfed.set(
          weight,
          weight === 0 ? { ap: averagePrecision(bm25.ids, judged), ndcg: ndcg(bm25.ids, judged) } : measured({ kind: 'never' }, MIXES[0] as Mix, weight),
        );
        for (const mix of MIXES) byMix.set(runKey(mix, weight), measured({ kind: 'always' }, mix, weight));
      }
      queries.push({ terms, scores: bm25.scores.slice(0, RERANK_DEPTH), unfed, byMix });
    }
    const perMix = MIXES.map((m) => `always ${mixKey(m)} ${mean(queries.map((x) => x.byMix.get(runKey(m, 0))?.ap ?? 0)).toFixed(3)}`);
    const perWeight = PROXIMITY.slice(1).map((w) => `proximity ${w} ${mean(queries.map((x) => x.unfed.get(w)?.ap ?? 0)).toFixed(3)}`);
    console.log(
      `${name}: ${collection.docs.length} documents, ${queries.length} judged queries, ${((performance.now() - started) / 1000).toFixed(0)} s; MAP lunr ${mean(lunrAp).toFixed(3)}, ` +
        `BM25 ${mean(queries.map((x) => x.unfed.get(0)?.ap ?? 0)).toFixed(3)}, ${[...perWeight, ...perMix].join(', ')}`,
    );
    return { name, queries, lunr: { map: mean(lunrAp), ndcg: mean(lunrNdcg) } };
  } finally {
    indexed.close();
  }
}

interface Candidate {
  gate: FeedbackGate;
  mix: Mix;
  proximityWeight: number;
}
const runKey = (m: Mix, proximityWeight: number): string => `${mixKey(m)} p${proximityWeight}`;
/** MAP and nDCG@10 of a candidate on one collection, and the share of queries feedback ran for. */
function score(c: CollectionRuns, candidate: Candidate): { map: number; ndcg: number; ran: number } {
  let ap = 0;
  let gain = 0;
  let ran = 0;
  for (const q of c.queries) {
    const runs = feedbackRuns(candidate.gate, q.terms, q.scores, candidate.mix.feedbackEntries);
    const r = runs ? q.byMix.get(runKey(candidate.mix, candidate.proximityWeight)) : q.unfed.get(candidate.proximityWeight);
    if (r === undefined) throw new Error(`Candidate ${label(candidate)} was not run`);
    ap += r.ap;
    gain += r.ndcg;
    if (runs) ran += 1;
  }
  const n = Math.max(1, c.queries.length);
  return { map: ap / n, ndcg: gain / n, ran: ran / n };
}

const CANDIDATES: Candidate[] = PROXIMITY.flatMap((proximityWeight) =>
  GATES.flatMap((gate): Candidate[] =>
    gate.kind === 'never' ? [{ gate, mix: MIXES[0] as Mix, proximityWeight }] : MIXES.map((mix) => ({ gate, mix, proximityWeight })),
  ),
);
function label(c: Candidate): string {
  return `proximity ${c.proximityWeight} ${gateKey(c.gate)} ${c.gate.kind === 'never' ? '-' : mixKey(c.mix)}`;
}

/** `--collections a,b` runs those only (the cheap ones first on a busy machine); the choice is meant for all five. */
const names = (() => {
  const i = process.argv.indexOf('--collections');
  return i >= 0 ? (process.argv[i + 1] ?? '').split(',') : Object.keys(COLLECTIONS);
})();
const runs = names.map(runCollection);
const meanMap = (cs: readonly CollectionRuns[], c: Candidate): number => mean(cs.map((x) => score(x, c).map));
const noneBelowLunr = (cs: readonly CollectionRuns[], c: Candidate): boolean =>
  cs.every((x) => {
    const s = score(x, c);
    return s.map >= x.lunr.map && s.ndcg >= x.lunr.ndcg;
  });
/** Best mean MAP among those that keep every collection at or above lunr (all of them if none does); ties keep the earlier (simpler) candidate. */
function choose(cs: readonly CollectionRuns[]): Candidate {
  const fair = CANDIDATES.filter((c) => noneBelowLunr(cs, c));
  const pool = fair.length > 0 ? fair : CANDIDATES;
  return pool.reduce((best, c) => (meanMap(cs, c) > meanMap(cs, best) + 1e-9 ? c : best));
}

console.log(`\nMixes (feedback entries/terms/original weight): ${MIXES.map(mixKey).join(', ')}; proximity weights ${PROXIMITY.join(', ')}`);
console.log(`Gates: ${GATES.map(gateKey).join(', ')}; ${CANDIDATES.length} candidates.\n`);
console.log(`| candidate | ${names.join(' | ')} | mean MAP | none below lunr |`);
console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
for (const c of CANDIDATES) {
  const cells = runs.map((x) => score(x, c).map.toFixed(3));
  console.log(`| ${label(c)} | ${cells.join(' | ')} | ${meanMap(runs, c).toFixed(4)} | ${noneBelowLunr(runs, c) ? 'yes' : 'no'} |`);
}
console.log(`| lunr | ${runs.map((x) => x.lunr.map.toFixed(3)).join(' | ')} | ${mean(runs.map((x) => x.lunr.map)).toFixed(4)} | |`);

console.log('\nLeave-one-collection-out: chosen on the other four, scored on the held-out one.\n');
console.log('| held out | chosen on the other four | held-out MAP | held-out nDCG@10 | lunr MAP | lunr nDCG@10 | feedback ran |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
const heldOut: number[] = [];
for (const out of runs) {
  const chosen = choose(runs.filter((x) => x !== out));
  const s = score(out, chosen);
  heldOut.push(s.map);
  console.log(
    `| ${out.name} | ${label(chosen)} | ${s.map.toFixed(3)} | ${s.ndcg.toFixed(3)} | ${out.lunr.map.toFixed(3)} | ${out.lunr.ndcg.toFixed(3)} | ${(100 * s.ran).toFixed(0)}% |`,
  );
}
console.log(`Mean held-out MAP ${mean(heldOut).toFixed(4)}; lunr ${mean(runs.map((x) => x.lunr.map)).toFixed(4)}.`);

const final = choose(runs);
console.log(
  `\nChosen on all five: ${label(final)}, mean MAP ${meanMap(runs, final).toFixed(4)}, none below lunr: ${noneBelowLunr(runs, final) ? 'yes' : 'no'}.`,
);
const shipped: Candidate = { gate: DEFAULT_RANKING.gate, mix: DEFAULT_RANKING, proximityWeight: DEFAULT_RANKING.proximityWeight };
const inGrid = MIXES.some((m) => mixKey(m) === mixKey(shipped.mix)) && PROXIMITY.includes(shipped.proximityWeight);
console.log(`Shipped DEFAULT_RANKING: ${label(shipped)}, mean MAP ${inGrid ? meanMap(runs, shipped).toFixed(4) : 'not in the grid'}.`);
for (const x of runs) {
  const s = score(x, final);
  console.log(
    `  ${x.name}: MAP ${s.map.toFixed(3)} nDCG@10 ${s.ndcg.toFixed(3)} (lunr ${x.lunr.map.toFixed(3)} / ${x.lunr.ndcg.toFixed(3)}), feedback ran for ${(100 * s.ran).toFixed(0)}% of queries`,
  );
}

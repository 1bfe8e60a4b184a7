/**
 * The grid search behind DEFAULT_RANKING (electron/search/ranking-settings.ts), over the five
 * collections together: `npm run tune:ranking [-- --bench DIR]`.
 *
 * Each collection is indexed once, and each judged query searched once as the app searches it:
 * SearchEngine.rerankingInput gives the first RERANK_DEPTH candidates in FTS5's order and what
 * the re-ranking reads (the texts are read once and kept). The re-ranking (rerankWithFeedback,
 * the function the engine calls) then runs on them for every first pass (BM25's k1 and b ×
 * proximity weight) once without feedback and once per feedback weighting and mix with feedback
 * on every query; the rest of the list keeps FTS5's order, as in the engine. A gate only picks,
 * query by query, which of those two rankings the app would give, so every gate is scored from
 * those runs (the gate reads the same term count and BM25 scores the engine does). Settings are
 * chosen by mean MAP over collections: leave-one-collection-out (choose on four, score the
 * fifth), then on all five subject to no collection below lunr on MAP or nDCG@10.
 */
import type { FeedbackSource, Ranked } from '../../electron/search/relevance-feedback.js';
import { rerankWithFeedback } from '../../electron/search/relevance-feedback.js';
import { DEFAULT_RANKING, feedbackRuns, RankingSettings, type FeedbackGate } from '../../electron/search/ranking-settings.js';
import type { EntryTexts } from '../../electron/search/relevance-feedback.js';
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
 * The literature's RM3 settings (5/10/0.5; Terrier's 3 entries, Anserini's 10), a more
 * cautious mix and a longer expansion. `--full` runs entries 3/5/10 × terms 10/20/30 × weight
 * 0.5/0.65/0.8 instead.
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
      { feedbackEntries: 5, feedbackTerms: 20, originalWeight: 0.5 },
    ];
const mixKey = (m: Mix): string => `${m.feedbackEntries}/${m.feedbackTerms}/${m.originalWeight}`;
const WEIGHTINGS: RankingSettings['feedbackWeighting'][] = ['score', 'softmax'];

/** The first pass: BM25's k1 and b in the re-ranking (Robertson's 1.2–2 and 0.75, Anserini's 0.9 and 0.4) and the proximity weight (none, half and Büttcher and Clarke's 1). */
interface FirstPass {
  k1: number;
  b: number;
  proximityWeight: number;
}
const FIRST_PASSES: FirstPass[] = [0.9, 1.2, 1.6, 2].flatMap((k1) =>
  [0.3, 0.4, 0.5, 0.75].flatMap((b) => [0, 0.5, 1].map((proximityWeight) => ({ k1, b, proximityWeight }))),
);
const firstKey = (f: FirstPass): string => `k1 ${f.k1} b ${f.b} proximity ${f.proximityWeight}`;

const GATES: FeedbackGate[] = [{ kind: 'never' }, { kind: 'always' }];
for (const maxTerms of [3, 5, 8, 12, 20]) GATES.push({ kind: 'shortQueries', maxTerms });
for (const minRatio of [0.5, 0.6, 0.7, 0.8, 0.9]) GATES.push({ kind: 'resultsAgree', minRatio });
for (const maxTerms of [5, 8, 12]) for (const minRatio of [0.6, 0.7, 0.8]) GATES.push({ kind: 'shortAndAgree', maxTerms, minRatio });
const gateKey = (g: FeedbackGate): string => JSON.stringify(g);

interface Measured {
  ap: number;
  ndcg: number;
}
interface QueryRuns {
  terms: number;
  scores: number[];
  /** Without feedback, by first pass. */
  unfed: Map<string, Measured>;
  /** With feedback, by first pass, weighting and mix. */
  fed: Map<string, Measured>;
}
interface CollectionRuns {
  name: string;
  queries: QueryRuns[];
  lunr: { map: number; ndcg: number };
}
const fedKey = (f: FirstPass, weighting: string, m: Mix): string => `${firstKey(f)} ${weighting} ${mixKey(m)}`;

/** The source with every text, length and frequency read once: the runs re-rank the same candidates hundreds of times. */
function remembered(source: FeedbackSource): FeedbackSource {
  const texts = new Map<number, EntryTexts>();
  const lengths = new Map<number, number>();
  const frequencies = new Map<string, number>();
  const collection = source.collection();
  const fill = <T>(known: Map<number, T>, docids: readonly number[], read: (ds: number[]) => Map<number, T>): Map<number, T> => {
    const missing = docids.filter((d) => !known.has(d));
    if (missing.length > 0) for (const [d, v] of read(missing)) known.set(d, v);
    const out = new Map<number, T>();
    for (const d of docids) {
      const v = known.get(d);
      if (v !== undefined) out.set(d, v);
    }
    return out;
  };
  return {
    texts: (docids) => fill(texts, docids, (ds) => source.texts(ds)),
    lengths: (docids) => fill(lengths, docids, (ds) => source.lengths(ds)),
    collection: () => collection,
    documentFrequency: (term) => {
      let n = frequencies.get(term);
      if (n === undefined) {
        n = source.documentFrequency(term);
        frequencies.set(term, n);
      }
      return n;
    },
  };
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
    let source: FeedbackSource | null = null;
    for (const query of collection.queries) {
      const judged = collection.judgements.get(query.id);
      if (!judged) continue;
      const q = plain(query.text);
      const fromLunr = indexed.lunr(q);
      lunrAp.push(averagePrecision(fromLunr, judged));
      lunrNdcg.push(ndcg(fromLunr, judged));
      const bm25 = indexed.hits(q, { rerank: false });
      const input = indexed.rerankingInput(q);
      const terms = new Set(catalogue.search.compile(q).matchers.flatMap((m) => [...m.exact])).size;
      const asIs = { ap: averagePrecision(bm25.ids, judged), ndcg: ndcg(bm25.ids, judged) };
      const unfed = new Map<string, Measured>();
      const fed = new Map<string, Measured>();
      if (input === null) {
        // Not re-ranked: every setting gives FTS5's order.
        for (const f of FIRST_PASSES) {
          unfed.set(firstKey(f), asIs);
          for (const w of WEIGHTINGS) for (const m of MIXES) fed.set(fedKey(f, w, m), asIs);
        }
      } else {
        source ??= remembered(input.source);
        const docOf = new Map(input.candidates.map((c, i) => [c.docid, input.docIds[i] ?? '']));
        const candidates: Ranked[] = input.candidates.map((c) => ({ docid: c.docid, score: c.score }));
        // The engine re-ranks the first RERANK_DEPTH only and keeps FTS5's order after them.
        const measured = (ranking: RankingSettings): Measured => {
          const top = rerankWithFeedback(candidates, input.phrases, input.queryTerms, source as FeedbackSource, ranking, input.queryWords).map(
            (r) => docOf.get(r.docid) ?? '',
          );
          const ids = [...top, ...bm25.ids.slice(top.length)];
          return { ap: averagePrecision(ids, judged), ndcg: ndcg(ids, judged) };
        };
        for (const f of FIRST_PASSES) {
          const base = { ...(MIXES[0] as Mix), ...f, feedbackWeighting: 'score' as const };
          unfed.set(firstKey(f), measured(RankingSettings.parse({ ...base, gate: { kind: 'never' } })));
          for (const feedbackWeighting of WEIGHTINGS)
            for (const m of MIXES)
              fed.set(fedKey(f, feedbackWeighting, m), measured(RankingSettings.parse({ ...f, ...m, feedbackWeighting, gate: { kind: 'always' } })));
        }
      }
      queries.push({ terms, scores: bm25.scores.slice(0, input?.candidates.length ?? 0), unfed, fed });
    }
    const bm25Key = firstKey({ k1: 1.2, b: 0.75, proximityWeight: 0 });
    console.log(
      `${name}: ${collection.docs.length} documents, ${queries.length} judged queries, ${((performance.now() - started) / 1000).toFixed(0)} s; MAP lunr ${mean(lunrAp).toFixed(3)}, ` +
        `BM25 ${mean(queries.map((x) => x.unfed.get(bm25Key)?.ap ?? 0)).toFixed(3)}`,
    );
    return { name, queries, lunr: { map: mean(lunrAp), ndcg: mean(lunrNdcg) } };
  } finally {
    indexed.close();
  }
}

interface Candidate {
  gate: FeedbackGate;
  mix: Mix;
  first: FirstPass;
  weighting: RankingSettings['feedbackWeighting'];
}
/** MAP and nDCG@10 of a candidate on one collection, and the share of queries feedback ran for. */
function score(c: CollectionRuns, candidate: Candidate): { map: number; ndcg: number; ran: number } {
  let ap = 0;
  let gain = 0;
  let ran = 0;
  for (const q of c.queries) {
    const runs = feedbackRuns(candidate.gate, q.terms, q.scores, candidate.mix.feedbackEntries);
    const r = runs ? q.fed.get(fedKey(candidate.first, candidate.weighting, candidate.mix)) : q.unfed.get(firstKey(candidate.first));
    if (r === undefined) throw new Error(`Candidate ${label(candidate)} was not run`);
    ap += r.ap;
    gain += r.ndcg;
    if (runs) ran += 1;
  }
  const n = Math.max(1, c.queries.length);
  return { map: ap / n, ndcg: gain / n, ran: ran / n };
}

const CANDIDATES: Candidate[] = FIRST_PASSES.flatMap((first) =>
  GATES.flatMap((gate): Candidate[] =>
    gate.kind === 'never'
      ? [{ gate, mix: MIXES[0] as Mix, first, weighting: 'score' }]
      : WEIGHTINGS.flatMap((weighting) => MIXES.map((mix) => ({ gate, mix, first, weighting }))),
  ),
);
function label(c: Candidate): string {
  return `${firstKey(c.first)} ${gateKey(c.gate)} ${c.gate.kind === 'never' ? '-' : `${c.weighting} ${mixKey(c.mix)}`}`;
}

/** `--collections a,b` runs those only (the cheap ones first on a busy machine); the choice is meant for all five. */
const names = (() => {
  const i = process.argv.indexOf('--collections');
  return i >= 0 ? (process.argv[i + 1] ?? '').split(',') : Object.keys(COLLECTIONS);
})();
const runs = names.map(runCollection);
/** Every candidate's scores, by collection in `runs` order, worked out once. */
const scores = new Map(CANDIDATES.map((c) => [c, runs.map((x) => score(x, c))]));
const scoresOf = (c: Candidate): { map: number; ndcg: number; ran: number }[] => scores.get(c) ?? runs.map((x) => score(x, c));
const meanMap = (cs: readonly CollectionRuns[], c: Candidate): number => mean(cs.map((x) => scoresOf(c)[runs.indexOf(x)]?.map ?? 0));
const noneBelowLunr = (cs: readonly CollectionRuns[], c: Candidate): boolean =>
  cs.every((x) => {
    const s = scoresOf(c)[runs.indexOf(x)] ?? { map: 0, ndcg: 0 };
    return s.map >= x.lunr.map && s.ndcg >= x.lunr.ndcg;
  });
/** Best mean MAP among those that keep every collection at or above lunr (all of them if none does); ties keep the earlier (simpler) candidate. */
function choose(cs: readonly CollectionRuns[]): Candidate {
  const fair = CANDIDATES.filter((c) => noneBelowLunr(cs, c));
  const pool = fair.length > 0 ? fair : CANDIDATES;
  return pool.reduce((best, c) => (meanMap(cs, c) > meanMap(cs, best) + 1e-9 ? c : best));
}
const row = (c: Candidate): string =>
  `| ${label(c)} | ${scoresOf(c)
    .map((s) => s.map.toFixed(3))
    .join(' | ')} | ${meanMap(runs, c).toFixed(4)} | ${noneBelowLunr(runs, c) ? 'yes' : 'no'} |`;
const header = (): void => {
  console.log(`| candidate | ${names.join(' | ')} | mean MAP | none below lunr |`);
  console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- |`);
};
const byMean = [...CANDIDATES].sort((a, b) => meanMap(runs, b) - meanMap(runs, a));

console.log(`\nFirst passes: k1 × b × proximity weight, ${FIRST_PASSES.map(firstKey).join('; ')}.`);
console.log(`Feedback weightings ${WEIGHTINGS.join(', ')}; mixes (feedback entries/terms/original weight): ${MIXES.map(mixKey).join(', ')}.`);
console.log(`Gates: ${GATES.map(gateKey).join(', ')}; ${CANDIDATES.length} candidates.`);
console.log('\nThe 40 best by mean MAP among those with no collection below lunr on MAP and nDCG@10:\n');
header();
for (const c of byMean.filter((x) => noneBelowLunr(runs, x)).slice(0, 40)) console.log(row(c));
console.log('\nThe 15 best by mean MAP whatever the collections:\n');
header();
for (const c of byMean.slice(0, 15)) console.log(row(c));
console.log('\nWithout feedback (gate never), each first pass:\n');
header();
for (const c of CANDIDATES.filter((x) => x.gate.kind === 'never')) console.log(row(c));
console.log('\nThe best of each first pass (with any gate, weighting and mix) among those with no collection below lunr:\n');
header();
for (const f of FIRST_PASSES) {
  const best = byMean.find((c) => c.first === f && noneBelowLunr(runs, c));
  if (best) console.log(row(best));
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
const shipped = CANDIDATES.find(
  (c) =>
    gateKey(c.gate) === gateKey(DEFAULT_RANKING.gate) &&
    (c.gate.kind === 'never' || (mixKey(c.mix) === mixKey(DEFAULT_RANKING) && c.weighting === DEFAULT_RANKING.feedbackWeighting)) &&
    c.first.k1 === DEFAULT_RANKING.k1 &&
    c.first.b === DEFAULT_RANKING.b &&
    c.first.proximityWeight === DEFAULT_RANKING.proximityWeight,
);
console.log(`Shipped DEFAULT_RANKING: ${shipped ? `${label(shipped)}, mean MAP ${meanMap(runs, shipped).toFixed(4)}` : 'not in the grid'}.`);
for (const x of runs) {
  const s = score(x, final);
  console.log(
    `  ${x.name}: MAP ${s.map.toFixed(3)} nDCG@10 ${s.ndcg.toFixed(3)} (lunr ${x.lunr.map.toFixed(3)} / ${x.lunr.ndcg.toFixed(3)}), feedback ran for ${(100 * s.ran).toFixed(0)}% of queries`,
  );
}

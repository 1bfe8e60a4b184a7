/**
 * What the re-ranking's settings cost a search, measured against each other on one catalogue:
 * `npx tsx test/bench/rerank-cost.ts DIR [--pasted]` on a catalogue bench:search generated
 * (`npm run bench:search -- --entries 10000 --dir DIR`). Queries are the first 1, 2, 3 or 5
 * words of 400 titles (`--pasted`: the first 300 words of 60 bodies); each query runs once
 * under every setting, in a rotating order so none always comes first, as one page of 10 with
 * snippets and without facets. The full bench:search is too noisy on a shared machine to show
 * a millisecond; this compares like with like in one process.
 */
import { Catalogue } from '../../electron/app/catalogue.js';
import { DEFAULT_RANKING, RankingSettings } from '../../electron/search/ranking-settings.js';

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: tsx test/bench/rerank-cost.ts DIR [--pasted]');
const pasted = process.argv.includes('--pasted');
const catalogue = Catalogue.open(dir, { create: false, actor: 'bench' });
const texts = catalogue.db
  .prepare(pasted ? 'SELECT body FROM entries ORDER BY id DESC LIMIT 60' : 'SELECT title FROM entries ORDER BY id LIMIT 400')
  .pluck()
  .all() as string[];
const SETTINGS: [string, RankingSettings][] = [
  [
    'first round (≤ 12 terms, 5/20/0.7, no proximity)',
    RankingSettings.parse({
      gate: { kind: 'shortQueries', maxTerms: 12 },
      feedbackEntries: 5,
      feedbackTerms: 20,
      originalWeight: 0.7,
      proximityWeight: 0,
      k1: 1.2,
      b: 0.75,
      feedbackWeighting: 'score',
    }),
  ],
  [
    'second round (proximity 0.5, ≤ 8 terms, 3/10/0.5)',
    RankingSettings.parse({
      gate: { kind: 'shortQueries', maxTerms: 8 },
      feedbackEntries: 3,
      feedbackTerms: 10,
      originalWeight: 0.5,
      proximityWeight: 0.5,
      k1: 1.2,
      b: 0.75,
      feedbackWeighting: 'score',
    }),
  ],
  ['DEFAULT_RANKING', DEFAULT_RANKING],
  ['DEFAULT_RANKING without proximity', RankingSettings.parse({ ...DEFAULT_RANKING, proximityWeight: 0 })],
];
const times = SETTINGS.map((): number[] => []);
const LENGTHS = [1, 2, 3, 5];
texts.forEach((text, i) => {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const query = words.slice(0, pasted ? 300 : LENGTHS[i % LENGTHS.length]).join(' ');
  for (let k = 0; k < SETTINGS.length; k += 1) {
    const which = (i + k) % SETTINGS.length;
    const ranking = (SETTINGS[which] as [string, RankingSettings])[1];
    const started = performance.now();
    catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 10, facets: false, ranking });
    times[which]?.push(performance.now() - started);
  }
});
const at = (xs: readonly number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
SETTINGS.forEach(([name], i) => {
  const xs = times[i] ?? [];
  console.log(`${name}: ${xs.length} queries, p50 ${at(xs, 0.5).toFixed(1)} ms, p95 ${at(xs, 0.95).toFixed(1)} ms`);
});
catalogue.close();

/**
 * Cross-language retrieval on the demo catalogue plus the generated entries of
 * test/bench/crosslingual/: each judged query runs through Ratio's search as the app runs it,
 * with thesaurus expansion and without, and recall@5, MAP and nDCG@10 are printed for
 *   - cross-language: only hits in the other two languages are ranked, judged against the
 *     relevant entries in those languages;
 *   - monolingual: only hits in the query's language, judged against its relevant entries there.
 * The same queries also run ranked on FTS5's bm25() (the path of a body: field, a phrase of
 * three words or a classification filter), and the top 10 of the two paths are compared.
 * Until the catalogue can import a SKOS thesaurus the expansion rows read "not available".
 * `npm run eval:crosslingual [-- --verbose]`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { loadDemo } from '../../electron/core/services/demo.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { DemoCatalogue } from '../../shared/schemas/demo.js';
import { SearchRequest } from '../../shared/schemas/search.js';
import { averagePrecision, mean, NDCG_FORMULA, ndcg } from './metrics.js';

const HERE = path.join(import.meta.dirname, 'crosslingual');
const LANGUAGES = ['en', 'ru', 'zh'] as const;
type Language = (typeof LANGUAGES)[number];
/** Deep enough that every relevant entry of a query can be ranked; the engine caps a page at 200. */
const DEPTH = 200;
const VERBOSE = process.argv.includes('--verbose');

const Query = z
  .object({
    id: z.string().regex(/^(en|ru|zh)-\d{2}$/),
    language: z.enum(LANGUAGES),
    text: z.string().min(1).max(60),
    relevant: z.array(z.string()).min(1),
  })
  .strict();
type Query = z.infer<typeof Query>;
const QueryFile = z.object({ queries: z.array(Query).min(1) }).strict();
const EntryFile = z.object({ entries: DemoCatalogue.shape.entries }).strict();

/**
 * The concept model and the expansion are being built alongside this script, so both are found
 * by shape: the catalogue's thesaurus (`concepts`, filled by the demo load from
 * resources/demo/thesaurus.ttl) and the search request's `expand` switch. The script compiles and
 * runs without them and uses them once they are merged.
 */
function conceptCount(catalogue: Catalogue): number {
  if (!('concepts' in catalogue)) return 0;
  const concepts: unknown = catalogue.concepts;
  if (typeof concepts !== 'object' || concepts === null) return 0;
  const tree: unknown = (concepts as Record<string, unknown>).tree;
  if (typeof tree !== 'function') return 1;
  const nodes: unknown = (tree as () => unknown).call(concepts);
  return Array.isArray(nodes) ? nodes.length : 1;
}
const expandSwitch = 'expand' in SearchRequest.shape;

type Mode = 'with expansion' | 'without expansion' | 'with expansion, FTS5 path' | 'without expansion, FTS5 path';
interface Scores {
  recall5: number[];
  ap: number[];
  ndcg10: number[];
}
const empty = (): Scores => ({ recall5: [], ap: [], ndcg10: [] });

/** Recall over the first five hits, out of at most five: a ranking that fills its top five with relevant entries scores 1. */
function recallAt5(ranked: readonly string[], judged: ReadonlyMap<string, number>): number {
  if (judged.size === 0) return 0;
  const found = ranked.slice(0, 5).filter((id) => judged.has(id)).length;
  return found / Math.min(5, judged.size);
}

function score(into: Scores, ranked: readonly string[], relevant: readonly string[]): void {
  const judged = new Map(relevant.map((id) => [id, 1]));
  into.recall5.push(recallAt5(ranked, judged));
  into.ap.push(averagePrecision(ranked, judged));
  into.ndcg10.push(ndcg(ranked, judged));
}

async function main(): Promise<void> {
  const resources = findResourcesDir();
  const generated = EntryFile.parse(JSON.parse(fs.readFileSync(path.join(HERE, 'entries.json'), 'utf8')));
  const { queries } = QueryFile.parse(JSON.parse(fs.readFileSync(path.join(HERE, 'queries.json'), 'utf8')));
  const demo = DemoCatalogue.parse(JSON.parse(fs.readFileSync(path.join(resources, 'demo', 'catalogue.json'), 'utf8')));

  const languageOf = new Map<string, Language>();
  for (const e of [...demo.entries, ...generated.entries]) {
    const language = LANGUAGES.find((l) => l === e.language);
    if (!language) throw new Error(`Entry ${e.id} has language "${e.language}", not one of ${LANGUAGES.join(', ')}.`);
    if (languageOf.has(e.id)) throw new Error(`Entry id ${e.id} occurs twice.`);
    languageOf.set(e.id, language);
  }
  for (const q of queries) {
    for (const id of q.relevant) if (!languageOf.has(id)) throw new Error(`Query ${q.id} judges unknown entry ${id}.`);
    for (const l of LANGUAGES) {
      if (!q.relevant.some((id) => languageOf.get(id) === l)) throw new Error(`Query ${q.id} has no relevant entry in ${l}.`);
    }
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-eval-crosslingual-'));
  const catalogue = Catalogue.open(path.join(dir, 'catalogue'), { create: true, actor: 'eval' });
  try {
    // Loaded as the app loads it (the demo load also imports the demo thesaurus once that exists).
    const client = createLocalClient(createHandlers(catalogue, { resourcesDir: () => resources }));
    await client.call('catalogue.loadDemo', {});
    // The generated entries go through the same loader, from a folder shaped like the demo's.
    const extra = path.join(dir, 'crosslingual');
    fs.mkdirSync(extra);
    fs.writeFileSync(path.join(extra, 'catalogue.json'), JSON.stringify({ enterprises: [], tags: [], entries: generated.entries, adoptions: [], links: [] }));
    const added = loadDemo(catalogue, extra);

    const concepts = conceptCount(catalogue);
    const expansion = concepts > 0 && expandSwitch;

    const search = async (text: string, mode: Mode): Promise<string[]> => {
      const expand = mode.startsWith('with ');
      if (mode.endsWith('FTS5 path')) {
        // The path a query takes with a body: field, a phrase of three words or a classification
        // filter: FTS5's bm25() ranks, not the impact postings. Asked of the engine, as the
        // request has no such switch.
        await catalogue.search.prepareFacets();
        const result = catalogue.search.search({ query: text, filters: {}, sort: 'relevance', limit: DEPTH, facets: false, expand, impact: false });
        return result.hits.map((h) => h.id);
      }
      const request: Record<string, unknown> = { query: text, limit: DEPTH, facets: false };
      if (expansion) request.expand = expand;
      // Checked by the API boundary like any request; `expand` is only sent when the schema has it.
      const result = await client.call('search.query', request);
      return result.hits.map((h) => h.id);
    };

    const modes: Mode[] = expansion
      ? ['with expansion', 'without expansion', 'with expansion, FTS5 path', 'without expansion, FTS5 path']
      : ['without expansion'];
    const cross = new Map<Mode, Map<Language, Scores>>(modes.map((m) => [m, new Map(LANGUAGES.map((l) => [l, empty()]))]));
    const mono = new Map<Mode, Map<Language, Scores>>(modes.map((m) => [m, new Map(LANGUAGES.map((l) => [l, empty()]))]));
    // How alike the two paths rank the same query, expanded and not: the top 10 in the same order, and shared.
    const paths = new Map([true, false].map((expanded) => [expanded, { sameTop10: 0, overlap10: [] as number[] }]));
    for (const q of queries) {
      const top10 = new Map<Mode, string[]>();
      for (const mode of modes) {
        const ranked = await search(q.text, mode);
        top10.set(mode, ranked.slice(0, 10));
        const other = ranked.filter((id) => languageOf.get(id) !== q.language);
        const same = ranked.filter((id) => languageOf.get(id) === q.language);
        const crossScores = cross.get(mode)?.get(q.language);
        const monoScores = mono.get(mode)?.get(q.language);
        if (!crossScores || !monoScores) continue;
        score(
          crossScores,
          other,
          q.relevant.filter((id) => languageOf.get(id) !== q.language),
        );
        score(
          monoScores,
          same,
          q.relevant.filter((id) => languageOf.get(id) === q.language),
        );
        if (VERBOSE) {
          const r = crossScores.recall5.at(-1) ?? 0;
          console.log(
            `${q.id} ${mode.padEnd(17)} cross R@5 ${r.toFixed(2)}  "${q.text}"  top: ${other
              .slice(0, 5)
              .map((id) => languageOf.get(id))
              .join(',')}`,
          );
        }
      }
      for (const [expanded, agreement] of paths) {
        const impact = top10.get(expanded ? 'with expansion' : 'without expansion');
        const fts5 = top10.get(expanded ? 'with expansion, FTS5 path' : 'without expansion, FTS5 path');
        if (!impact || !fts5) continue;
        if (impact.join() === fts5.join()) agreement.sameTop10 += 1;
        agreement.overlap10.push(impact.length === 0 ? 1 : fts5.filter((id) => impact.includes(id)).length / impact.length);
      }
    }

    const counts = LANGUAGES.map((l) => `${queries.filter((q) => q.language === l).length} ${l}`).join(', ');
    const crossPairs = queries.reduce((n, q) => n + q.relevant.filter((id) => languageOf.get(id) !== q.language).length, 0);
    console.log(
      `Catalogue: ${demo.entries.length} demo entries + ${added.entriesAdded} generated; ${queries.length} queries (${counts}), ` +
        `${crossPairs} cross-language and ${queries.reduce((n, q) => n + q.relevant.length, 0) - crossPairs} same-language relevance judgements.`,
    );
    console.log(
      `expansion: ${expansion ? `available (${concepts} concepts loaded)` : `not available (${concepts > 0 ? `${concepts} concepts but no \`expand\` search option` : 'no thesaurus in the catalogue'})`}`,
    );
    console.log(
      `Top ${DEPTH} hits per query through search.query, as the app searches. Cross-language: same-language hits removed before scoring; monolingual: the reverse.`,
    );
    console.log(`recall@5 = relevant in the top 5 / min(5, relevant); MAP over every judged entry; ${NDCG_FORMULA}.\n`);

    const f3 = (x: number): string => x.toFixed(3);
    const row = (label: string, s: Scores | undefined): string =>
      s
        ? `| ${label.padEnd(42)} | ${f3(mean(s.recall5))}    | ${f3(mean(s.ap))} | ${f3(mean(s.ndcg10))}   |`
        : `| ${label.padEnd(42)} | n/a      | n/a   | n/a     |`;
    const pooled = (by: Map<Language, Scores> | undefined): Scores | undefined => {
      if (!by) return undefined;
      const all = empty();
      for (const s of by.values()) {
        all.recall5.push(...s.recall5);
        all.ap.push(...s.ap);
        all.ndcg10.push(...s.ndcg10);
      }
      return all;
    };
    console.log('| run                                        | recall@5 | MAP   | nDCG@10 |');
    console.log('| ------------------------------------------ | -------- | ----- | ------- |');
    for (const [label, by] of [
      ['cross-language, with expansion', cross.get('with expansion')],
      ['cross-language, without expansion', cross.get('without expansion')],
      ['monolingual, with expansion', mono.get('with expansion')],
      ['monolingual, without expansion', mono.get('without expansion')],
      ['cross-language, with expansion, FTS5 path', cross.get('with expansion, FTS5 path')],
      ['monolingual, with expansion, FTS5 path', mono.get('with expansion, FTS5 path')],
    ] as const) {
      console.log(row(label, pooled(by)));
      for (const l of LANGUAGES) console.log(row(`  queries typed in ${l}`, by?.get(l)));
    }

    for (const [expanded, agreement] of paths) {
      if (agreement.overlap10.length === 0) continue;
      console.log(
        `${expanded ? '\n' : ''}FTS5 path against the impact path, ${expanded ? 'with' : 'without'} expansion: the same top 10 in the same order for ` +
          `${agreement.sameTop10} of ${agreement.overlap10.length} queries; ${f3(mean(agreement.overlap10))} of the impact path's top 10 in the FTS5 path's, on average.`,
      );
    }

    const crossWith = pooled(cross.get('with expansion'));
    const monoWith = pooled(mono.get('with expansion'));
    if (crossWith && monoWith) {
      const r = mean(crossWith.recall5);
      const m = mean(monoWith.recall5);
      console.log(
        `\nTarget: cross-language recall@5 with expansion ≥ 0.8 and ≥ 0.8 × monolingual (${f3(0.8 * m)}): ${f3(r)} → ${r >= 0.8 && r >= 0.8 * m ? 'met' : 'NOT met'}.`,
      );
    } else {
      console.log('\nTarget (cross-language recall@5 with expansion ≥ 0.8 and ≥ 0.8 × monolingual): not measurable without expansion.');
    }
  } finally {
    catalogue.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();

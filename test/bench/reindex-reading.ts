/**
 * Reading during a re-index: `npm run bench:reindex-reading -- [--entries N] [--interval MS] [--queries Q]`.
 *
 * Generates a synthetic catalogue (title ~8 words, summary ~40, body ~300, Zipfian words,
 * 3 tags of 60), then sends the library's requests through the real handlers as the desktop
 * core gets them (reindexInBackground on): `search.query` without facets and, every third
 * request, `search.facets`, one every `--interval` ms on a fixed timetable whether or not the
 * previous answer has come. A request's latency is from its time on the timetable to its
 * answer, so time spent waiting for a re-index batch to let go of the thread counts.
 *
 * It times the same requests twice: with the index current, then while the index is marked
 * as another pipeline's and re-indexed between requests, and prints p50/p95/max of both, the
 * longest the event loop was held in each phase, and the re-index's rate against a
 * synchronous reindexAll() of the same catalogue. It asserts nothing: figures for the notes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { newId } from '../../electron/core/ids.js';
import { INDEX_VERSION_KEY } from '../../electron/search/indexer.js';
import { PIPELINE_VERSION } from '../../electron/search/pipeline.js';
import type { EntrySnapshot } from '../../shared/schemas/entry.js';
import { option, rng } from './bench-args.js';

const N = Number(option('entries', '10000'));
/** About a person typing fast with the library asking facets too: a fifth of a core's time at 10,000 entries. */
const INTERVAL = Number(option('interval', '40'));
const QUERIES = Number(option('queries', '300'));

/** A made-up vocabulary of pronounceable words, drawn with a Zipfian skew. */
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tor', 'vel', 'sin', 'dra', 'pu', 'rem', 'gla', 'fen', 'ost', 'bri', 'cu', 'zan'];
const VOCABULARY = (() => {
  const r = rng(7);
  const words = new Set<string>();
  while (words.size < 8000) {
    let word = '';
    const parts = 2 + Math.floor(r() * 3);
    for (let k = 0; k < parts; k += 1) word += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    words.add(word);
  }
  return [...words];
})();
const word = (r: () => number): string => VOCABULARY[Math.floor(VOCABULARY.length * r() ** 2.5)] as string;
const text = (r: () => number, n: number): string => Array.from({ length: n }, () => word(r)).join(' ');

function snapshot(i: number): EntrySnapshot {
  const r = rng(1000 + i);
  const tag = (): string => `area${Math.floor(r() * 6)}/topic${Math.floor(r() * 60)}`;
  return {
    kind: (['proposal', 'invention', 'method'] as const)[i % 3] as EntrySnapshot['kind'],
    title: text(r, 8),
    summary: text(r, 40),
    body: text(r, 300),
    status: (['draft', 'submitted', 'accepted'] as const)[i % 3] as EntrySnapshot['status'],
    language: 'en',
    enterprise: null,
    registration: `RP-${i}`,
    authors: [`Author ${word(r)}`],
    tags: [...new Set([tag(), tag(), tag()])],
    classification: [],
    attachments: [],
  };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** One query per request: a word of the middle of the vocabulary, or two, so the answers are neither empty nor everything. */
function querySet(count: number): string[] {
  const r = rng(99);
  const pick = (): string => VOCABULARY[50 + Math.floor(r() * 2000)] as string;
  return Array.from({ length: count }, (_, i) => (i % 4 === 3 ? `${pick()} ${pick()}` : pick()));
}

interface Phase {
  latencies: number[];
  /** Of those, the answers that said a re-index was running. */
  flagged: number;
  maxLoopMs: number;
  seconds: number;
}

/**
 * Sends the queries on the timetable, each once, or round and round until `stop()` says so
 * (asked as each is due), and waits for every answer.
 */
async function timetable(client: ReturnType<typeof createLocalClient>, queries: readonly string[], stop: (() => boolean) | null = null): Promise<Phase> {
  const latencies: number[] = [];
  let flagged = 0;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now();
  const answers: Promise<void>[] = [];
  for (let i = 0; ; i += 1) {
    const due = start + i * INTERVAL;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (stop === null ? i >= queries.length : stop()) break;
    const query = queries[i % queries.length] as string;
    const request =
      i % 3 === 2
        ? client.call('search.facets', { query }).then(() => undefined)
        : client.call('search.query', { query, limit: 50, facets: false }).then((found) => {
            if (found.reindexing) flagged += 1;
          });
    answers.push(request.then(() => void latencies.push(performance.now() - due)));
  }
  await Promise.all(answers);
  loop.disable();
  return { latencies, flagged, maxLoopMs: loop.max / 1e6, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-reindex-reading-'));
  const catalogue = Catalogue.open(dir, { create: true, actor: 'bench' });
  try {
    catalogue.search.ensureCurrent();
    const generated = performance.now();
    for (let i = 0; i < N; i += 2000) {
      catalogue.transaction(() => {
        for (let j = i; j < Math.min(N, i + 2000); j += 1) {
          const createdAt = `20${String(10 + (j % 15))}-01-01T00:00:00.000Z`;
          catalogue.entryRepo.write(newId(), snapshot(j), { createdAt, updatedAt: createdAt, revision: 1 }, true);
        }
      });
    }
    process.stderr.write(`generated ${N} entries in ${((performance.now() - generated) / 1000).toFixed(1)} s\n`);
    const client = createLocalClient(createHandlers(catalogue, { resourcesDir: findResourcesDir, reindexInBackground: true }));
    const queries = querySet(QUERIES);
    // Warm up: the facet store, the page cache, the statements.
    await timetable(client, queries.slice(0, 30));

    const before = await timetable(client, queries);

    const sync = performance.now();
    catalogue.searchIndexer?.reindexAll();
    const syncSeconds = (performance.now() - sync) / 1000;

    catalogue.db.prepare('UPDATE settings SET value = ? WHERE key = ?').run(String(PIPELINE_VERSION - 1), INDEX_VERSION_KEY);
    const started = performance.now();
    let backgroundSeconds = Number.NaN;
    let finished = false;
    // The first request starts the re-index (as the app's first search does); the timetable runs until it is done.
    const firstAnswer = await client.call('search.query', { query: queries[0], limit: 50, facets: false });
    if (!firstAnswer.reindexing) throw new Error('the index was not re-indexed in the background');
    const outcome: { failure: Error | null } = { failure: null };
    void catalogue.search.reindexInBackground().then(
      () => {
        backgroundSeconds = (performance.now() - started) / 1000;
        finished = true;
      },
      (error: unknown) => {
        outcome.failure = error instanceof Error ? error : new Error('the background re-index failed');
        finished = true;
      },
    );
    const during = await timetable(client, queries, () => finished);
    if (outcome.failure) throw outcome.failure;

    const row = (name: string, p: Phase): string =>
      `| ${name} | ${p.latencies.length} | ${percentile(p.latencies, 50).toFixed(1)} | ${percentile(p.latencies, 95).toFixed(1)} | ${Math.max(...p.latencies).toFixed(1)} | ${p.maxLoopMs.toFixed(1)} |`;
    const p95Before = percentile(before.latencies, 95);
    const p95During = percentile(during.latencies, 95);
    console.log(`\nReading during a re-index: ${N.toLocaleString('en')} entries, one request every ${INTERVAL} ms (search.query, every third search.facets)\n`);
    console.log('| phase | requests | p50 ms | p95 ms | max ms | event loop held, max ms |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    console.log(row('index current', before));
    console.log(row('re-indexing in the background', during));
    console.log(`\np95 during / before: ${(p95During / p95Before).toFixed(2)}× (issue #21 asks ≤ 3×); answers flagged reindexing: ${during.flagged}`);
    console.log(
      `re-index: in the background ${backgroundSeconds.toFixed(1)} s (${Math.round(N / backgroundSeconds).toLocaleString('en')} entries/s while answering), ` +
        `reindexAll() alone ${syncSeconds.toFixed(1)} s (${Math.round(N / syncSeconds).toLocaleString('en')} entries/s)`,
    );
  } finally {
    catalogue.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();

// Exchange benchmark (a script, not a timed test): `npm run bench:exchange [-- --runs N] [--big]`.
// 10,000 entries with 1,000 attachments (~50 MB): export time, verify+import time, and the
// import against a baseline measured in the same run on the same bundle (issue #21: ≤ 1.5×).
// --big: a ~1 GB bundle of large attachments: peak RSS growth while importing it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Catalogue } from '../../electron/app/catalogue.js';
import { exportBundle } from '../../electron/exchange/export-bundle.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';
import { describeSelection } from '../../electron/exchange/selection.js';
import { BASELINE_SCOPE, baselineImport } from './exchange-baseline.js';
import { median, perSecond, type RunTiming } from './exchange-figures.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-bench-exchange-'));
/** `--reuse DIR` keeps the populated source catalogue (and its keys) in DIR between runs, to profile export and import alone. */
const reuseAt = process.argv.indexOf('--reuse');
const reuse = reuseAt >= 0 ? path.resolve(String(process.argv[reuseAt + 1])) : null;
process.env.RATIO_KEYS_DIR = path.join(reuse ?? root, 'keys');
const big = process.argv.includes('--big');
/** `--entries N --attachments M` scale the standard case down (or up) for profiling. */
function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} takes a whole number`);
  return value;
}
const entryCount = flag('--entries', 10_000);
const attachmentCount = flag('--attachments', 1_000);
/** `--runs N` repeats export and import N times and prints each run and the medians: one run on a shared machine varies by ±15 %. */
const runs = Math.max(1, flag('--runs', 1));

/** Wraps the catalogue's search indexer so the time spent indexing can be reported. */
function timeIndexing(catalogue: Catalogue): { seconds: () => number } {
  const indexer = catalogue.searchIndexer;
  let spent = 0n;
  if (indexer) {
    const original = indexer.indexEntries.bind(indexer);
    indexer.indexEntries = (ids) => {
      const start = process.hrtime.bigint();
      try {
        original(ids);
      } finally {
        spent += process.hrtime.bigint() - start;
      }
    };
  }
  return { seconds: () => Number(spent) / 1e9 };
}

const words = 'steam cloth press fulling raising cropping decatising grade wool drape shrinkage roller cylinder batch foreman route card fault'.split(' ');
const text = (n: number, seed: number): string => Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 13) % words.length]).join(' ');

function seconds(start: bigint): string {
  return (Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);
}

function populate(dir: string, entries: number, attachments: number, attachmentBytes: number): Catalogue {
  const catalogue = Catalogue.open(dir, { create: true, actor: 'bench' });
  catalogue.transaction(() => {
    for (let i = 0; i < entries; i += 1) {
      const e = catalogue.entryService.create({
        kind: i % 3 === 0 ? 'proposal' : i % 3 === 1 ? 'invention' : 'method',
        title: `Method ${i}: ${text(6, i)}`,
        summary: text(40, i),
        body: text(300, i),
        status: 'implemented',
        language: 'en',
        enterprise: `Enterprise ${i % 50}`,
        registration: `RP-${i}`,
        authors: [`Author ${i % 300}`],
        tags: [`textiles/t${i % 40}`, `quality/q${i % 7}`],
        classification: ['D06C 23/04'],
      });
      if (i < attachments) catalogue.addAttachment(e.id, `drawing-${i}.bin`, crypto.randomBytes(attachmentBytes), 'application/octet-stream');
    }
  });
  return catalogue;
}

/** The baseline on a fresh catalogue: the same bundle unzipped and its rows and postings written, nothing checked. */
async function baseline(bundle: string): Promise<number> {
  const catalogue = Catalogue.open(path.join(root, 'baseline'), { create: true, actor: 'bench' });
  const indexing = timeIndexing(catalogue);
  const t0 = process.hrtime.bigint();
  const result = await baselineImport(catalogue, bundle, 'bench');
  const baselineSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  catalogue.close();
  console.log(
    `baseline:        ${baselineSeconds.toFixed(2)} s  (${result.entries} entries, ${result.attachments} attachments; ${perSecond(result.entries, baselineSeconds)} entries/s)`,
  );
  console.log(
    `  unzip + parse + blob files ${result.readSeconds.toFixed(2)} s; rows + postings ${result.writeSeconds.toFixed(2)} s, of which search indexing ${indexing.seconds().toFixed(2)} s`,
  );
  return baselineSeconds;
}

async function standard(run: number): Promise<RunTiming> {
  const t0 = process.hrtime.bigint();
  const sourceDir = reuse ? path.join(reuse, `source-${entryCount}-${attachmentCount}`) : path.join(root, 'source');
  const source = fs.existsSync(sourceDir)
    ? Catalogue.open(sourceDir, { create: false, actor: 'bench' })
    : populate(sourceDir, entryCount, attachmentCount, 50 * 1024);
  console.log(`setup: ${entryCount} entries, ${attachmentCount} attachments of 50 KiB in ${seconds(t0)} s`);
  const out = path.join(root, 'ten-thousand.ratio');
  const t1 = process.hrtime.bigint();
  const exported = await exportBundle(source, { out, selection: describeSelection({}) });
  const exportSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  console.log(
    `export:          ${exportSeconds.toFixed(2)} s  (${exported.entries} entries, ${exported.attachments} attachments, ${(exported.bytes / 1e6).toFixed(1)} MB; target ≤ 5 s)`,
  );
  source.close();
  // Alternate which goes first, so neither always finds the other's leftovers (page cache, heap) or a cold start.
  const baselineFirst = run % 2 === 0;
  const baselineSeconds = baselineFirst ? await baseline(out) : 0;
  const target = Catalogue.open(path.join(root, 'target'), { create: true, actor: 'bench' });
  const indexing = timeIndexing(target);
  const t2 = process.hrtime.bigint();
  const report = await importBundle(target, out, { dryRun: false, onConflict: 'keep-local', trust: true, actor: 'bench' });
  const importSeconds = Number(process.hrtime.bigint() - t2) / 1e9;
  console.log(
    `verify + import: ${importSeconds.toFixed(2)} s  (${report.new} new, ${report.attachments} attachments; ${perSecond(report.new, importSeconds)} entries/s; target ≤ 8 s)`,
  );
  console.log(`  of which search indexing: ${indexing.seconds().toFixed(2)} s (${((100 * indexing.seconds()) / importSeconds).toFixed(0)} %)`);
  const t3 = process.hrtime.bigint();
  const again = await importBundle(target, out, { dryRun: false, onConflict: 'keep-local', trust: false, actor: 'bench' });
  console.log(`re-import:       ${seconds(t3)} s  (${again.message})`);
  target.close();
  const baselineAfter = baselineFirst ? baselineSeconds : await baseline(out);
  console.log(`  baseline is ${BASELINE_SCOPE}`);
  console.log(`import / baseline: ${(importSeconds / baselineAfter).toFixed(2)}×  (target ≤ 1.5; baseline ran ${baselineFirst ? 'first' : 'second'})`);
  return { exportSeconds, importSeconds, baselineSeconds: baselineAfter };
}

async function huge(): Promise<void> {
  const t0 = process.hrtime.bigint();
  const source = populate(path.join(root, 'big-source'), 200, 20, 50 * 1024 * 1024);
  const out = path.join(root, 'one-gigabyte.ratio');
  const exported = await exportBundle(source, { out, selection: describeSelection({}) });
  source.close();
  console.log(`big bundle: ${(exported.bytes / 1e9).toFixed(2)} GB (${exported.attachments} attachments of 50 MiB), built in ${seconds(t0)} s`);
  const target = Catalogue.open(path.join(root, 'big-target'), { create: true, actor: 'bench' });
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t1 = process.hrtime.bigint();
  const report = await importBundle(target, out, { dryRun: false, onConflict: 'keep-local', trust: true, actor: 'bench' });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(`big import: ${seconds(t1)} s, ${report.new} entries, ${report.attachments} attachments`);
  console.log(`peak RSS growth during import: ${((peak - baseline) / 1024 / 1024).toFixed(1)} MB (target ≤ 200 MB)`);
  target.close();
}

try {
  const timings: RunTiming[] = [];
  for (let run = 1; run <= runs; run += 1) {
    if (runs > 1) console.log(`run ${run} of ${runs}`);
    timings.push(await standard(run));
    // The next run imports into a fresh target (and baseline) and exports the same source again.
    fs.rmSync(path.join(root, 'target'), { recursive: true, force: true });
    fs.rmSync(path.join(root, 'baseline'), { recursive: true, force: true });
  }
  if (runs > 1) {
    const list = (values: number[]): string => values.map((v) => v.toFixed(2)).join(', ');
    console.log(
      `medians of ${runs} runs: export ${median(timings.map((t) => t.exportSeconds)).toFixed(2)} s (${list(timings.map((t) => t.exportSeconds))}); verify + import ${median(timings.map((t) => t.importSeconds)).toFixed(2)} s (${list(timings.map((t) => t.importSeconds))})`,
    );
    const importMedian = median(timings.map((t) => t.importSeconds));
    const baselineMedian = median(timings.map((t) => t.baselineSeconds));
    console.log(
      `  baseline ${baselineMedian.toFixed(2)} s (${list(timings.map((t) => t.baselineSeconds))}); entries/s: import ${perSecond(entryCount, importMedian)}, baseline ${perSecond(entryCount, baselineMedian)}`,
    );
    console.log(
      `  import / baseline: ${median(timings.map((t) => t.importSeconds / t.baselineSeconds)).toFixed(2)}× median of the runs' ratios (${list(timings.map((t) => t.importSeconds / t.baselineSeconds))}; target ≤ 1.5)`,
    );
  }
  if (big) await huge();
  else console.log('(run with --big for the 1 GB streaming case)');
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

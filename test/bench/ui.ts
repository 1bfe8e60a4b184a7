/**
 * UI benchmark: the library in real Chromium against the browser host on a large
 * catalogue. Prints, for N entries: library first paint after navigation, keystroke to
 * updated results painted (p50/p95), and opening an entry (p50/p95), side by side with the
 * bare API round trip for the same queries as the baseline measured in the same run.
 *
 *   npm run bench:ui -- --entries 100000
 *
 * The catalogue is the search benchmark's synthetic one (`npm run bench:search`), which
 * that script generates once per size into the same folder and reuses; run here if missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { Catalogue } from '../../electron/core/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost } from '../../electron/host/server.js';
import { launchBrowser } from '../e2e/harness.js';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
const entries = Number(values.entries);
const rounds = Number(values.rounds);
if (!Number.isInteger(entries) || entries < 1) throw new Error('--entries must be a positive whole number');

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;

interface PageGlobals {
  document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
  requestAnimationFrame(cb: () => void): void;
  performance: { now(): number };
}

const rendererDir = path.resolve('dist/renderer');
if (!fs.existsSync(path.join(rendererDir, 'index.html'))) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });

const dir = path.join(os.tmpdir(), `ratio-bench-${entries}`);
if (!fs.existsSync(path.join(dir, 'bench-entries.txt'))) {
  execFileSync('npx', ['tsx', 'test/bench/bench-search.ts', '--entries', String(entries), '--dir', dir, '--queries', '5'], { stdio: 'inherit' });
}
const catalogue = Catalogue.open(dir, { create: false });
const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir });
const host = await startHost({ handlers, rendererDir, attachment: (sha) => catalogue.attachmentFile(sha) });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });

// First paint: navigation to the first page of results painted.
const firstPaint: number[] = [];
for (let i = 0; i < rounds; i += 1) {
  const start = Date.now();
  await page.goto(host.url);
  await page.waitForSelector('ul[data-query=""] li');
  await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve())));
  firstPaint.push(Date.now() - start);
}

// Keystrokes: each letter of these queries is typed; the time runs from just before the key
// is pressed to the frame after the results for the new text are in the DOM.
const sample = await handlers['entries.list']({ limit: 8, offset: 0 });
const words = sample.entries.map((e) => e.title.split(' ').slice(0, 2).join(' '));
const openQuery = words[0]?.split(' ')[0] ?? '';
const keystroke: number[] = [];
const api: number[] = [];
const search = page.getByRole('searchbox', { name: 'Search' });
for (const word of words) {
  await search.fill('');
  await page.waitForSelector('ul[data-query=""]');
  let typed = '';
  for (const char of word) {
    typed += char;
    const waiting = page.evaluate(
      (expected) =>
        new Promise<number>((resolve) => {
          const g = globalThis as unknown as PageGlobals;
          const start = g.performance.now();
          const poll = (): void => {
            if (g.document.querySelector('ul[role=list]')?.getAttribute('data-query') === expected) {
              g.requestAnimationFrame(() => resolve(g.performance.now() - start));
            } else g.requestAnimationFrame(poll);
          };
          poll();
        }),
      typed,
    );
    await search.press(char === ' ' ? 'Space' : char);
    keystroke.push(await waiting);
    const t0 = performance.now();
    await handlers['search.query']({ query: typed, filters: {}, sort: 'relevance', limit: 50, facets: true });
    api.push(performance.now() - t0);
  }
}

// Opening an entry: from the click to its title painted.
const opening: number[] = [];
await search.fill(openQuery);
await page.waitForSelector(`ul[data-query="${openQuery}"] li`);
for (let i = 0; i < 10; i += 1) {
  const hit = page.locator('ul[role=list] li a').nth(i);
  const href = await hit.getAttribute('href');
  const start = Date.now();
  await hit.click();
  await page.waitForSelector('#entry-title');
  await page.evaluate(() => new Promise<void>((resolve) => (globalThis as unknown as PageGlobals).requestAnimationFrame(() => resolve())));
  opening.push(Date.now() - start);
  if (!href) break;
  await page.goBack();
  await page.waitForSelector(`ul[data-query="${openQuery}"] li`);
}

console.log(`\nUI benchmark on ${entries.toLocaleString('en')} entries (Chromium ${browser.version()})\n`);
console.log('measure                              p50        p95      target');
console.log(`library first paint             ${fmt(percentile(firstPaint, 50))} ${fmt(percentile(firstPaint, 95))}   ≤ 1500 ms`);
console.log(`keystroke → results painted     ${fmt(percentile(keystroke, 50))} ${fmt(percentile(keystroke, 95))}   ≤  150 ms`);
console.log(`  baseline: search API alone    ${fmt(percentile(api, 50))} ${fmt(percentile(api, 95))}`);
console.log(`open entry                      ${fmt(percentile(opening, 50))} ${fmt(percentile(opening, 95))}   ≤  100 ms`);
console.log(`\nsamples: ${firstPaint.length} first paints, ${keystroke.length} keystrokes, ${opening.length} openings`);

await browser.close();
await host.close();
catalogue.close();

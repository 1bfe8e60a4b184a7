/**
 * UI benchmark: the library in real Chromium against the browser host on a large
 * catalogue. Prints, for N entries: library first paint after navigation, keystroke to
 * updated results painted (p50/p95), and opening an entry (p50/p95), side by side with the
 * bare API round trip for the same queries as the baseline measured in the same run.
 *
 *   npm run bench:ui -- --entries 100000 [--dir CATALOGUE] [--rounds R]
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
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost } from '../../electron/host/server.js';
import { launchBrowser } from '../e2e/harness.js';

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '10' }, dir: { type: 'string' } },
});
const entries = Number(values.entries);
const rounds = Number(values.rounds);
if (!Number.isInteger(entries) || entries < 1) throw new Error('--entries must be a positive whole number');

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (ms: number): string => `${ms.toFixed(1).padStart(7)} ms`;

const rendererDir = path.resolve('dist/renderer');
if (!fs.existsSync(path.join(rendererDir, 'index.html'))) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });

const dir = values.dir ?? path.join(os.tmpdir(), `ratio-bench-${entries}`);
if (!fs.existsSync(path.join(dir, 'bench-entries.txt'))) {
  execFileSync('npx', ['tsx', 'test/bench/bench-search.ts', '--entries', String(entries), '--dir', dir, '--queries', '5'], { stdio: 'inherit' });
}
const catalogue = Catalogue.open(dir, { create: false });
const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir });
// The baseline asks through its own connection: the host's engine has just answered the same
// text and would answer again from memory, which would time nothing.
const baselineCatalogue = Catalogue.open(dir, { create: false });
const baseline = createHandlers(baselineCatalogue, { resourcesDir: findResourcesDir });
const host = await startHost({ handlers, rendererDir, attachment: (sha) => catalogue.attachmentFile(sha) });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });

// First paint: from the navigation's start (the page's time origin) to the frame after the
// first page of results is in the DOM, read inside the page.
const firstPaint: number[] = [];
for (let i = 0; i < rounds; i += 1) {
  await page.goto(host.url, { waitUntil: 'commit' });
  firstPaint.push(
    await page.evaluate<number>(`new Promise((resolve) => {
      const poll = () => {
        if (document.querySelector('ul[data-query=""] li')) requestAnimationFrame(() => resolve(performance.now()));
        else requestAnimationFrame(poll);
      };
      poll();
    })`),
  );
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
    // A string, not a function: tsx's name helpers would not exist inside the page. The
    // clock starts when the page receives the key, not when the driver sends it.
    const waiting = page.evaluate<number>(`new Promise((resolve) => {
      let start = null;
      document.addEventListener('keydown', () => { start = performance.now(); }, { once: true, capture: true });
      const poll = () => {
        if (start !== null && document.querySelector('ul[role=list]')?.getAttribute('data-query') === ${JSON.stringify(typed)}) {
          requestAnimationFrame(() => resolve(performance.now() - start));
        } else requestAnimationFrame(poll);
      };
      poll();
    })`);
    await search.press(char === ' ' ? 'Space' : char);
    keystroke.push(await waiting);
    const t0 = performance.now();
    // What the library asks per keystroke: the first page, without facets (they follow when typing pauses).
    await baseline['search.query']({ query: typed, filters: {}, sort: 'relevance', limit: 30, facets: false });
    api.push(performance.now() - t0);
  }
}

// Opening an entry: from the click to its title painted, for the hits the list has painted
// (a virtual list paints what fits the window), round after round.
const OPENINGS = 20;
const opening: number[] = [];
await search.fill(openQuery);
await page.waitForSelector(`ul[data-query="${openQuery}"] li`);
const painted = await page.locator('ul[role=list] li a').count();
for (let n = 0; n < OPENINGS; n += 1) {
  const i = n % painted;
  // Clicked and timed inside the page, so the browser driver's round trips are not counted.
  opening.push(
    await page.evaluate<number>(`new Promise((resolve) => {
      const link = document.querySelectorAll('ul[role=list] li a')[${i}];
      const title = link.textContent;
      const start = performance.now();
      link.click();
      const poll = () => {
        if (document.querySelector('#entry-title')?.textContent === title) requestAnimationFrame(() => resolve(performance.now() - start));
        else requestAnimationFrame(poll);
      };
      poll();
    })`),
  );
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
baselineCatalogue.close();

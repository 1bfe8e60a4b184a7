/**
 * The library's keystroke latency while OCR runs (issue 20, "the app stays responsive during
 * a long OCR run"), for bench:extract: the demo catalogue behind the loopback browser host,
 * the library in Chromium, and each letter of some entries' title words typed into its
 * search box; the time runs from the box's input event to the frame after the results for
 * the new text are in the list (as bench:ui times it, which starts at the keydown). Typed first with the workers
 * idle, then while they read a run of scanned pages by OCR (every sample wholly inside the
 * run), then idle again, all in one run, so the two figures compare.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Browser, Page } from 'playwright';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost } from '../../electron/host/server.js';
import { SCAN_TEXTS, renderScan, type ScanLanguage } from '../support/scans.js';

export interface KeystrokeFigures {
  idle: number[];
  duringOcr: number[];
  ocrPages: number;
  ocrSeconds: number;
  entries: number;
}

/** A keystroke whose results have not painted by then is counted apart (-1), not waited for. */
const GIVE_UP_MS = 5000;

/** Milliseconds from the character reaching the search box (its input event) to the frame after the list shows the results for `typed`. */
async function timeKeystroke(page: Page, char: string, typed: string): Promise<number> {
  // Strings, not functions: tsx's name helpers would not exist inside the page. The listener
  // is in place before the character is sent (the first evaluate returns once it is).
  await page.evaluate(`void (window.__keystroke = new Promise((resolve) => {
    let start = null;
    document.addEventListener('input', () => { start = performance.now(); }, { once: true, capture: true });
    const given = performance.now();
    const poll = () => {
      if (start !== null && document.querySelector('ul[role=list]')?.getAttribute('data-query') === ${JSON.stringify(typed)}) {
        requestAnimationFrame(() => resolve(performance.now() - start));
      } else if (performance.now() - given > ${GIVE_UP_MS}) resolve(-1);
      else requestAnimationFrame(poll);
    };
    poll();
  }))`);
  // Typed as a keyboard or an input method would: a Chinese character arrives as one input event.
  await page.keyboard.type(char);
  return page.evaluate<number>('window.__keystroke');
}

/** Types each word letter by letter from an empty box; `keep` says whether a sample counts (taken wholly while it held). */
async function typeWords(page: Page, words: readonly string[], keep: () => boolean, stop: () => boolean = () => false): Promise<number[]> {
  const samples: number[] = [];
  const box = page.getByRole('searchbox', { name: 'Search' });
  for (const word of words) {
    if (stop()) break;
    await box.fill('');
    await page.waitForSelector('ul[data-query=""]');
    await box.focus();
    let typed = '';
    for (const char of word) {
      typed += char;
      const before = keep();
      const ms = await timeKeystroke(page, char, typed);
      if (ms < 0) process.stderr.write(`no results painted for ${JSON.stringify(typed)} within ${GIVE_UP_MS} ms\n`);
      else if (before && keep()) samples.push(ms);
    }
  }
  return samples;
}

export async function keystrokesDuringOcr(browser: Browser, dir: string, pages: number): Promise<KeystrokeFigures> {
  const rendererDir = path.resolve('dist/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  const catalogue = Catalogue.open(path.join(dir, 'library'), { create: true, actor: 'bench' });
  const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir });
  await handlers['catalogue.loadDemo']({});
  const host = await startHost({ handlers, rendererDir, attachment: (sha) => catalogue.attachmentFile(sha), filesDir: catalogue.dir });
  try {
    // Each scan its own text, so no two files share a hash (a shared file is read once).
    const languages: ScanLanguage[] = ['en', 'ru', 'zh'];
    const scans: Buffer[] = [];
    for (let i = 0; i < pages; i += 1) {
      const language = languages[i % languages.length] as ScanLanguage;
      scans.push(await renderScan(browser, `${SCAN_TEXTS[language]} ${i + 1}`, language));
    }
    const list = await handlers['entries.list']({ limit: 60, offset: 0 });
    const words = list.entries.map((e) => e.title.split(' ').slice(0, 2).join(' ')).filter((w) => w.length > 2);
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(host.url);
    await page.waitForSelector('ul[data-query=""] li');
    // Warm-up: the first queries build the facet store and the vocabulary.
    await typeWords(page, words.slice(0, 2), () => false);

    // Different words in each phase: the engine and the library remember recent answers.
    const third = Math.floor(words.length / 3);
    const idle = await typeWords(page, words.slice(2, third), () => true);
    let running = true;
    let ocrSeconds = 0;
    for (let i = 0; i < scans.length; i += 1) {
      const entry = list.entries[i % list.entries.length];
      if (!entry) break;
      const scan = scans[i] as Buffer;
      await handlers['attachments.add']({ entryId: entry.id, name: `scan-${i + 1}.png`, mediaType: 'image/png', contentBase64: scan.toString('base64') });
    }
    const started = performance.now();
    const run = catalogue.extraction.run().finally(() => {
      running = false;
      ocrSeconds = (performance.now() - started) / 1000;
    });
    const duringOcr: number[] = [];
    // Round after round of the middle words until the run ends (their answers are forgotten at each stored file anyway).
    while (running)
      duringOcr.push(
        ...(await typeWords(
          page,
          words.slice(third, 2 * third),
          () => running,
          () => !running,
        )),
      );
    const read = await run;
    idle.push(...(await typeWords(page, words.slice(2 * third), () => true)));
    await page.close();
    return { idle, duringOcr, ocrPages: read, ocrSeconds, entries: list.entries.length };
  } finally {
    await host.close();
    catalogue.close();
  }
}

import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { textPdf } from '../support/extract-files.js';
import { SCAN_TEXTS, renderScan } from '../support/scans.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';

/**
 * What is inside an attachment is found (issue 20): a file attached on the entry page is read
 * in the background with its progress shown, its words find the entry, and the hit says which
 * file and page they are on. A text-layer PDF and a scan read by OCR, in Russian. The host
 * forwards the core's progress reports to the page, as `ratio serve` does.
 */
const env = useHostAndBrowser({ progress: true });

const api = () => {
  const client = createLocalClient(createHandlers(env.host().catalogue, { resourcesDir: () => '' }));
  return client.call.bind(client);
};

const results = (page: Page) => page.getByRole('list', { name: 'Results' });

async function openEntry(page: Page, id: string): Promise<void> {
  // A fresh load (the host's URL carries its token): the page then listens for progress again.
  const listening = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/events');
  await page.goto(`${env.host().host.url.split('#')[0]}#/entry/${id}`);
  await listening;
  await expect.poll(() => page.locator('#entry-title').count()).toBe(1);
}

/** Records inside the page every text the selectors' elements show as it changes, so a short-lived state is not missed. */
async function recordTexts(page: Page, selectors: readonly string[]): Promise<void> {
  await page.evaluate(`(() => {
    const selectors = ${JSON.stringify(selectors)};
    window.ratioTextsSeen = Object.fromEntries(selectors.map((s) => [s, []]));
    const look = () => {
      for (const s of selectors) {
        const text = document.querySelector(s)?.textContent ?? '';
        const seen = window.ratioTextsSeen[s];
        if (seen.at(-1) !== text) seen.push(text);
      }
    };
    look();
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);
}

const textsSeen = (page: Page): Promise<Record<string, string[]>> => page.evaluate<Record<string, string[]>>('window.ratioTextsSeen');

/** The states the page showed for the file while polled until it reached `final`. */
async function watchState(page: Page, final: RegExp, timeout: number): Promise<string[]> {
  const seen: string[] = [];
  const state = page.locator('.attachment-state').first();
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = (await state.count()) > 0 ? ((await state.textContent()) ?? '') : '';
    if (text !== '' && seen.at(-1) !== text) seen.push(text);
    if (final.test(text) || Date.now() > deadline) return seen;
    await page.waitForTimeout(50);
  }
}

async function searchFor(page: Page, query: string): Promise<void> {
  await page.goto(env.host().host.url);
  const box = page.getByRole('searchbox', { name: 'Search' });
  await box.fill(query);
  await expect.poll(() => results(page).getAttribute('data-query')).toBe(query);
}

describe('attachment text in search, on the Chromium screen', () => {
  it('reads a 5-page PDF with progress, finds the word only its third page has, shows "p. 3" and opens the entry', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const call = api();
    const entry = await call('entries.create', { kind: 'invention', title: 'Rotary press for broadcloth' });
    const pdf = await textPdf(['Frame and rollers.', 'Heating the plates.', 'The quillback lever lifts the upper plate.', 'Maintenance.', 'Drawings.']);
    await call('attachments.add', { entryId: entry.id, name: 'cloth-press.pdf', mediaType: 'application/pdf', contentBase64: pdf.toString('base64') });

    // The host reads nothing until started: the page shows the file waiting, then read.
    await openEntry(page, entry.id);
    await expect.poll(() => page.locator('.attachment-state').first().textContent()).toBe('waiting to be read');
    // Progress comes from the core's reports, not from asking: the page asks for the file's
    // state and text once more when it is read, and not while it is read.
    const asked: number[] = [];
    const started = Date.now();
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/attachments.text') asked.push(Date.now() - started);
    });
    await recordTexts(page, ['.attachment-state', '.reading-indicator']);
    env.host().catalogue.extraction.startInBackground();
    const seen = await watchState(page, /^text read/, 30_000);
    expect(seen.at(-1)).toBe('text read: 5 pages');
    const recorded = await textsSeen(page);
    console.log(`states the entry page showed: ${JSON.stringify(recorded)}; asked for the state at ${JSON.stringify(asked)} ms`);
    expect(recorded['.attachment-state']?.[0]).toBe('waiting to be read');
    expect(recorded['.attachment-state']?.some((s) => /^reading text…/.test(s))).toBe(true);
    expect(recorded['.attachment-state']?.at(-1)).toBe('text read: 5 pages');
    // The top bar showed the file being read, with its pages, and is gone once it is read.
    expect(recorded['.reading-indicator']?.some((s) => /^reading text….*cloth-press\.pdf$/.test(s))).toBe(true);
    // Page reports come at most every 100 ms, so a fast read may end before 5/5 is reported: some count of the five is.
    expect(recorded['.reading-indicator']?.some((s) => /\b[0-5]\/5 pages/.test(s))).toBe(true);
    expect(recorded['.reading-indicator']?.at(-1)).toBe('');
    // The state line may show the core's final report a moment before the page asks once more.
    await expect.poll(() => asked.length).toBe(1);
    await page.waitForTimeout(300);
    expect(asked).toHaveLength(1);
    await page.getByRole('button', { name: 'Show the text read' }).click();
    await expect.poll(() => page.locator('.attachment-page-text h3 a').allTextContents()).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page 4', 'Page 5']);
    expect(await page.locator('.attachment-page-text h3 a').nth(2).getAttribute('href')).toMatch(/#page=3$/);

    await searchFor(page, 'quillback');
    const hit = page.locator('.hit', { hasText: 'Rotary press for broadcloth' });
    await expect.poll(() => hit.count()).toBe(1);
    expect(await hit.locator('.matched-in').textContent()).toContain('matched in: attachment');
    const line = (await hit.locator('.attachment-snippet').innerText()).replace(/\s+/g, ' ');
    expect(line).toMatch(/^cloth-press\.pdf, p\. 3: The quillback lever/);
    expect(await hit.locator('.attachment-snippet mark').allTextContents()).toEqual(['quillback']);
    expect(await hit.locator('a.attachment-page').getAttribute('href')).toMatch(/#page=3$/);
    await screenshot(page, 'attachment-hit-en');

    await hit.locator('.hit-title').click();
    await expect.poll(() => page.locator('#entry-title').textContent()).toBe('Rotary press for broadcloth');
    expect(errors).toEqual([]);
  });

  it('reads a scanned PNG in Russian by OCR, with progress, and finds it by a word of the scan', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const call = api();
    const entry = await call('entries.create', { kind: 'method', title: 'Валка сукна', language: 'ru' });
    const png = await renderScan(env.browser(), SCAN_TEXTS.ru, 'ru');
    await openEntry(page, entry.id);
    await call('attachments.add', { entryId: entry.id, name: 'скан.png', mediaType: 'image/png', contentBase64: png.toString('base64') });
    await page.reload();
    const seen = await watchState(page, /^text read/, 120_000);
    expect(seen.some((s) => s === 'waiting to be read' || s.startsWith('reading text'))).toBe(true);
    expect(seen.at(-1)).toBe('text read: 1 page');

    await searchFor(page, 'молотами');
    const hit = page.locator('.hit', { hasText: 'Валка сукна' });
    await expect.poll(() => hit.count()).toBe(1);
    const line = (await hit.locator('.attachment-snippet').innerText()).replace(/\s+/g, ' ');
    expect(line).toMatch(/^скан\.png, p\. 1: /);
    expect((await hit.locator('.attachment-snippet mark').allTextContents()).map((m) => m.toLowerCase())).toContain('молотами');
    await screenshot(page, 'attachment-hit-ocr-ru');
    expect(errors).toEqual([]);
  }, 180_000);
});

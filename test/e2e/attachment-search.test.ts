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
 * file and page they are on. A text-layer PDF and a scan read by OCR, in Russian.
 */
const env = useHostAndBrowser();

const api = () => {
  const client = createLocalClient(createHandlers(env.host().catalogue, { resourcesDir: () => '' }));
  return client.call.bind(client);
};

const results = (page: Page) => page.getByRole('list', { name: 'Results' });

async function openEntry(page: Page, id: string): Promise<void> {
  await page.goto(`${env.host().host.url.split('#')[0]}#/entry/${id}`);
  await expect.poll(() => page.locator('#entry-title').count()).toBe(1);
}

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
    env.host().catalogue.extraction.startInBackground();
    const seen = await watchState(page, /^text read/, 30_000);
    expect(seen[0]).toBe('waiting to be read');
    expect(seen.at(-1)).toBe('text read: 5 pages');
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

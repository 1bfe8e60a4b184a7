import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { dumpCatalogue } from '../support/dump.js';
import { cleanupTemp } from '../helpers.js';
import { launchBrowser, openPage, screenshot, startTestHost, type TestHost } from './harness.js';

let browser: Browser;
let a: TestHost;
let b: TestHost;

beforeAll(async () => {
  a = await startTestHost({ demo: true });
  b = await startTestHost();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await a?.close();
  await b?.close();
  cleanupTemp();
});

const api = (host: TestHost) => createHandlers(host.catalogue, { resourcesDir: () => '' });

/** Exports everything from the page's catalogue; returns the written bundle's path. */
async function exportEverything(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Exchange' }).click();
  await page.getByRole('tab', { name: 'Export', exact: true }).click();
  await page.getByLabel('Everything').check();
  await expect.poll(() => page.locator('.estimate').textContent()).toMatch(/\d+ entries, \d+ attachments/);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Write bundle' }).click();
  await download;
  const saved = await page.locator('.report .muted').textContent();
  const file = saved?.replace(/^Saved at /, '') ?? '';
  expect(fs.existsSync(file)).toBe(true);
  return file;
}

async function chooseBundle(page: Page, file: string): Promise<void> {
  await page.getByRole('link', { name: 'Exchange' }).click();
  await page.getByRole('tab', { name: 'Import', exact: true }).click();
  await page.getByLabel('Choose a .ratio bundle…').setInputFiles(file);
}

describe('exchange between two catalogues in the browser', () => {
  it('exports from A, imports into B, resolves conflicts three ways, refuses tampering, and re-imports as a no-op', async () => {
    const pageA = (await openPage(browser, a.host.url)).page;
    const { page: pageB, errors } = await openPage(browser, b.host.url);
    pageB.on('dialog', (dialog) => void dialog.accept());

    // A → B: the first bundle brings everything; the unknown signer needs explicit trust.
    const first = await exportEverything(pageA);
    await screenshot(pageA, 'exchange-export');
    await chooseBundle(pageB, first);
    await expect.poll(() => pageB.locator('[data-signature]').getAttribute('data-signature')).toBe('unknown-signer');
    const total = a.catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    // Until the key is trusted only the manifest is read: its counts are shown, no entry.
    await expect
      .poll(() =>
        pageB
          .getByRole('status')
          .filter({ hasText: `announces ${String(total)} entries` })
          .count(),
      )
      .toBe(1);
    expect(await pageB.locator('tr[data-class]').count()).toBe(0);
    const importButton = pageB.getByRole('button', { name: 'Import', exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await pageB.getByLabel(/I compared the fingerprint/).check();
    await expect.poll(() => pageB.locator('tr[data-class="new"]').count()).toBe(total);
    await screenshot(pageB, 'exchange-preview');
    await importButton.click();
    await expect.poll(() => pageB.locator('.report').textContent()).toMatch(new RegExp(`Imported: ${String(total)} new`));

    // The same bundle again: nothing new.
    await chooseBundle(pageB, first);
    await expect.poll(() => pageB.getByRole('status').filter({ hasText: 'imported before' }).count()).toBe(1);
    await pageB.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => pageB.locator('.report').textContent()).toMatch(/imported before/);

    // The same three entries edited on both sides.
    const ids = a.catalogue.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 3').pluck().all() as string[];
    const titles = ['keep ours', 'take theirs', 'keep both'];
    for (const [i, id] of ids.entries()) {
      await api(a)['entries.update']({ id, patch: { title: `A: ${titles[i]}` } });
      await api(b)['entries.update']({ id, patch: { title: `B: ${titles[i]}` } });
    }
    const second = await exportEverything(pageA);
    await chooseBundle(pageB, second);
    await expect.poll(() => pageB.locator('tr[data-class="conflict"]').count()).toBe(3);
    await expect.poll(() => pageB.locator('[data-signature]').getAttribute('data-signature')).toBe('valid');
    await pageB.getByRole('button', { name: /^Conflict/ }).click();
    await pageB.getByRole('combobox', { name: 'On conflict: A: keep ours' }).selectOption('keep-local');
    await pageB.getByRole('combobox', { name: 'On conflict: A: take theirs' }).selectOption('take-incoming');
    await pageB.getByRole('combobox', { name: 'On conflict: A: keep both' }).selectOption('keep-both');
    await pageB.getByRole('button', { name: 'Compare: A: take theirs' }).click();
    await expect.poll(() => pageB.getByRole('region', { name: 'Compare' }).locator('ins').first().textContent()).toMatch(/A/);
    await screenshot(pageB, 'exchange-conflict');
    await pageB.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => pageB.locator('.report').textContent()).toMatch(/3 conflicts/);

    const titleOf = (id: string): string => b.catalogue.db.prepare('SELECT title FROM entries WHERE id = ?').pluck().get(id) as string;
    expect(titleOf(ids[0] as string)).toBe('B: keep ours');
    expect(titleOf(ids[1] as string)).toBe('A: take theirs');
    expect(titleOf(ids[2] as string)).toBe('B: keep both');
    const variant = b.catalogue.db
      .prepare('SELECT e.title FROM links l JOIN entries e ON e.id = l.from_id OR e.id = l.to_id WHERE (l.from_id = ? OR l.to_id = ?) AND e.id <> ?')
      .pluck()
      .all(ids[2], ids[2], ids[2]) as string[];
    expect(variant).toContain('A: keep both');

    // A tampered bundle is refused and changes nothing.
    const tampered = path.join(path.dirname(second), 'tampered.ratio');
    const bytes = fs.readFileSync(second);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = (bytes[middle] ?? 0) ^ 0xff;
    fs.writeFileSync(tampered, bytes);
    const before = dumpCatalogue(b.catalogue, { bookkeeping: true });
    await chooseBundle(pageB, tampered);
    await expect.poll(() => pageB.getByRole('alert').textContent()).toMatch(/refused/i);
    expect(await pageB.getByRole('button', { name: 'Import', exact: true }).count()).toBe(0);
    expect(dumpCatalogue(b.catalogue, { bookkeeping: true })).toBe(before);

    // Partners show A's key fingerprint; the history lists both imports that changed something.
    await pageB.getByRole('tab', { name: 'Partners and keys' }).click();
    const fingerprint = (await api(a)['exchange.keys']({})).fingerprint;
    await expect.poll(() => pageB.getByRole('table', { name: 'Partners and keys' }).textContent()).toContain(fingerprint.slice(0, 4));
    await pageB.getByRole('tab', { name: 'Import history' }).click();
    await expect.poll(() => pageB.locator('.import-log li').count()).toBeGreaterThanOrEqual(2);
    await screenshot(pageB, 'exchange-history');
    expect(errors).toEqual([]);
  }, 120_000);
});

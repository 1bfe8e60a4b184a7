import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedInRuAndZh } from './untranslated.js';

const env = useHostAndBrowser({ demo: true });
const RUSSIAN = 'Стригальная машина с самоустанавливающимся неподвижным ножом';

describe('cross-language search through the demo thesaurus', () => {
  it('finds the Russian entry for "cloth shearing machine", shows the chips, and a chip switched off changes the results', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await page.getByRole('searchbox', { name: 'Search' }).fill('cloth shearing machine');
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getAttribute('data-query'), { timeout: 15_000 }).toBe('cloth shearing machine');
    const titles = (): Promise<string[]> => results.locator('.hit-title').allTextContents();
    await expect.poll(async () => (await titles()).slice(0, 5)).toContain(RUSSIAN);
    const row = results.getByRole('listitem').filter({ hasText: RUSSIAN });
    await expect.poll(() => row.locator('.matched-via').textContent()).toMatch(/matched via Russian/);

    const chips = page.getByRole('group', { name: 'Thesaurus expansion of the query' });
    const chip = chips.getByRole('button', { name: /стригальная машина/ });
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    expect(await chip.textContent()).toContain('剪呢机');
    await screenshot(page, 'library-expansion-en');

    const before = await titles();
    await chip.click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toMatch(/[?&]off=/);
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('false');
    // The Russian entry is still found by its English tags, but no longer through the Russian label, and the list changes.
    await expect.poll(() => results.locator('.matched-via').count()).toBe(0);
    await expect.poll(async () => JSON.stringify(await titles())).not.toBe(JSON.stringify(before));

    // The state is the URL's: back brings the chip and the Russian entry again.
    await page.goBack();
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(async () => (await titles()).slice(0, 5)).toContain(RUSSIAN);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a saved search keeps a chip switched off, and applying it switches the chip off again', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const query = 'cloth shearing machine';
    await page.getByRole('searchbox', { name: 'Search' }).fill(query);
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getAttribute('data-query'), { timeout: 15_000 }).toBe(query);
    const chip = page.getByRole('group', { name: 'Thesaurus expansion of the query' }).getByRole('button', { name: /стригальная машина/ });
    await chip.click();
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => results.locator('.matched-via').count()).toBe(0);
    const offHash = await page.evaluate<string>('location.hash');
    expect(offHash).toMatch(/[?&]off=/);
    const offTitles = await results.locator('.hit-title').allTextContents();

    await page.getByRole('button', { name: 'Save search' }).click();
    const name = page.getByRole('textbox', { name: 'Name of the search' });
    await name.fill('Shearing, English only');
    await name.press('Enter');
    const saved = page.getByRole('region', { name: 'Saved searches' }).getByRole('button', { name: /Shearing, English only/ });
    await expect.poll(() => saved.getAttribute('aria-current')).toBe('true');
    const stored = env
      .host()
      .catalogue.savedSearches.list()
      .find((s) => s.name === 'Shearing, English only');
    expect(stored?.expandOff.length).toBeGreaterThan(0);

    // The same query with every chip on is another state: the saved search is not marked.
    await chip.click();
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => results.locator('.matched-via').count()).toBeGreaterThan(0);
    await expect.poll(() => saved.getAttribute('aria-current')).toBeNull();
    // Applying it brings the chip back switched off, and the results shown with it off.
    await saved.click();
    await expect.poll(() => page.evaluate<string>('location.hash')).toBe(offHash);
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('false');
    await expect.poll(() => results.locator('.hit-title').allTextContents()).toEqual(offTitles);
    await expect.poll(() => saved.getAttribute('aria-current')).toBe('true');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a bulk action on every match acts on the entries shown with a chip switched off', async () => {
    const client = createLocalClient(createHandlers(env.host().catalogue, { resourcesDir: () => '' }));
    const query = 'гидравлическая стойка';
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await page.getByRole('searchbox', { name: 'Search' }).fill(query);
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getAttribute('data-query'), { timeout: 15_000 }).toBe(query);
    const bar = page.getByRole('region', { name: 'Selected entries' });
    const preview = page.getByRole('dialog', { name: 'What will change' });
    /** Every match selected with Ctrl+A, a tag change previewed: the entries the preview names. */
    const previewAll = async (): Promise<string[]> => {
      await results.locator('li[data-index="0"] .hit-check').click();
      await page.keyboard.press('Control+a');
      await expect.poll(() => bar.locator('.bulk-summary strong').textContent()).toMatch(/^(All \d+ matches selected|The only match is selected)$/);
      await bar.getByRole('button', { name: 'Change tags, status, enterprise…' }).click();
      await bar.getByLabel('Add tags').fill('checked/props');
      await bar.getByLabel('Add tags').press('Enter');
      await bar.getByRole('button', { name: 'Preview the change' }).click();
      await expect.poll(() => preview.locator('.bulk-sample li').count()).toBeGreaterThan(0);
      const titles = (await preview.locator('.bulk-sample li').allInnerTexts()).map((t) => t.trim()).sort();
      await preview.getByRole('button', { name: 'Back' }).click();
      await bar.getByRole('button', { name: 'Clear selection' }).click();
      await expect.poll(() => bar.count()).toBe(0);
      return titles;
    };
    const shown = async (expandOff?: string[]): Promise<string[]> =>
      (await client.call('search.query', { query, limit: 50, ...(expandOff ? { expandOff } : {}) })).hits.map((h) => h.title).sort();

    const expanded = await shown();
    expect(await previewAll()).toEqual(expanded);
    const chip = page.getByRole('group', { name: 'Thesaurus expansion of the query' }).getByRole('button', { name: /hydraulic prop/ });
    await chip.click();
    await expect.poll(() => chip.getAttribute('aria-pressed')).toBe('false');
    const off = (await client.call('search.query', { query, limit: 1 })).expansion.filter((e) => !e.narrower).map((e) => e.conceptId);
    const alone = await shown(off);
    await expect.poll(async () => (await results.locator('.hit-title').allTextContents()).sort()).toEqual(alone);
    expect(alone.length).toBeLessThan(expanded.length);
    expect(await previewAll()).toEqual(alone);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says the chips and "matched via" in Russian and Chinese', async () => {
    const untranslated = await untranslatedInRuAndZh(env.browser(), env.host().host.url, 'library-expansion', async (page) => {
      await page.locator('#search').fill('剪呢机');
      await expect.poll(() => page.locator('.expansion-chip').count(), { timeout: 15_000 }).toBeGreaterThan(0);
      await expect.poll(() => page.locator('.matched-via').count()).toBeGreaterThan(0);
    });
    expect(untranslated).toEqual([]);
  });
});

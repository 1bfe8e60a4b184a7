import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedOn } from './untranslated.js';

const env = useHostAndBrowser({ demo: true });

describe('"Did you mean" in the library', () => {
  it('offers the corrected query for a misspelt word and runs it on a click', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const results = page.getByRole('list', { name: 'Results' });
    await page.getByRole('searchbox', { name: 'Search' }).fill('decatisng');
    const offer = page.locator('.did-you-mean');
    await expect.poll(() => offer.textContent(), { timeout: 15_000 }).toMatch(/Did you mean decatising \(\d+ entr(y|ies)\)/);
    const before = await results.getByRole('listitem').count();
    await screenshot(page, 'library-did-you-mean-en');
    await offer.getByRole('button', { name: 'decatising' }).click();
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('decatising');
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(before);
    // The thesaurus also finds the Russian entries on декатировка, which may rank as high: an English one is among the first three.
    await expect.poll(async () => (await results.getByRole('listitem').allTextContents()).slice(0, 3).join('\n')).toMatch(/decatis/i);
    expect(await offer.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('offers it in Russian for a Russian typo', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url, 'ru-RU');
    const results = page.locator('ul[role="list"][data-query]');
    await page.locator('#search').fill('тканб');
    const offer = page.locator('.did-you-mean');
    await expect.poll(() => offer.textContent(), { timeout: 15_000 }).toMatch(/^Возможно, вы имели в виду ткан/);
    const untranslated = await untranslatedOn(page, 'ru', 'library-did-you-mean');
    await offer.getByRole('button').click();
    await expect.poll(() => page.locator('#search').inputValue()).toMatch(/^ткан[ьи]$/);
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(untranslated).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

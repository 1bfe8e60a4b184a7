import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedInRuAndZh } from './untranslated.js';

const env = useHostAndBrowser({ demo: true });

/** A pasted problem description of more words than a query is read for (2,000). */
const PASTED = `${'Our thick woollen cloth comes out of the finishing shop with an uneven nap, and it shrinks after steaming in the press. '.repeat(110)}decatising`;

describe('long and pasted queries in the library', () => {
  it('ranks a pasted text of 2,400 words, says what it left out, and never shows an error', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill(PASTED);
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toMatch(/cloth|woollen|decatis/i);
    const note = page.locator('.query-condensed');
    await expect.poll(() => note.textContent()).toMatch(/\d+ words after the first 2,?000 were not read/);
    expect(await page.getByRole('alert').count()).toBe(0);
    await screenshot(page, 'library-long-query-en');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds entries like the one open with "More like this", the entry itself first', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const results = page.getByRole('list', { name: 'Results' });
    await page.getByRole('searchbox', { name: 'Search' }).fill('decatising');
    await results.getByRole('listitem').first().getByRole('link').click();
    const title = (await page.locator('#entry-title').textContent()) ?? '';
    expect(title.length).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'More like this' }).click();
    await expect.poll(() => results.getByRole('listitem').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    await expect.poll(() => results.getByRole('listitem').first().locator('.hit-title').textContent()).toBe(title);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('says the note in Russian and Chinese', async () => {
    const untranslated = await untranslatedInRuAndZh(env.browser(), env.host().host.url, 'library-long-query', async (page) => {
      await page.locator('#search').fill(PASTED);
      await expect.poll(() => page.locator('.query-condensed').count(), { timeout: 15_000 }).toBe(1);
    });
    expect(untranslated).toEqual([]);
  });
});

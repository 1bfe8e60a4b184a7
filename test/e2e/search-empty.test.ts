import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedOn } from './untranslated.js';

/** Defect 14: an empty catalogue (the first run) says so and offers the ways to begin. */
const env = useHostAndBrowser();

describe('an empty catalogue', () => {
  it('says it is empty in Russian and Chinese too, with nothing untranslated', async () => {
    const untranslated: string[] = [];
    for (const [language, locale, title] of [
      ['ru', 'ru-RU', 'Каталог пуст'],
      ['zh', 'zh-CN', '目录是空的'],
    ] as const) {
      const { page, errors } = await openPage(env.browser(), env.host().host.url, locale);
      await expect.poll(() => page.getByRole('heading', { name: title }).count()).toBe(1);
      untranslated.push(...(await untranslatedOn(page, language, 'library-empty')));
      expect(errors).toEqual([]);
      await page.context().close();
    }
    expect(untranslated).toEqual([]);
  });

  it('offers an import and a new entry, and loads the demo on request, not "Nothing matches"', async () => {
    const { host, catalogue } = env.host();
    const { page, errors } = await openPage(env.browser(), host.url);
    await expect.poll(() => page.getByRole('heading', { name: 'The catalogue is empty' }).count()).toBe(1);
    expect(await page.getByText(/Nothing matches/).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Import entries' }).getAttribute('href')).toBe('#/exchange');
    expect(await page.getByRole('link', { name: 'Write the first entry' }).getAttribute('href')).toBe('#/new');
    await screenshot(page, 'library-empty-en');

    // A search that finds nothing is still "nothing matches", not "empty".
    await page.getByRole('searchbox', { name: 'Search' }).fill('wool');
    await expect.poll(() => page.getByText(/Nothing matches/).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'The catalogue is empty' }).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    await page.getByRole('button', { name: 'Load the demo catalogue' }).click();
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'The catalogue is empty' }).count()).toBe(0);
    const entries = catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;
    expect(entries).toBeGreaterThan(40);
    await expect
      .poll(
        async () =>
          (await page
            .getByRole('status')
            .filter({ hasText: /entries/ })
            .textContent()) ?? '',
      )
      .toBe(`${entries} entries`);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';

/** The little of the DOM these tests read inside the page (the Node project has no DOM types). */
interface BrowserGlobals {
  document: { activeElement: { id: string } | null };
}

const env = useHostAndBrowser({ demo: true });

describe('an engineer in the library', () => {
  it('searches in English, Russian and Chinese, filters by a facet, and reads an entry with highlighted terms', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const search = page.getByRole('searchbox', { name: 'Search' });
    await expect.poll(() => search.isVisible()).toBe(true);
    const results = page.getByRole('list', { name: 'Results' });

    await search.fill('finishing');
    // The thesaurus finds the Russian and Chinese entries on отделка and 整理 too, ranked with the English ones.
    await expect.poll(async () => (await results.getByRole('listitem').allTextContents()).slice(0, 3).join('\n')).toMatch(/finish/i);
    await screenshot(page, 'library-english');

    await search.fill('ткань');
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toMatch(/[а-яё]/i);
    expect(await results.getByRole('listitem').first().locator('mark').count()).toBeGreaterThan(0);

    // The word alone (=): the thesaurus would add fine-wool entries in English and Russian, ranked with it.
    await search.fill('=细绒');
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toMatch(/细绒/);
    await search.fill('细绒');
    await expect.poll(async () => (await results.getByRole('listitem').allTextContents()).join('\n')).toMatch(/细绒/);

    // A facet narrows the results and every hit then carries it.
    await search.fill('');
    const status = page.getByRole('status').filter({ hasText: /entries|entry/ });
    // The count is read once the results for the empty query are painted, not the previous ones.
    await expect.poll(() => results.getAttribute('data-query')).toBe('');
    await expect.poll(() => status.textContent()).toMatch(/\d+ entries/);
    const before = Number((await status.textContent())?.match(/\d+/)?.[0]);
    await page
      .getByRole('group', { name: 'Kind' })
      .getByLabel(/Process method/)
      .check();
    await expect.poll(async () => Number((await status.textContent())?.match(/\d+/)?.[0])).toBeLessThan(before);
    const kinds = await results.getByRole('listitem').locator('.kind-badge').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['Process method']));
    await screenshot(page, 'library-filtered');

    // Open an entry from the keyboard: the query's words are marked in the rendered Markdown.
    await search.fill('thick cloth');
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toMatch(/cloth/i);
    await search.press('Enter');
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toMatch(/cloth/i);
    // The body is formatted off the page's thread, so it is drawn a moment after the title.
    const body = page.locator('.markdown');
    await page.locator('.markdown[data-render="html"]').waitFor({ timeout: 5000 });
    expect(await body.locator('mark').count()).toBeGreaterThan(0);
    expect(await body.locator('h1, h2, h3, ul, ol, table').count()).toBeGreaterThan(0);
    await screenshot(page, 'entry');

    // Esc goes back to the library with the query kept.
    await page.keyboard.press('Escape');
    await expect.poll(() => search.inputValue()).toBe('thick cloth');
    await page.keyboard.press('Control+K');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.activeElement?.id)).toBe('search');
    expect(errors).toEqual([]);
  });

  it('collapses keystrokes typed while a search runs into the latest, and asks for facets only once typing pauses', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    const results = page.getByRole('list', { name: 'Results' });
    const box = page.getByRole('searchbox', { name: 'Search' });
    await expect.poll(() => results.getAttribute('data-query')).toBe('');
    await expect.poll(() => page.getByRole('group', { name: 'Kind' }).isVisible()).toBe(true);
    // The first search is held until the whole word is typed, as a broad query on a large
    // catalogue holds the engine: what was typed meanwhile must become one search, not eight.
    const asked: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/api/search.*', async (route) => {
      const op = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      const body = route.request().postDataJSON() as { query?: string } | null;
      asked.push(`${op} ${body?.query ?? ''}`);
      if (asked.length === 1) await held;
      await route.continue();
    });
    await box.pressSequentially('finishing');
    await expect.poll(() => box.inputValue()).toBe('finishing');
    expect(asked, JSON.stringify(asked)).toEqual(['search.query f']);
    release();
    await expect.poll(() => results.getAttribute('data-query')).toBe('finishing');
    await expect.poll(() => asked.filter((a) => a.startsWith('search.facets')).length).toBeGreaterThan(0);
    // The superseded answer was never painted and never asked for facets.
    expect(asked).toEqual(['search.query f', 'search.query finishing', 'search.facets finishing']);
    expect(await results.getByRole('listitem').first().textContent()).toMatch(/finish|отделк|整理/i);
    expect(errors).toEqual([]);
  });

  it('shows the interface in Russian with the search box named Поиск', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url, 'ru-RU');
    await expect.poll(() => page.getByRole('searchbox', { name: 'Поиск' }).isVisible()).toBe(true);
    await page.getByRole('searchbox', { name: 'Поиск' }).fill('сукно');
    await expect.poll(() => page.getByRole('list', { name: 'Результаты' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Сводка' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Сводка');
    await screenshot(page, 'dashboard-ru');
    expect(errors).toEqual([]);
  });
});

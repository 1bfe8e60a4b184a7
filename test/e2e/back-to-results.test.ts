import { describe, expect, it } from 'vitest';
import { openPage, useHostAndBrowser } from './harness.js';

const env = useHostAndBrowser({ demo: true });

describe('back to the results', () => {
  it('finds the search, the chosen rows and the row it opened, as they were (defect 18)', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await page.locator('#search').fill('cloth');
    const rows = page.getByRole('list', { name: 'Results' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBeGreaterThan(4);
    await page.locator('li[data-index="1"] .hit-check').click();
    await page.locator('li[data-index="2"] .hit-check').click();
    // The row opened is the fourth: the keyboard moves there from the last box ticked, Enter opens it.
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('li.hit.active').getAttribute('data-index')).toBe('3');
    const opened = await page.locator('li[data-index="3"] .hit-title').textContent();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#entry-title').textContent()).toBe(opened);

    await page.getByRole('link', { name: /Back to results/ }).click();
    await expect.poll(() => page.locator('#search').inputValue()).toBe('cloth');
    await expect.poll(() => page.locator('li.hit.active').getAttribute('data-index')).toBe('3');
    expect(await page.locator('li[data-index="3"] .hit-title').textContent()).toBe(opened);
    expect(await page.locator('.hit-check:checked').count()).toBe(2);
    expect(await page.locator('li[data-index="1"] .hit-check').isChecked()).toBe(true);
    expect(await page.locator('li[data-index="2"] .hit-check').isChecked()).toBe(true);

    // A new search starts with nothing chosen.
    await page.locator('#search').fill('wool');
    await expect.poll(() => page.locator('.hit-check:checked').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

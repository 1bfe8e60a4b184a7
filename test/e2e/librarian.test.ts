import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';

const env = useHostAndBrowser();

describe('a librarian curating', () => {
  it('creates an entry with an attachment, tags it, renames the tag, edits, reads the diff and restores', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    page.on('dialog', (dialog) => void dialog.accept());

    await page.getByRole('link', { name: 'New entry' }).click();
    // Saving with no title shows the message beside the field and saves nothing.
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#f-title-error').textContent()).toMatch(/title/i);

    await page.getByLabel('Title').fill('Steam decatising of thick woollen cloth');
    await page.getByLabel('Kind').selectOption('method');
    await page.getByLabel('Summary').fill('Two passes of steam with cooling under pressure between them.');
    await page.getByLabel('Text (Markdown)').fill('## Steps\n\n1. Steam the cloth.\n2. Cool it under pressure.\n');
    await expect.poll(() => page.locator('.preview h3').textContent()).toBe('Steps');
    await page.locator('#f-tags').fill('textiles/wool');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'press.svg',
      mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
    });
    await screenshot(page, 'editor');
    await page.getByRole('button', { name: 'Save' }).click();

    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.textContent()).toBe('Steam decatising of thick woollen cloth');
    await expect.poll(() => page.locator('.attachment-list').textContent()).toMatch(/press\.svg/);
    await expect.poll(() => page.locator('.metadata').textContent()).toMatch(/textiles\/wool/);
    const entryUrl = page.url();

    // Rename the tag in the tag manager; the entry shows the new name.
    await page.getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('button', { name: 'Rename or move: textiles/wool' }).click();
    await page.getByLabel('New path').fill('textiles/fine-wool');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Tag vocabulary' }).textContent()).toMatch(/fine-wool/);
    await screenshot(page, 'tags');
    await page.goto(entryUrl);
    await expect.poll(() => page.locator('.metadata').textContent()).toMatch(/textiles\/fine-wool/);
    // …and so does search, by the new name.
    await page.getByRole('link', { name: 'Library' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('tag:fine-wool');
    await expect.poll(() => page.getByRole('list', { name: 'Results' }).getByRole('listitem').count()).toBe(1);
    await page.goto(entryUrl);

    // Edit the title; the history shows the change as a diff; restore the first revision.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Title').fill('Two-pass steam decatising of thick woollen cloth');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => heading.textContent()).toBe('Two-pass steam decatising of thick woollen cloth');
    await page.getByRole('link', { name: 'History' }).click();
    await expect.poll(() => page.locator('.diff ins').first().textContent()).toMatch(/Two-pass/);
    await screenshot(page, 'history');
    await page.getByRole('button', { name: 'Restore this revision #1' }).click();
    await expect.poll(() => heading.textContent()).toBe('Steam decatising of thick woollen cloth');
    expect(errors).toEqual([]);
  });

  it('guards unsaved changes when leaving the editor', async () => {
    const { page } = await openPage(env.browser(), env.host().host.url);
    await page.getByRole('link', { name: 'New entry' }).click();
    await page.getByLabel('Title').fill('Half-written');
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: 'Library' }).click();
    expect(asked).toMatch(/unsaved/i);
    expect(await page.getByLabel('Title').inputValue()).toBe('Half-written');
  });
});

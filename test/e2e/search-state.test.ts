import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedOn } from './untranslated.js';

/**
 * The library's state in the URL, saved searches, the tag facet as a tree, disjunctive
 * facets, typing a query without flashing errors, snippets without Markdown (issue #16 §2
 * and defects 2, 3, 4, 5, 12).
 */
const env = useHostAndBrowser({ demo: true });

/** Calls the host as a script with the token would (for setting up what a test needs). */
async function api<T>(op: string, request: unknown): Promise<T> {
  const { host } = env.host();
  const response = await fetch(`http://127.0.0.1:${host.port}/api/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
    body: JSON.stringify(request),
  });
  const body = (await response.json()) as { ok: boolean; value: T };
  if (!body.ok) throw new Error(`${op}: ${JSON.stringify(body)}`);
  return body.value;
}

const results = (page: Page) => page.getByRole('list', { name: 'Results' });
const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search' });
const savedList = (page: Page) => page.getByRole('region', { name: 'Saved searches' });
const hash = (page: Page): Promise<string> => page.evaluate<string>('location.hash');
const historyLength = (page: Page): Promise<number> => page.evaluate<number>('history.length');
const total = async (page: Page): Promise<number> =>
  Number(
    (
      await page
        .getByRole('status')
        .filter({ hasText: /\d+ entr/ })
        .textContent()
    )?.match(/\d+/)?.[0],
  );

async function facetsSettled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('aside.facets:not(.stale) fieldset').count()).toBeGreaterThan(3);
}

describe('the library’s search in the URL, and saved searches', () => {
  it('keeps query, filters and sort in the address; typing replaces the history entry, a filter pushes one; Back and Forward restore them', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    // The launch URL's token is gone from the address (defect 2).
    await expect.poll(() => page.url()).not.toMatch(/token=/);
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('');
    const before = await historyLength(page);
    await searchBox(page).pressSequentially('cloth');
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('cloth');
    // The address follows the typing (a moment later); the history did not grow.
    await expect.poll(() => hash(page)).toBe('#/?q=cloth');
    expect(await historyLength(page)).toBe(before);

    await facetsSettled(page);
    await page
      .getByRole('group', { name: 'Kind' })
      .getByLabel(/Process method/)
      .check();
    await expect.poll(() => hash(page)).toBe('#/?q=cloth&kind=method');
    expect(await historyLength(page)).toBe(before + 1);
    await page.getByLabel('Sort').selectOption('title');
    await expect.poll(() => hash(page)).toBe('#/?q=cloth&sort=title&kind=method');

    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/?q=cloth&kind=method');
    expect(await page.getByLabel('Sort').inputValue()).toBe('relevance');
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/?q=cloth');
    await expect
      .poll(() =>
        page
          .getByRole('group', { name: 'Kind' })
          .getByLabel(/Process method/)
          .isChecked(),
      )
      .toBe(false);
    expect(await searchBox(page).inputValue()).toBe('cloth');
    await page.goForward();
    await expect
      .poll(() =>
        page
          .getByRole('group', { name: 'Kind' })
          .getByLabel(/Process method/)
          .isChecked(),
      )
      .toBe(true);

    // A reload asks the same question again.
    await page.reload();
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('cloth');
    expect(await searchBox(page).inputValue()).toBe('cloth');
    await expect
      .poll(() =>
        page
          .getByRole('group', { name: 'Kind' })
          .getByLabel(/Process method/)
          .isChecked(),
      )
      .toBe(true);
    const kinds = await results(page).getByRole('listitem').locator('.kind-badge').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['Process method']));

    // Back from an entry returns to the same search.
    await results(page).getByRole('listitem').first().locator('a.hit-title').click();
    await expect.poll(() => hash(page)).toMatch(/^#\/entry\//);
    await page.keyboard.press('Escape');
    await expect.poll(() => hash(page)).toBe('#/?q=cloth&kind=method');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('saves a search, lists it marked as current, restores it after a reload, applies, renames and deletes it', async () => {
    const { host, catalogue } = env.host();
    const { page, errors } = await openPage(env.browser(), host.url);
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('');
    await searchBox(page).fill('wool');
    await facetsSettled(page);
    await page.getByRole('group', { name: 'Status' }).getByLabel('Implemented').check();
    await page.getByLabel('Sort').selectOption('newest');
    await expect.poll(() => hash(page)).toBe('#/?q=wool&sort=newest&status=implemented');

    // A name is required, said beside the field.
    await page.getByRole('button', { name: 'Save search' }).click();
    const name = page.getByRole('textbox', { name: 'Name of the search' });
    await name.fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.locator('#saved-search-name-error').textContent()).toBe('Give the search a name.');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Implemented wool work');
    await name.press('Enter');
    const item = savedList(page).getByRole('button', { name: /Implemented wool work/ });
    await expect.poll(() => item.getAttribute('aria-current')).toBe('true');
    // Enter in the name field saved the search; it did not also open the highlighted result.
    await expect.poll(() => hash(page)).toBe('#/?q=wool&sort=newest&status=implemented');
    const stored = catalogue.savedSearches.list();
    expect(stored.map((s) => ({ name: s.name, query: s.query, filters: s.filters, sort: s.sort }))).toEqual([
      { name: 'Implemented wool work', query: 'wool', filters: { status: ['implemented'] }, sort: 'newest' },
    ]);
    await screenshot(page, 'search-saved-en');

    // After a reload the search and the list are back, the search still marked.
    await page.reload();
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('wool');
    await expect.poll(() => item.getAttribute('aria-current')).toBe('true');

    // Another search: the mark goes; choosing the saved one brings it back (a history entry of its own).
    await page.locator('aside.facets .clear-filters').click();
    await searchBox(page).fill('');
    await expect.poll(() => hash(page)).toBe('#/?sort=newest');
    expect(await item.getAttribute('aria-current')).toBeNull();
    await item.click();
    await expect.poll(() => hash(page)).toBe('#/?q=wool&sort=newest&status=implemented');
    expect(await searchBox(page).inputValue()).toBe('wool');
    await expect.poll(() => page.getByRole('group', { name: 'Status' }).getByLabel('Implemented').isChecked()).toBe(true);
    await page.goBack();
    await expect.poll(() => hash(page)).toBe('#/?sort=newest');

    // Rename; Escape leaves the rename without saving.
    await savedList(page).getByRole('button', { name: 'Rename' }).click();
    const rename = savedList(page).getByRole('textbox', { name: 'Name of the search' });
    await rename.fill('Not this');
    await rename.press('Escape');
    await expect
      .poll(() =>
        savedList(page)
          .getByRole('button', { name: /Implemented wool work/ })
          .count(),
      )
      .toBe(1);
    await savedList(page).getByRole('button', { name: 'Rename' }).click();
    await rename.fill('Wool, implemented');
    await rename.press('Enter');
    await expect
      .poll(() =>
        savedList(page)
          .getByRole('button', { name: /Wool, implemented/ })
          .count(),
      )
      .toBe(1);
    // Focus returns to the renamed search, not to the top of the page.
    await expect.poll(() => page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Wool, implemented');
    expect(catalogue.savedSearches.list().map((s) => s.name)).toEqual(['Wool, implemented']);

    // Delete, after saying what it does.
    const dialogs: string[] = [];
    page.once('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await savedList(page).getByRole('button', { name: 'Delete' }).click();
    await expect
      .poll(() =>
        savedList(page)
          .getByRole('button', { name: /Wool, implemented/ })
          .count(),
      )
      .toBe(0);
    expect(dialogs).toEqual(['Delete the saved search “Wool, implemented”? The entries it finds stay as they are.']);
    expect(catalogue.savedSearches.list()).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('opens an entry and a bookmarked search in a new tab of the same browser, without the token (defect 2)', async () => {
    const { host, catalogue } = env.host();
    const { page, errors } = await openPage(env.browser(), host.url);
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('');
    const origin = new URL(page.url()).origin;
    const entry = catalogue.db.prepare("SELECT id, title FROM entries WHERE title LIKE '%cloth%' ORDER BY id LIMIT 1").get() as { id: string; title: string };

    // "Open in new tab": the address has no token; the cookie set at launch lets it in.
    const tab = await page.context().newPage();
    const tabErrors: string[] = [];
    tab.on('pageerror', (e) => tabErrors.push(e.message));
    await tab.goto(`${origin}/#/entry/${entry.id}`);
    await expect.poll(() => tab.getByRole('heading', { level: 1 }).textContent()).toBe(entry.title);
    expect(await tab.getByRole('alert').count()).toBe(0);

    // A bookmark of a search, opened in another tab.
    const bookmark = await page.context().newPage();
    await bookmark.goto(`${origin}/#/?q=cloth&kind=method`);
    await expect.poll(() => bookmark.getByRole('list', { name: 'Results' }).getAttribute('data-query')).toBe('cloth');
    expect(await bookmark.getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('cloth');
    await expect
      .poll(() =>
        bookmark
          .getByRole('group', { name: 'Kind' })
          .getByLabel(/Process method/)
          .isChecked(),
      )
      .toBe(true);
    await screenshot(bookmark, 'search-bookmark-en');

    // Another browser (no cookie) is still refused: the test would see the old failure.
    const stranger = await env.browser().newContext();
    const outside = await stranger.newPage();
    await outside.goto(`${origin}/#/entry/${entry.id}`);
    await expect.poll(() => outside.getByRole('alert').textContent()).toMatch(/token/i);
    await stranger.close();
    expect([...errors, ...tabErrors]).toEqual([]);
    await page.context().close();
  });
});

describe('facets', () => {
  it('shows the tag facet as a tree: children under their parent, counts including descendants, collapsible (defect 3)', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await facetsSettled(page);
    const tags = page.getByRole('group', { name: 'Tag' });
    const textiles = tags.locator('li[data-tag="textiles"]');
    const wool = textiles.locator('li[data-tag="textiles/wool"]');
    await expect.poll(() => wool.count()).toBe(1);
    expect(await tags.locator('li[data-tag="mining"] li[data-tag^="textiles"]').count()).toBe(0);
    expect(await wool.locator('li[data-tag="textiles/wool/finishing"]').count()).toBe(1);
    // Each level names only its own step; the count includes the tags below.
    const count = async (li: ReturnType<Page['locator']>): Promise<number> => Number(await li.locator(':scope > .tag-row .count').textContent());
    expect((await wool.locator(':scope > .tag-row label').innerText()).trim()).toMatch(/^wool\s+\d+$/);
    expect(await count(textiles)).toBeGreaterThanOrEqual(await count(wool));
    expect(await count(wool)).toBeGreaterThanOrEqual(await count(wool.locator('li[data-tag="textiles/wool/finishing"]')));
    expect(await count(wool)).toBeGreaterThan(await count(wool.locator('li[data-tag="textiles/wool/finishing"]')));

    // Collapse and expand by keyboard.
    const toggle = textiles.locator(':scope > .tag-row .tree-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => wool.count()).toBe(0);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Space');
    await expect.poll(() => wool.count()).toBe(1);

    // Ticking a parent tag finds the entries of the tags below it.
    await wool.locator(':scope > .tag-row input').check();
    await expect.poll(() => hash(page)).toBe('#/?tag=textiles%2Fwool');
    await facetsSettled(page);
    expect(await total(page)).toBe(await count(wool));
    await screenshot(page, 'search-tag-tree-en');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps every value of a facet offered while one is ticked, and ticking two gives either (defect 4)', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await facetsSettled(page);
    const kind = page.getByRole('group', { name: 'Kind' });
    const countOf = async (label: RegExp): Promise<number> => Number(await kind.locator('label', { hasText: label }).locator('.count').textContent());
    const methods = await countOf(/Process method/);
    const inventions = await countOf(/Invention/);
    expect(methods).toBeGreaterThan(0);
    expect(inventions).toBeGreaterThan(0);

    await kind.getByLabel(/Process method/).check();
    await expect.poll(() => total(page)).toBe(methods);
    await facetsSettled(page);
    // Invention is still there with its own count, as if Kind were not chosen.
    expect(await kind.getByLabel(/Invention/).isVisible()).toBe(true);
    expect(await countOf(/Invention/)).toBe(inventions);
    expect(await countOf(/Process method/)).toBe(methods);

    await kind.getByLabel(/Invention/).check();
    await expect.poll(() => total(page)).toBe(methods + inventions);
    await expect.poll(() => hash(page)).toBe('#/?kind=method&kind=invention');
    const badges = new Set(await results(page).getByRole('listitem').locator('.kind-badge').allTextContents());
    expect(badges).toEqual(new Set(['Process method', 'Invention']));
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('typing a query', () => {
  it('never flashes an error while a phrase is typed; a malformed query gets a calm hint and no stale results (defect 5)', async () => {
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('');
    // Every alert that ever appears is noted, however briefly it is shown.
    await page.evaluate(`(() => {
      window.__alerts = [];
      const note = () => document.querySelectorAll('[role=alert]').forEach((el) => window.__alerts.push(el.textContent));
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    const alerts = (): Promise<string[]> => page.evaluate<string[]>('window.__alerts');
    const box = searchBox(page);
    await box.pressSequentially('"cloth pre', { delay: 40 });
    // The open phrase is read as if closed: no error, the results of "cloth pre".
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('"cloth pre');
    await box.pressSequentially('ss"', { delay: 40 });
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('"cloth press"');
    expect(await results(page).getByRole('listitem').count()).toBeGreaterThan(0);
    // Unfinished operators and fields while typing: a trailing -, a field name with its colon.
    await box.pressSequentially(' -', { delay: 40 });
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('"cloth press" -');
    expect(await results(page).getByRole('listitem').count()).toBeGreaterThan(0);
    await box.fill('');
    await box.pressSequentially('wool title:', { delay: 40 });
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('wool title:');
    expect(await results(page).getByRole('listitem').count()).toBeGreaterThan(0);
    expect(await alerts()).toEqual([]);
    expect(await page.locator('.query-hint').count()).toBe(0);

    // Really malformed: a field that does not exist. A hint, not an alarm, and no results of the last query.
    await box.fill('nosuchfield:wool');
    const hint = page.locator('.query-hint');
    await expect.poll(() => hint.textContent()).toMatch(/“nosuchfield” is not a field you can search/);
    expect(await results(page).getByRole('listitem').count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await alerts()).toEqual([]);
    expect(await box.getAttribute('aria-describedby')).toBe('query-hint');
    await screenshot(page, 'search-query-hint-en');
    await box.fill('wool');
    await expect.poll(() => hint.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('snippets', () => {
  it('show an entry’s table, headings and lists as words, not Markdown (defect 12)', async () => {
    await api('entries.create', {
      kind: 'method',
      title: 'Scouring bath temperatures',
      summary: '',
      language: 'en',
      body: [
        '# Zirconium mordant trial',
        '',
        '## Results',
        '',
        '| Bath | Zirconium dose | Shrinkage |',
        '|---|---|---|',
        '| A | 2 g/l | 3 % |',
        '| B | 4 g/l | 1 % |',
        '',
        '- **zirconium** kept the colour',
        '- [ ] repeat on merino',
        '',
        '> The zirconium bath was kept at 40 °C.',
      ].join('\n'),
    });
    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await searchBox(page).fill('zirconium');
    await expect.poll(() => results(page).getAttribute('data-query')).toBe('zirconium');
    const snippet = results(page).getByRole('listitem').filter({ hasText: 'Scouring bath temperatures' }).locator('.snippet');
    await expect.poll(() => snippet.textContent()).toMatch(/zirconium/i);
    const text = (await snippet.textContent()) ?? '';
    expect(text).not.toMatch(/\||---|^#|\s#|\*\*|\[ \]|^>|\s>/);
    expect(await snippet.locator('mark').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('the search screens in Russian and Chinese', () => {
  it('have no untranslated interface text with saved searches, the tag tree and the query hint showing', async () => {
    await api('savedSearches.create', { name: 'Шерсть и сукно', query: 'сукно', filters: { kind: ['method'] }, sort: 'newest' });
    const untranslated: string[] = [];
    for (const [language, locale, placeholderName] of [
      ['ru', 'ru-RU', 'Поиск'],
      ['zh', 'zh-CN', '搜索'],
    ] as const) {
      const { page, errors } = await openPage(env.browser(), env.host().host.url, locale);
      await expect.poll(() => page.locator('ul[data-query]').getAttribute('data-query')).toBe('');
      await facetsSettled(page);
      await page.locator('.saved-searches .save-search').click();
      await expect.poll(() => page.locator('.saved-search-form input').count()).toBe(1);
      await page.locator('.saved-search-form button[type=submit]').click();
      await expect.poll(() => page.locator('#saved-search-name-error').count()).toBe(1);
      untranslated.push(...(await untranslatedOn(page, language, 'library-saved-searches', ['Шерсть и сукно'])));
      await page.locator('.saved-search-form input').press('Escape');
      await page.locator('.saved-search-apply').first().click();
      await expect.poll(() => page.locator('.saved-search-apply[aria-current=true]').count()).toBe(1);
      await facetsSettled(page);
      untranslated.push(...(await untranslatedOn(page, language, 'library-saved-search-applied', ['Шерсть и сукно'])));
      await page.getByRole('searchbox', { name: placeholderName }).fill('nosuchfield:wool');
      await expect.poll(() => page.locator('.query-hint').count()).toBe(1);
      expect(await page.getByRole('alert').count()).toBe(0);
      untranslated.push(...(await untranslatedOn(page, language, 'library-query-hint', ['Шерсть и сукно'])));
      expect(errors).toEqual([]);
      await page.context().close();
    }
    expect(untranslated).toEqual([]);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { tempDir } from '../helpers.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { englishWords, stripData, untranslatedOn } from './untranslated.js';

/**
 * The curation screens on the demo catalogue: the first-run question for this catalogue's
 * enterprise, the trash, duplicates compared and merged or set aside, enterprises edited,
 * merged and (refused to be) deleted, tags deleted and moved, and each screen in Russian and
 * Chinese without English interface text.
 */
const env = useHostAndBrowser({ demo: true });

const api = () => {
  const client = createLocalClient(createHandlers(env.host().catalogue, { resourcesDir: () => '' }));
  return client.call.bind(client);
};

const url = (hash: string): string => `${env.host().host.url}${hash}`;

/** The demo entry with the most adoptions (it has links too): the richest thing to delete. */
function richestEntry(): string {
  return env.host().catalogue.db.prepare('SELECT entry_id FROM adoptions GROUP BY entry_id ORDER BY count(*) DESC, entry_id LIMIT 1').pluck().get() as string;
}

/** A new entry repeating a demo entry's kind, title, language and body: a duplicate to find. */
async function duplicateOf(id: string, extra: { tags?: string[] } = {}): Promise<string> {
  const call = api();
  const original = await call('entries.get', { id });
  const copy = await call('entries.create', {
    kind: original.kind,
    title: original.title,
    summary: original.summary,
    body: original.body,
    language: original.language,
    tags: extra.tags ?? [],
  });
  return copy.id;
}

/** Demo entries nobody has used in this file yet, oldest first. */
function demoEntries(count: number, skip: readonly string[]): string[] {
  const ids = env.host().catalogue.db.prepare('SELECT id FROM entries ORDER BY created_at, id').pluck().all() as string[];
  return ids.filter((id) => !skip.includes(id)).slice(0, count);
}

function pairSelector(a: string, b: string): string {
  return `ul.duplicates li[data-pair="${a} ${b}"], ul.duplicates li[data-pair="${b} ${a}"]`;
}

async function dataStrings(): Promise<string[]> {
  const call = api();
  const db = env.host().catalogue.db;
  const titles = db.prepare('SELECT title FROM entries').pluck().all() as string[];
  const trashed = (await call('trash.list', { limit: 1000 })).entries.map((e) => e.title);
  const tags = (await call('tags.list', {})).tags.map((t) => t.path);
  const names = (await call('enterprises.list', {})).enterprises.map((e) => e.name);
  return [...titles, ...trashed, ...tags, ...names].sort((x, y) => y.length - x.length);
}

const LOCALES = { en: 'en-US', ru: 'ru-RU', zh: 'zh-CN' } as const;

describe('curation screens', () => {
  it('asks for this catalogue’s enterprise on first run, in every language, and names it', async () => {
    for (const language of ['ru', 'zh'] as const) {
      const { page } = await openPage(env.browser(), url('#/'), LOCALES[language]);
      await page.locator('.own-enterprise-banner input').waitFor();
      expect(await untranslatedOn(page, language, 'own-enterprise-banner', await dataStrings())).toEqual([]);
      if (language === 'zh') {
        // "Later" puts the question away in this browser, across reloads, without naming anything.
        await page.locator('.own-enterprise-banner button.later').click();
        await expect.poll(() => page.locator('.own-enterprise-banner').count()).toBe(0);
        await page.reload();
        await page.locator('nav a[href="#/tags"]').waitFor();
        await page.locator('#search').waitFor();
        expect(await page.evaluate(`localStorage.getItem('ratio-own-enterprise-later')`)).toBe('1');
        expect(await page.locator('.own-enterprise-banner').count()).toBe(0);
        expect((await api()('catalogue.info', {})).ownEnterprise?.named ?? false).toBe(false);
      }
      await page.context().close();
    }
    const { page, errors } = await openPage(env.browser(), url('#/'));
    const banner = page.locator('.own-enterprise-banner');
    await banner.locator('input').waitFor();
    await screenshot(page, 'own-enterprise-banner-en');
    // An empty name is refused beside the field, and nothing is written.
    await banner.getByRole('button', { name: 'Name the enterprise' }).click();
    await expect.poll(() => banner.locator('.field-error').textContent()).toMatch(/name/i);
    expect((await api()('catalogue.info', {})).ownEnterprise?.named ?? false).toBe(false);

    await banner.getByLabel('Name of this catalogue’s enterprise').fill('Kulanovno Fine Wool Factory');
    await banner.getByRole('button', { name: 'Name the enterprise' }).click();
    await expect.poll(() => banner.textContent()).toMatch(/now carry this name/);
    const info = await api()('catalogue.info', {});
    expect(info.ownEnterprise).toMatchObject({ name: 'Kulanovno Fine Wool Factory', named: true });
    const self = (await api()('enterprises.list', {})).enterprises.filter((e) => e.isSelf);
    expect(self.map((e) => e.name)).toEqual(['Kulanovno Fine Wool Factory']);
    // Bundles now carry the name, not "Enterprise a92aa1b0".
    const exported = await api()('exchange.export', { out: path.join(tempDir('ratio-curation-'), 'named.ratio') });
    expect(exported.producer.name).toBe('Kulanovno Fine Wool Factory');

    // Named, it is not asked again; the Enterprises screen shows it and can rename it.
    await page.reload();
    await page.locator('nav a[href="#/tags"]').waitFor();
    await page.goto(url('#/enterprises'));
    await expect.poll(() => page.locator('.own-enterprise').textContent()).toMatch(/belongs to Kulanovno Fine Wool Factory/);
    expect(await page.locator('.own-enterprise-banner').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('deletes an entry, finds it in the trash, opens it read-only and restores it', async () => {
    const call = api();
    const id = richestEntry();
    const before = await call('entries.get', { id });
    expect(before.adoptions.length).toBeGreaterThan(0);
    await call('entries.delete', { id });

    const { page, errors } = await openPage(env.browser(), url('#/'));
    // The navigation counts what is in the trash.
    await expect.poll(() => page.locator('nav a[href="#/trash"]').textContent()).toMatch(/Trash\s*1/);
    await page.locator('nav a[href="#/trash"]').click();
    const item = page.locator(`.trash-list li[data-id="${id}"]`);
    await expect.poll(() => item.locator('.trash-title').textContent()).toBe(before.title);
    await expect.poll(() => item.textContent()).toMatch(/Deleted .* by e2e/);
    await screenshot(page, 'trash-en');

    await item.locator('.trash-title').click();
    await expect.poll(() => page.locator('#entry-title').textContent()).toBe(before.title);
    expect(page.url()).toContain(`#/trash/${id}`);
    await expect.poll(() => page.locator('.adoption').count()).toBe(before.adoptions.length);
    await expect.poll(() => page.locator('.trashed-links li').count()).toBe(before.links.length);
    await expect.poll(() => page.locator('.markdown').getAttribute('data-render')).not.toBe('pending');
    // Read-only: nothing on it edits the entry.
    expect(await page.locator('a[href$="/edit"], textarea, input:not([type=radio])').count()).toBe(0);
    await screenshot(page, 'trashed-entry-en');

    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.waitForURL(`**#/entry/${id}`);
    await expect.poll(() => page.locator('#entry-title').textContent()).toBe(before.title);
    const after = await call('entries.get', { id });
    expect(after.adoptions.length).toBe(before.adoptions.length);
    expect(after.links.length).toBe(before.links.length);
    expect((await call('trash.list', {})).total).toBe(0);
    await expect.poll(() => page.locator('nav a[href="#/trash"] .nav-count').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('compares a duplicate pair, merges it with undo offered, and sets another pair aside for good', async () => {
    const call = api();
    const [first, second] = demoEntries(2, [richestEntry()]) as [string, string];
    const firstCopy = await duplicateOf(first, { tags: ['curation/from-the-copy'] });
    const secondCopy = await duplicateOf(second);
    const original = await call('entries.get', { id: first });

    const { page, errors } = await openPage(env.browser(), url('#/duplicates'));
    const pair = page.locator(pairSelector(first, firstCopy));
    await pair.waitFor();
    // Across languages the demo's translations are proposed too, by their links, and say so.
    await expect.poll(() => page.locator('ul.duplicates').textContent()).toMatch(/linked, in two languages/);
    await pair.getByRole('button', { name: /^Compare “/ }).click();
    const compare = page.getByRole('region', { name: 'Side by side' });
    await expect.poll(() => compare.locator('tbody tr').count()).toBeGreaterThan(10);
    // Same title and body; the copy's extra tag and the dates differ, and are marked.
    expect(await compare.locator('tr[data-field=title]').getAttribute('data-differs')).toBe('false');
    expect(await compare.locator('tr[data-field=body]').getAttribute('data-differs')).toBe('false');
    expect(await compare.locator('tr[data-field=tags]').getAttribute('data-differs')).toBe('true');
    await expect.poll(() => compare.locator('tr[data-field=tags] th').textContent()).toMatch(/differs/);
    await compare.locator(`input[type=radio][value="${first}"]`).check();
    await screenshot(page, 'duplicates-compare-en');

    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await compare.getByRole('button', { name: 'Merge into the kept entry' }).click();
    await expect.poll(() => page.locator('.merge-outcome').textContent()).toMatch(/1 tag added/);
    expect(asked).toMatch(/tags, links, adoptions and attachments move to/);
    expect(asked).toMatch(/goes to the trash as a duplicate of/);
    // Merged: the copy is in the trash as a duplicate of the kept entry, which has its tag.
    const kept = await call('entries.get', { id: first });
    expect(kept.tags).toEqual(expect.arrayContaining([...original.tags, 'curation/from-the-copy']));
    const trashed = await call('trash.get', { id: firstCopy });
    expect(trashed.mergedInto?.id).toBe(first);
    await expect.poll(() => page.locator(pairSelector(first, firstCopy)).count()).toBe(0);
    await expect.poll(() => page.locator('.toast').textContent()).toMatch(/Merged a duplicate/);

    // The trash says where the copy went, with a link to the kept entry (moving in the page keeps the undo offer).
    await page.locator('nav a[href="#/trash"]').click();
    const mergedItem = page.locator(`.trash-list li[data-id="${firstCopy}"]`);
    await expect.poll(() => mergedItem.textContent()).toMatch(/merged into/);
    expect(await mergedItem.locator(`a[href="#/entry/${first}"]`).count()).toBe(1);
    // The toast takes the merge back: the copy is out of the trash, the kept entry as it was.
    await page.locator('.toast').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await call('trash.list', { limit: 1000 })).entries.some((e) => e.id === firstCopy)).toBe(false);
    expect((await call('entries.get', { id: first })).tags.sort()).toEqual([...original.tags].sort());
    expect((await call('entries.get', { id: firstCopy })).tags).toEqual(['curation/from-the-copy']);
    await page.locator('nav a[href="#/duplicates"]').click();

    // The other pair: not a duplicate, gone now and after a reload, never proposed again.
    const other = page.locator(pairSelector(second, secondCopy));
    await other.getByRole('button', { name: /^Not a duplicate: “/ }).click();
    await expect.poll(() => page.locator(pairSelector(second, secondCopy)).count()).toBe(0);
    await page.reload();
    await page.locator('ul.duplicates').waitFor();
    expect(await page.locator(pairSelector(second, secondCopy)).count()).toBe(0);
    const proposed = (await call('entries.duplicates', { threshold: 0.5, limit: 1000 })).candidates.map((c) => [c.a.id, c.b.id].sort().join(' '));
    expect(proposed).not.toContain([second, secondCopy].sort().join(' '));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('edits, merges and deletes enterprises, showing the merge counts and the refusal for a used one', async () => {
    const call = api();
    const { enterprises } = await call('enterprises.list', {});
    const used = enterprises.filter((e) => !e.isSelf && e.entryCount > 0).sort((x, y) => x.entryCount - y.entryCount);
    const from = used[0];
    const into = used[1];
    if (!from || !into) throw new Error('The demo needs two enterprises with entries.');
    const adoptionsFrom = env.host().catalogue.db.prepare('SELECT count(*) FROM adoptions WHERE enterprise_id = ?').pluck().get(from.id) as number;
    const spare = await call('enterprises.create', { name: 'Spare Works To Delete' });

    const { page, errors } = await openPage(env.browser(), url('#/enterprises'));
    const row = (id: string) => page.locator(`tr[data-id="${id}"]`);
    await row(from.id).waitFor();

    // Edit: the name is required beside the field; a new place is saved.
    await row(into.id)
      .getByRole('button', { name: `Edit “${into.name}”` })
      .click();
    const edit = page.locator('form.enterprise-edit');
    await edit.locator('input[name=name]').fill('');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => edit.locator('.field-error').textContent()).toMatch(/needs a name/);
    await edit.locator('input[name=name]').fill(into.name);
    await edit.locator('input[name=place]').fill('Troitsk, Chelyabinsk region');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => row(into.id).textContent()).toMatch(/Troitsk, Chelyabinsk region/);

    // Delete a used one: refused, with what uses it.
    page.on('dialog', (dialog) => void dialog.accept());
    await row(from.id)
      .getByRole('button', { name: `Delete “${from.name}”` })
      .click();
    const refusal = page.locator('.row-detail [role=alert]');
    await expect.poll(() => refusal.textContent()).toMatch(/cannot be deleted while something refers to it/);
    expect(await refusal.textContent()).toMatch(from.entryCount === 1 ? /1 entry comes from it/ : new RegExp(`${from.entryCount} entries come from it`));
    await screenshot(page, 'enterprises-refusal-en');
    // An unused one goes.
    await row(spare.id).getByRole('button', { name: 'Delete “Spare Works To Delete”' }).click();
    await expect.poll(() => row(spare.id).count()).toBe(0);
    expect((await call('enterprises.list', {})).enterprises.some((e) => e.id === spare.id)).toBe(false);

    // Merge: entries and adoptions re-pointed, the counts shown.
    await row(from.id)
      .getByRole('button', { name: `Merge “${from.name}” into another enterprise` })
      .click();
    const merge = page.locator('form.enterprise-merge');
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect.poll(() => merge.locator('.field-error').count()).toBe(1);
    await merge.locator('select').selectOption(into.id);
    await merge.getByRole('button', { name: 'Merge', exact: true }).click();
    const counts = page.locator('.merge-counts');
    await expect.poll(() => counts.textContent()).toMatch(new RegExp(`${from.entryCount} entr(y|ies) re-pointed`));
    expect(await counts.textContent()).toMatch(new RegExp(`${adoptionsFrom} adoptions? re-pointed`));
    await expect.poll(() => row(from.id).count()).toBe(0);
    await screenshot(page, 'enterprises-en');
    const after = (await call('enterprises.list', {})).enterprises;
    expect(after.some((e) => e.id === from.id)).toBe(false);
    expect(after.find((e) => e.id === into.id)?.entryCount).toBe(into.entryCount + from.entryCount);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('deletes an empty tag, refuses a used one with the reason, and moves tags under another parent and to the top', async () => {
    const call = api();
    await call('tags.create', { path: 'scratch-empty' });
    await call('tags.create', { path: 'loose-tag' });
    const { tags } = await call('tags.list', {});
    const usedTag = tags.find((t) => t.totalCount > 0 && !t.path.includes('/'));
    const nested = tags.find((t) => t.path.includes('/') && t.totalCount > 0);
    if (!usedTag || !nested) throw new Error('The demo needs a used top tag and a used nested tag.');

    const { page, errors } = await openPage(env.browser(), url('#/tags'));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete “scratch-empty”' }).click();
    await expect.poll(async () => (await call('tags.list', {})).tags.some((t) => t.path === 'scratch-empty')).toBe(false);
    await expect.poll(() => page.getByRole('button', { name: 'Delete “scratch-empty”' }).count()).toBe(0);

    await page.getByRole('button', { name: `Delete “${usedTag.path}”` }).click();
    await expect.poll(() => page.locator('.tag-refusal').textContent()).toMatch(/Not deleted: \d+ entr(y carries|ies carry) this tag/);
    expect((await call('tags.list', {})).tags.some((t) => t.path === usedTag.path)).toBe(true);
    await screenshot(page, 'tags-refusal-en');

    // Under another parent…
    await page.getByRole('button', { name: 'Move “loose-tag” under another tag' }).click();
    await page.getByLabel('Move under').selectOption(usedTag.path);
    await screenshot(page, 'tags-move-en');
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(async () => (await call('tags.list', {})).tags.some((t) => t.path === `${usedTag.path}/loose-tag`)).toBe(true);
    // …and a nested one to the top level, with its entries.
    const leaf = nested.path.slice(nested.path.lastIndexOf('/') + 1);
    await page.getByRole('button', { name: `Move “${nested.path}” under another tag` }).click();
    await page.getByLabel('Move under').selectOption({ label: 'The top level' });
    await page.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(async () => (await call('tags.list', {})).tags.find((t) => t.id === nested.id)?.path).toBe(leaf);
    expect((await call('tags.list', {})).tags.find((t) => t.id === nested.id)?.totalCount).toBe(nested.totalCount);
    await screenshot(page, 'tags-en');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const language of ['ru', 'zh'] as const) {
    it(`shows the trash, duplicates compare, enterprises and tags in ${language} without English interface text`, async () => {
      const call = api();
      // Something in the trash (deleted, and the copy merged earlier), a pair to compare.
      const [victim, twin] = demoEntries(2, [richestEntry()]).slice(-2) as [string, string];
      await call('entries.delete', { id: victim });
      const copy = await duplicateOf(twin);
      const data = await dataStrings();
      const { page, errors } = await openPage(env.browser(), url('#/trash'), LOCALES[language]);
      const untranslated: string[] = [];
      page.on('dialog', (dialog) => {
        const words = englishWords(stripData(dialog.message(), data));
        if (words.length > 0) untranslated.push(`dialog: “${dialog.message()}” (${words.join(' ')})`);
        void dialog.accept();
      });
      const check = async (screen: string): Promise<void> => {
        untranslated.push(...(await untranslatedOn(page, language, screen, data)));
      };

      await page.locator('.trash-list li').first().waitFor();
      await check('trash');
      await page.goto(url(`#/trash/${victim}`));
      await page.locator('.trashed-notice').waitFor();
      await expect.poll(() => page.locator('.markdown').getAttribute('data-render')).not.toBe('pending');
      await check('trashed-entry');

      await page.goto(url('#/duplicates'));
      await page.locator(pairSelector(twin, copy)).locator('button').first().click();
      await page.locator('.compare-table tbody tr').first().waitFor();
      await check('duplicates-compare');

      await page.goto(url('#/enterprises'));
      const used = (await call('enterprises.list', {})).enterprises.find((e) => !e.isSelf && e.entryCount > 0);
      if (!used) throw new Error('No used enterprise left.');
      await page.locator(`tr[data-id="${used.id}"] button.danger`).click();
      await page.locator('.row-detail [role=alert] li').first().waitFor();
      await page.locator(`tr[data-id="${used.id}"] button`).nth(1).click();
      await check('enterprises');

      await page.goto(url('#/tags'));
      const rows = page.locator('.tag-tree > li');
      await rows.first().waitFor();
      const usedTag = (await call('tags.list', {})).tags.findIndex((t) => t.totalCount > 0);
      await rows.nth(usedTag).locator('button.danger').click();
      await page.locator('.tag-refusal').waitFor();
      // The move picker on another row, so the refusal stays on screen beside it.
      await rows
        .nth(usedTag === 0 ? 1 : 0)
        .locator('button')
        .nth(3)
        .click();
      await page.locator('.tag-tree select').waitFor();
      await check('tags');

      expect(untranslated).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

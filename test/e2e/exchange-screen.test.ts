import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { tempDir } from '../helpers.js';
import { openPage, screenshot, startTestHost, useHostAndBrowser, type TestHost } from './harness.js';
import { untranslatedOn } from './untranslated.js';

/**
 * The Exchange screen's own actions (trust by pasted key, CSV and Markdown, the export
 * selection) and the dashboard's exchange network, each in the browser against a host.
 */
const { host, browser } = useHostAndBrowser();

const LOCALES = { en: 'en-US', ru: 'ru-RU', zh: 'zh-CN' } as const;
const OWN = 'Our Own Weaving Mill';

/** Hosts a test starts besides the file's own, closed at the end. */
const others: TestHost[] = [];
const partners: Catalogue[] = [];
afterAll(async () => {
  for (const other of others) await other.close();
  for (const partner of partners) partner.close();
});

function partnerCatalogue(): Catalogue {
  const partner = Catalogue.open(path.join(tempDir('ratio-partner-'), 'catalogue'), { create: true, actor: 'partner' });
  partners.push(partner);
  return partner;
}

async function exchangeTab(page: Page, tab: RegExp): Promise<void> {
  await go(page, '#/exchange');
  await page.getByRole('tab', { name: tab }).click();
}

const api = (catalogue: Catalogue) => {
  const client = createLocalClient(createHandlers(catalogue, { resourcesDir: () => '' }));
  return client.call.bind(client);
};

async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
/** The page boxes of every element a selector finds (a script string: the tests have no DOM types). */
const boxesOf = (page: Page, selector: string): Promise<Box[]> =>
  page.evaluate<Box[]>(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => { const r = el.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; })`,
  );

/** Names of many lengths, as enterprises are really called. */
function enterpriseName(i: number): string {
  const kinds = ['Mill', 'Fine Wool Factory', 'Mining Combine', 'Works', 'Cloth Mill No. 2', 'Machine-Building Plant', 'Coop'];
  const places = ['Kulanovo', 'Ivanovo', 'Ust-Kamenogorsk', 'Tver', 'Orsk', 'Narva', 'Shuya', 'Pavlovsky Posad'];
  return `${places[i % places.length] ?? ''} ${kinds[(i * 3) % kinds.length] ?? ''} ${i}`;
}

describe('the dashboard exchange network (defect 10)', () => {
  it('lays out 50 enterprises with no two labels overlapping, all inside the picture, with a legend and arrows', async () => {
    const call = api(host().catalogue);
    const names = Array.from({ length: 50 }, (_, i) => enterpriseName(i));
    const entryOf: string[] = [];
    for (const name of names) {
      entryOf.push((await call('entries.create', { kind: 'method', title: `Method of ${name}`, enterprise: name })).id);
    }
    // Each enterprise learns from two others; a few learn from many.
    for (let i = 0; i < names.length; i += 1) {
      for (const from of [(i + 1) % 50, (i + 7) % 50, ...(i % 10 === 0 ? [(i + 13) % 50, (i + 29) % 50] : [])]) {
        await call('adoptions.add', { entryId: entryOf[from] ?? '', enterprise: names[i] ?? '', date: '2025-03-01' });
      }
    }
    // Bundles sent from here to five partners: the other kind of edge.
    await call('exchange.keys', { enterpriseName: OWN });
    const out = tempDir('ratio-net-');
    for (const to of names.slice(0, 5)) await call('exchange.export', { out: path.join(out, `${to}.ratio`), to });

    const { page, errors } = await openPage(browser(), host().host.url);
    await go(page, '#/dashboard');
    const svg = page.locator('svg.network');
    await svg.waitFor();
    const labels = svg.locator('text.node-label');
    expect(await labels.count()).toBe(51);
    const boxes = await boxesOf(page, 'svg.network text.node-label');
    const [frame] = await boxesOf(page, 'svg.network');
    if (!frame) throw new Error('no network picture');
    await screenshot(page, 'dashboard-network-50');
    for (const [i, a] of boxes.entries()) {
      expect(a.left, `label ${i} inside`).toBeGreaterThanOrEqual(frame.left);
      expect(a.top, `label ${i} inside`).toBeGreaterThanOrEqual(frame.top);
      expect(a.right, `label ${i} inside`).toBeLessThanOrEqual(frame.right);
      expect(a.bottom, `label ${i} inside`).toBeLessThanOrEqual(frame.bottom);
      for (const [j, b] of boxes.entries()) {
        if (j <= i) continue;
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        expect(apart, `labels ${i} and ${j} overlap: ${JSON.stringify([a, b])}`).toBe(true);
      }
    }
    // Every label is whole: no name was cut to fit.
    expect((await labels.allTextContents()).sort()).toEqual([...names, 'Our Own Weaving Mill'].sort());
    // Readable: labels are drawn at no less than 10 px on the page.
    for (const box of boxes) expect(box.bottom - box.top).toBeGreaterThanOrEqual(10);
    // Both kinds of edge, each with an arrow at the learner's end, and a legend naming them.
    expect(await svg.locator('path.edge[data-via="adoption"]').count()).toBe(110);
    expect(await svg.locator('path.edge[data-via="bundle"]').count()).toBe(5);
    expect(await svg.locator('path.edge[marker-end]').count()).toBe(115);
    const legend = page.locator('.network-legend');
    await expect.poll(() => legend.textContent()).toMatch(/Adoption.*Bundle/);
    await expect.poll(() => page.locator('.network-direction').textContent()).toMatch(/points from the enterprise that shared/);
    await svg.scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboard-network-50');
    expect(errors).toEqual([]);

    for (const language of ['ru', 'zh'] as const) {
      const other = await openPage(browser(), host().host.url, LOCALES[language]);
      await go(other.page, '#/dashboard');
      await other.page.locator('svg.network').waitFor();
      await other.page.locator('svg.network').scrollIntoViewIfNeeded();
      expect(
        await untranslatedOn(other.page, language, 'dashboard-network', [
          ...names,
          'Our Own Weaving Mill',
          ...entryOf.map((_, i) => `Method of ${names[i] ?? ''}`),
        ]),
      ).toEqual([]);
      await other.page.context().close();
    }
    await page.context().close();
  });
});

const entryCount = (catalogue: Catalogue): number => catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get() as number;

describe('import history in words (defect 11)', () => {
  it('names the signature and every count in English, Russian and Chinese, never an internal key', async () => {
    const call = api(host().catalogue);
    const partner = partnerCatalogue();
    const p = api(partner);
    await p('exchange.keys', { enterpriseName: 'Second Partner Works' });
    const dir = tempDir('ratio-history-');
    const id = (host().catalogue.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 1').pluck().get() as string) || '';
    await call('exchange.export', { out: path.join(dir, 'to-partner.ratio'), ids: [id] });
    await p('exchange.import', { file: path.join(dir, 'to-partner.ratio'), trust: true });
    await call('entries.update', { id, patch: { summary: 'Edited at home.' } });
    await p('entries.update', { id, patch: { summary: 'Edited by the partner.' } });
    await p('entries.create', { kind: 'invention', title: 'Partner press for heavy cloth', tags: ['partner/presses'], language: 'en' });
    await p('exchange.export', { out: path.join(dir, 'from-partner.ratio') });
    await call('exchange.import', { file: path.join(dir, 'from-partner.ratio'), trust: true, onConflict: 'keep-both' });

    const expected = {
      en: ['signer trusted on import', '1 new', '1 conflict', '1 kept both', '2 new tags'],
      ru: ['ключу отправителя доверились при приёме', '1 новая', '1 конфликт', 'оставлены обе — 1', '2 новые рубрики'],
      zh: ['导入时已信任签名者', '新增 1 条', '两者都保留 1 条', '新标签 2 个'],
    };
    for (const language of ['en', 'ru', 'zh'] as const) {
      const { page, errors } = await openPage(browser(), host().host.url, LOCALES[language]);
      await go(page, '#/exchange');
      await page.getByRole('tab').nth(3).click();
      const log = page.locator('.import-log li').first();
      await log.waitFor();
      const text = (await log.textContent()) ?? '';
      for (const key of ['trusted-on-import', 'tagsCreated', 'keptBoth', 'keptLocal', 'tookIncoming', 'unknown-signer'])
        expect(text, language).not.toContain(key);
      for (const words of expected[language]) expect(text, language).toContain(words);
      if (language !== 'en') expect(await untranslatedOn(page, language, 'exchange-history', ['Second Partner Works'])).toEqual([]);
      if (language === 'en') await screenshot(page, 'exchange-history-en');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

describe('trust a partner by pasting its key', () => {
  it('checks the pasted text, shows the fingerprint before trusting, and registers the key', async () => {
    const partner = partnerCatalogue();
    const key = await api(partner)('exchange.keys', { enterpriseName: 'Partner Mill' });
    const { page, errors } = await openPage(browser(), host().host.url);
    await exchangeTab(page, /^Partners and keys$/);
    const form = page.locator('form.trust-form');
    const enterprise = form.getByLabel('Partner enterprise');
    const text = form.getByLabel('Public key');
    const trust = form.getByRole('button', { name: 'Trust this key' });

    // Our own enterprise's key is never trusted from outside.
    await enterprise.fill(OWN);
    await enterprise.blur();
    await expect.poll(() => form.locator('.field-error').first().textContent()).toMatch(/own enterprise/);
    // A key one character short, and text that is no key at all: said beside the field, nothing sent.
    await enterprise.fill('Partner Mill');
    await expect.poll(() => form.textContent()).toMatch(/No enterprise of this name is known here: Partner Mill will be added/);
    await text.fill(key.publicKey.slice(1));
    await text.blur();
    await expect.poll(() => form.locator('.field-error').textContent()).toMatch(/not a partner’s public key/);
    expect(await form.locator('.fingerprint-check').count()).toBe(0);
    expect(await trust.isDisabled()).toBe(true);

    // The real key: its fingerprint, grouped as read aloud, must be compared before the button works.
    await text.fill(key.publicKey);
    const grouped = key.fingerprint.match(/.{1,4}/g)?.join(' ') ?? '';
    await expect.poll(() => form.locator('.fingerprint-check .fingerprint').textContent()).toBe(grouped);
    expect(await form.locator('.field-error').count()).toBe(0);
    expect(await trust.isDisabled()).toBe(true);
    await form.getByLabel('I compared the fingerprint with the partner’s').check();
    await screenshot(page, 'exchange-trust-en');
    await trust.click();
    await expect.poll(() => form.locator('.report').textContent()).toMatch(/The key of Partner Mill is trusted now/);
    const stored = host().catalogue.db.prepare("SELECT public_key FROM enterprises WHERE name = 'Partner Mill'").pluck().get();
    expect(stored).toBe(key.publicKey);
    await expect.poll(() => page.locator('table').filter({ hasText: 'Partner Mill' }).locator('.fingerprint').allTextContents()).toContain(grouped);

    // A PEM block of the same key is read too, and shows the same fingerprint.
    const raw = Buffer.from(key.publicKey, 'base64');
    const der = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
    await text.fill(`-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`);
    await expect.poll(() => form.locator('.fingerprint-check .fingerprint').textContent()).toBe(grouped);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('CSV and Markdown from the Exchange screen', () => {
  it('exports CSV and imports it on a second host, which shows the report and its conflicts', async () => {
    const b = await startTestHost();
    others.push(b);
    const total = entryCount(host().catalogue);
    const { page, errors } = await openPage(browser(), host().host.url);
    await exchangeTab(page, /^Export$/);
    await page.getByLabel('CSV table').check();
    await page.getByLabel('Everything').check();
    await expect.poll(() => page.locator('.estimate').textContent()).toBe(`${String(total)} entries will be written.`);
    // A delta has no meaning without a bundle: it is not offered.
    expect(await page.getByLabel(/since the last bundle/).count()).toBe(0);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Write CSV file' }).click();
    await download;
    await expect.poll(() => page.locator('.flat-report').textContent()).toMatch(new RegExp(`Written: ${String(total)} entries`));
    const file = ((await page.locator('.flat-report .muted').textContent()) ?? '').replace(/^Saved at /, '');
    expect(fs.existsSync(file)).toBe(true);
    await screenshot(page, 'exchange-export-csv-en');

    const other = await openPage(browser(), b.host.url);
    await exchangeTab(other.page, /^Import$/);
    await other.page.getByRole('button', { name: /Import a CSV table or a Markdown folder/ }).click();
    await other.page.getByLabel('Choose a CSV file…').setInputFiles(file);
    await expect.poll(() => other.page.locator('.flat-import-report').textContent()).toMatch(new RegExp(`Imported: ${String(total)} created`));
    expect(entryCount(b.catalogue)).toBe(total);

    // Changed here, then the same table again: one conflict, kept as it is here, listed by title.
    const id = b.catalogue.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 1').pluck().get() as string;
    const title = b.catalogue.db.prepare('SELECT title FROM entries WHERE id = ?').pluck().get(id) as string;
    await api(b.catalogue)('entries.update', { id, patch: { summary: 'Changed on the second host.' } });
    await other.page.getByLabel('Choose a CSV file…').setInputFiles(file);
    await expect.poll(() => other.page.locator('.flat-import-report').textContent()).toMatch(new RegExp(`${String(total - 1)} unchanged.*1 conflict`));
    await expect.poll(() => other.page.locator('.flat-import-report table').textContent()).toContain(title);
    await expect.poll(() => other.page.locator('.flat-import-report').textContent()).toMatch(/Conflicts: 1 kept ours/);
    expect(b.catalogue.db.prepare('SELECT summary FROM entries WHERE id = ?').pluck().get(id)).toBe('Changed on the second host.');
    await screenshot(other.page, 'exchange-import-csv-en');
    expect([...errors, ...other.errors]).toEqual([]);
    await page.context().close();
    await other.page.context().close();
  });

  it('exports a Markdown folder and imports the folder on a fresh host', async () => {
    const c = await startTestHost();
    others.push(c);
    const total = entryCount(host().catalogue);
    const { page, errors } = await openPage(browser(), host().host.url);
    await exchangeTab(page, /^Export$/);
    await page.getByLabel(/Markdown folder/).check();
    await page.getByLabel('Everything').check();
    await expect.poll(() => page.locator('.estimate').textContent()).toBe(`${String(total)} entries will be written.`);
    await page.getByRole('button', { name: 'Write Markdown folder' }).click();
    await expect.poll(() => page.locator('.flat-report').textContent()).toMatch(new RegExp(`Written: ${String(total)} entries`));
    const folder = (await page.locator('.flat-report .muted [data-content]').textContent()) ?? '';
    expect(fs.readdirSync(folder).filter((n) => n.endsWith('.md')).length).toBe(total);
    // In the browser the folder comes down as one zip.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.flat-report').getByRole('button', { name: 'Download again' }).click()]);
    expect(download.suggestedFilename()).toBe(`${path.basename(folder)}.zip`);
    const zipped = fs.readFileSync(await download.path());
    expect(zipped.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(zipped.length).toBeGreaterThan(1000);

    const other = await openPage(browser(), c.host.url);
    await exchangeTab(other.page, /^Import$/);
    await other.page.getByRole('button', { name: /Import a CSV table or a Markdown folder/ }).click();
    await other.page.getByLabel('Choose a Markdown folder…').setInputFiles(folder);
    await expect
      .poll(() => other.page.locator('.flat-import-report').textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`Imported: ${String(total)} created`));
    expect(entryCount(c.catalogue)).toBe(total);
    const sample = host().catalogue.db.prepare('SELECT id, title FROM entries ORDER BY id LIMIT 1').get() as { id: string; title: string };
    expect(c.catalogue.db.prepare('SELECT title FROM entries WHERE id = ?').pluck().get(sample.id)).toBe(sample.title);
    await screenshot(other.page, 'exchange-import-markdown-en');
    expect([...errors, ...other.errors]).toEqual([]);
    await page.context().close();
    await other.page.context().close();
  });
});

describe('a refused bundle (defect 15)', () => {
  it('is said in one human sentence, without the zip library’s words', async () => {
    const dir = tempDir('ratio-broken-');
    const file = path.join(dir, 'broken.ratio');
    fs.writeFileSync(file, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(3000, 7)]));
    for (const language of ['en', 'ru'] as const) {
      const { page, errors } = await openPage(browser(), host().host.url, LOCALES[language]);
      await go(page, '#/exchange');
      await page.locator('.dropzone input[type=file]').first().setInputFiles(file);
      const alert = page.locator('[role=alert]').first();
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      expect(text).not.toMatch(/central directory|signature not found|truncated|yauzl|\(/i);
      if (language === 'en') expect(text).toMatch(/The bundle was refused: it is not a zip archive or it is damaged\./);
      else expect(await untranslatedOn(page, language, 'exchange-refused', [])).toEqual([]);
      if (language === 'en') await screenshot(page, 'exchange-refused-en');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

describe('the export selection', () => {
  it('takes a saved search or ids from the address, follows it in the estimate, and never offers our own enterprise', async () => {
    const call = api(host().catalogue);
    const saved = await call('savedSearches.create', { name: 'Everything from Kulanovo', query: 'Kulanovo' });
    const matching = (await call('search.query', { query: 'Kulanovo', limit: 200 })).total;
    expect(matching).toBeGreaterThan(2);
    const { page, errors } = await openPage(browser(), host().host.url);
    await go(page, `#/exchange?saved=${saved.id}`);
    await expect.poll(() => page.getByRole('tab', { name: 'Export', exact: true }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByLabel('A saved search').isChecked()).toBe(true);
    await expect.poll(() => page.getByLabel('Saved search', { exact: true }).inputValue()).toBe(saved.id);
    await expect.poll(() => page.locator('.estimate').textContent()).toMatch(new RegExp(`^${String(matching)} entries,`));

    // This catalogue's own enterprise signs bundles; it is not a recipient. Partners are.
    const recipients = await page.getByLabel('Recipient').locator('option').allTextContents();
    expect(recipients).not.toContain(OWN);
    expect(recipients).toContain('Partner Mill');
    expect(recipients).toContain(enterpriseName(3));

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Write bundle' }).click();
    await download;
    await expect.poll(() => page.locator('.report').first().textContent()).toMatch(new RegExp(`written: ${String(matching)} entries`));
    await screenshot(page, 'exchange-export-saved-en');
    // Defect 16: the size shown before writing is the core's estimate, within a quarter of what was written.
    const kb = (text: string | null, pattern: RegExp): number => Number(pattern.exec(text ?? '')?.[1] ?? NaN);
    const estimated = kb(await page.locator('.estimate').textContent(), /about ([\d.]+) KB/);
    const written = kb(await page.locator('.report').first().textContent(), /entries, ([\d.]+) KB/);
    expect(estimated / written).toBeGreaterThan(0.75);
    expect(estimated / written).toBeLessThan(1.25);
    await page.context().close();

    // Three entries chosen in the library (and one id that is none): the estimate counts three.
    const ids = host().catalogue.db.prepare('SELECT id FROM entries ORDER BY id LIMIT 3').pluck().all() as string[];
    const second = await openPage(browser(), host().host.url);
    await go(second.page, `#/exchange?ids=${[...ids, 'not-an-id'].join(',')}`);
    await expect.poll(() => second.page.locator('.estimate').textContent()).toMatch(/^3 entries,/);
    await expect.poll(() => second.page.locator('.notice').first().textContent()).toBe('3 entries chosen in the library');
    expect(await second.page.getByLabel('Entries I pick').isChecked()).toBe(true);
    // A new request while the screen is open replaces the selection.
    await go(second.page, `#/exchange?ids=${ids.slice(0, 2).join(',')}`);
    await expect.poll(() => second.page.locator('.estimate').textContent()).toMatch(/^2 entries,/);
    expect([...errors, ...second.errors]).toEqual([]);
    await second.page.context().close();
  });
});

describe('the Exchange screen in Russian and Chinese', () => {
  it('has no untranslated text on any of its panels', async () => {
    const names = host().catalogue.db.prepare('SELECT name FROM enterprises').pluck().all() as string[];
    const titles = host().catalogue.db.prepare('SELECT title FROM entries').pluck().all() as string[];
    const data = [...names, ...titles, 'Everything from Kulanovo', 'partner/presses', 'partner'];
    const key = await api(partnerCatalogue())('exchange.keys', { enterpriseName: 'Third Partner' });
    for (const language of ['ru', 'zh'] as const) {
      const { page, errors } = await openPage(browser(), host().host.url, LOCALES[language]);
      const found: string[] = [];
      await go(page, '#/exchange');
      const tabs = page.getByRole('tab');
      await tabs.nth(0).click();
      await page.locator('.flat-import-disclosure h2 button').click();
      await page.locator('.flat-import').waitFor();
      found.push(...(await untranslatedOn(page, language, 'exchange-import', data)));
      await tabs.nth(1).click();
      await page.locator('.estimate').waitFor();
      found.push(...(await untranslatedOn(page, language, 'exchange-export', data)));
      await page.locator('input[name="format"][value="csv"]').check();
      await page.locator('input[name="selection"][value="saved"]').check();
      found.push(...(await untranslatedOn(page, language, 'exchange-export-csv', data)));
      await tabs.nth(2).click();
      const form = page.locator('form.trust-form');
      await form.locator('input').first().fill('Third Partner');
      await form.locator('textarea').fill(key.publicKey);
      await form.locator('.fingerprint-check').waitFor();
      found.push(...(await untranslatedOn(page, language, 'exchange-partners', [...data, 'Third Partner'])));
      await form.locator('textarea').fill('no key');
      await form.locator('textarea').blur();
      await form.locator('.field-error').waitFor();
      found.push(...(await untranslatedOn(page, language, 'exchange-trust-invalid', [...data, 'Third Partner'])));
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});

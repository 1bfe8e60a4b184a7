import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import type { Catalogue } from '../../electron/core/catalogue.js';
import { tempDir } from '../helpers.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedOn } from './untranslated.js';
import path from 'node:path';

/**
 * The Exchange screen's own actions (trust by pasted key, CSV and Markdown, the export
 * selection) and the dashboard's exchange network, each in the browser against a host.
 */
const { host, browser } = useHostAndBrowser();

const LOCALES = { en: 'en-US', ru: 'ru-RU', zh: 'zh-CN' } as const;

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
    await call('exchange.keys', { enterpriseName: 'Our Own Weaving Mill' });
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
      expect(await untranslatedOn(other.page, language, 'dashboard-network', [...names, 'Our Own Weaving Mill', ...entryOf.map((_, i) => `Method of ${names[i] ?? ''}`)])).toEqual([]);
      await other.page.context().close();
    }
    await page.context().close();
  });
});

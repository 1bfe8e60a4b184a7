import { describe, expect, it } from 'vitest';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';

/** Every way we know for Markdown to try to run code or move the window; each would call canary(). */
const HOSTILE = `# Harmless title

<script>canary('script')</script>
<img src="x" onerror="canary('onerror')">
<div onmouseover="canary('mouseover')" id="hover">hover me</div>
[js link](javascript:canary('js-link'))
<a href="javascript:canary('js-anchor')" id="js-anchor">anchor</a>
[data link](data:text/html;base64,PHNjcmlwdD5jYW5hcnkoJ2RhdGEnKTwvc2NyaXB0Pg==)
<a href="data:text/html,<script>parent.canary('data-anchor')</script>" id="data-anchor">data anchor</a>
<iframe src="javascript:parent.canary('iframe')"></iframe>
<iframe srcdoc="<script>parent.canary('srcdoc')</script>"></iframe>
<svg><script>canary('svg-script')</script><circle onload="canary('svg-onload')"/></svg>
<svg><a xlink:href="javascript:canary('svg-link')"><text>svg link</text></a></svg>
<form action="javascript:canary('form')"><button id="form-button">submit</button></form>
<meta http-equiv="refresh" content="0;url=javascript:canary('meta')">
<base href="javascript:canary('base')//">
<object data="javascript:canary('object')"></object>
<embed src="javascript:canary('embed')">
<style>@import url(javascript:canary('style'))</style>
<math><mtext><table><mglyph><style><img src=x onerror="canary('mxss')">
<details open ontoggle="canary('details')"><summary>s</summary></details>
<a href="#" onclick="canary('onclick')" id="onclick">click</a>
<a href="https://example.org/" id="external">external</a>
<a href="http://example.org/" id="plain-http">plain http</a>
[relative](../../etc/passwd)
`;

const env = useHostAndBrowser();

describe('hostile content from another enterprise', () => {
  it('runs nothing and never navigates the page', async () => {
    const handlers = (await import('../../electron/api/handlers/index.js')).createHandlers(env.host().catalogue, { resourcesDir: () => '' });
    const entry = await handlers['entries.create']({
      kind: 'invention',
      title: 'Harmless title',
      summary: '',
      body: HOSTILE,
      status: 'draft',
      language: 'en',
      enterprise: null,
      registration: '',
      authors: [],
      tags: [],
      classification: [],
    });
    const { page, errors } = await openPage(env.browser(), 'about:blank');
    await page.addInitScript(() => {
      const calls: string[] = [];
      Object.defineProperty(globalThis, 'canaryCalls', { value: calls });
      Object.defineProperty(globalThis, 'canary', { value: (what: string) => calls.push(what) });
    });
    const popups: string[] = [];
    page.context().on('page', (p) => popups.push(p.url()));
    page.on('dialog', (dialog) => void dialog.dismiss());
    const url = `${env.host().host.url}#/entry/${entry.id}`;
    await page.goto(url);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Harmless title');
    const startUrl = page.url();

    // Formatted off the page's thread: what is checked below is the drawn body, not its placeholder.
    await page.locator('.markdown[data-render="html"]').waitFor({ timeout: 5000 });
    const body = page.locator('.markdown');
    for (const selector of [
      'script',
      'iframe',
      'object',
      'embed',
      'form',
      'meta',
      'base',
      'svg',
      'math',
      'style',
      '[onerror]',
      '[onclick]',
      '[onmouseover]',
      '[ontoggle]',
      'a[href^="javascript"]',
      'a[href^="data"]',
    ]) {
      expect(await body.locator(selector).count(), selector).toBe(0);
    }
    // Interact with what is left: hover, click every link and button.
    await page
      .locator('#hover')
      .hover()
      .catch(() => undefined);
    for (const link of await body.locator('a, button').all()) await link.click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(300);

    expect(await page.evaluate(() => (globalThis as unknown as { canaryCalls: string[] }).canaryCalls)).toEqual([]);
    expect(page.url()).toBe(startUrl);
    expect(popups).toEqual([]); // the https link asks first; the dialog was dismissed
    expect(await page.getByRole('status').filter({ hasText: 'blocked' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'hostile-entry');
    expect(errors).toEqual([]);
  });
});

import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';

/** How much of a text shown as written is laid out at first (renderer/src/components/AsWritten.tsx). */
const AS_WRITTEN_CHARS = 20_000;

/**
 * Markdown a partner can send that once blanked or froze the page: marked's recursion
 * (nested quotes and lists), a malformed %-escape, and its quadratic emphasis rules. Each
 * must be on screen within a second, formatted or as written, with the app still working.
 */
const HOSTILE: Record<string, string> = {
  quotes: '>'.repeat(2000),
  quotesCr: '>\r'.repeat(3000) + 'deep',
  escape: 'An image ![x](attachment:%E0%A4%A) and a link [y](attachment:%ZZ%) and [z](#%E0%A4%A).',
  emphasis: '_a*'.repeat(20_000),
  bullets: '- '.repeat(5000) + 'deepest item',
  indented: Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`).join('\n'),
  ordered: '1. '.repeat(5000) + 'x',
  brackets: '['.repeat(50_000),
  strong: `${'**'.repeat(5000)}x${'**'.repeat(5000)}`,
  table: `| a | b | c | d |\n|---|---|---|---|\n${Array.from({ length: 10_000 }, (_, i) => `| ${i} | cell | cell | cell |`).join('\n')}`,
  wideTable: `|${' h |'.repeat(2000)}\n|${'---|'.repeat(2000)}\n${`|${' x |'.repeat(2000)}\n`.repeat(100)}`,
};

/** What the page shows once a body is drawn (formatted or as written), on the old code too. */
const BODY_DRAWN = '.markdown:not([aria-busy="true"])';

/** The little of the DOM these tests read inside the page (the Node project has no DOM types). */
interface BrowserGlobals {
  location: { hash: string };
}
interface HTMLElementLike {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  parentElement: HTMLElementLike | null;
  querySelectorAll(selector: string): Iterable<HTMLElementLike>;
}

const env = useHostAndBrowser();

/**
 * The core's own reading of these bodies is not what is measured here, and it is slow on
 * some of them (its Markdown-stripping link pattern is quadratic on `[`×50,000: seconds per
 * similar-entries question), which would stall the host all pages share; the page's part
 * is measured with similar entries answered empty.
 */
async function withoutSimilarEntries(page: Page): Promise<void> {
  await page.route('**/api/search.similar', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: { hits: [] } }) }),
  );
}
const ids = new Map<string, string>();
const editorTimings: Record<string, number> = {};
const screenTimings: Record<string, number> = {};
const timings: Record<string, number> = {};

async function createEntry(title: string, body: string): Promise<string> {
  const handlers = createHandlers(env.host().catalogue, { resourcesDir: () => '' });
  const entry = await handlers['entries.create']({
    kind: 'invention',
    title,
    summary: '',
    body,
    status: 'draft',
    language: 'en',
    enterprise: null,
    registration: '',
    authors: [],
    tags: [],
    classification: [],
  });
  return entry.id;
}

/** The little of the page these tests touch (the Node project has no DOM types). */
interface PageGlobals {
  location: { hash: string };
  document: { querySelector(selector: string): unknown };
  requestAnimationFrame(callback: () => void): void;
}

/**
 * Moves the running app to `hash`; how long, measured in the page, until `ready` (the
 * screen with its data: the core's part) and then `body` (the drawn body) are there.
 */
async function timeTo(page: Page, hash: string, ready: string, body: string): Promise<{ ready: number; drawn: number }> {
  return page.evaluate(
    async ([target, readySelector, bodySelector]) => {
      const scope = globalThis as unknown as PageGlobals;
      const started = performance.now();
      const times = { ready: -1, drawn: -1 };
      scope.location.hash = target;
      await new Promise<void>((resolve, reject) => {
        const tick = (): void => {
          const now = performance.now() - started;
          if (times.ready < 0 && scope.document.querySelector(readySelector)) times.ready = now;
          if (times.ready >= 0 && scope.document.querySelector(bodySelector)) {
            times.drawn = now;
            resolve();
          } else if (now > 20_000) reject(new Error(`${bodySelector} not drawn after 20 s`));
          else scope.requestAnimationFrame(tick);
        };
        tick();
      });
      return times;
    },
    [hash, ready, body] as const,
  );
}

/** The app answers: the library searches, the entry's editor opens with its preview. */
async function appStillWorks(page: Page, name: string, id: string): Promise<void> {
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Search' });
  await search.fill(`hostile${name}`);
  const results = page.getByRole('list', { name: 'Results' });
  // Not timed: how long the core takes to search these bodies is the core's (see above).
  await expect.poll(() => results.getAttribute('data-query'), { timeout: 20_000 }).toBe(`hostile${name}`);
  await expect.poll(() => results.getByRole('listitem').first().textContent()).toContain(`Hostile${name}`);
  await search.fill('');

  const editor = await timeTo(page, `#/entry/${id}/edit`, '#f-title', `.preview${BODY_DRAWN}`);
  expect(await page.getByLabel('Title').inputValue()).toBe(`Hostile${name}`);
  editorTimings[name] = Math.round(editor.drawn - editor.ready);
  // Not frozen (it once was, for 35 s). Looser than the entry's second: the form lays out the
  // whole source in its text field (1 MB for `indented`) while the preview is drawn.
  expect(editor.drawn - editor.ready, `${name}: the editor's preview`).toBeLessThan(3000);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hostile${name}`);
  await page.getByRole('link', { name: 'Library', exact: true }).click();
  await search.waitFor();
}

describe('hostile Markdown from another enterprise', () => {
  beforeAll(async () => {
    for (const [name, body] of Object.entries(HOSTILE)) ids.set(name, await createEntry(`Hostile${name}`, body));
  });

  afterAll(() => {
    console.log(
      'hostile Markdown, ms from the entry on screen to its body drawn:',
      JSON.stringify(timings),
      '\nin the editor, from the form to its preview:',
      JSON.stringify(editorTimings),
      '\nfrom navigation to the entry on screen (the core answering):',
      JSON.stringify(screenTimings),
    );
  });

  it.each(Object.keys(HOSTILE))(
    'shows %s within a second, formatted or as written, and the app keeps working',
    async (name) => {
      const body = HOSTILE[name] as string;
      const { page, errors } = await openPage(env.browser(), 'about:blank');
      await withoutSimilarEntries(page);
      await page.goto(env.host().host.url);
      page.on('dialog', (dialog) => void dialog.dismiss());
      await expect.poll(() => page.getByRole('searchbox', { name: 'Search' }).isVisible()).toBe(true);
      {
        const id = ids.get(name) as string;
        const times = await timeTo(page, `#/entry/${id}`, 'h1#entry-title', BODY_DRAWN);
        // From the entry on screen (its data arrived) to its body drawn: the page's part.
        const elapsed = times.drawn - times.ready;
        timings[name] = Math.round(elapsed);
        screenTimings[name] = Math.round(times.ready);
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(`Hostile${name}`);
        const shown = page.locator('.markdown');
        // Read together: a body shown as written meanwhile may be formatted a moment later.
        const [mode, text] = await shown.evaluate((root: HTMLElementLike) => [root.getAttribute('data-render'), root.textContent ?? ''] as const);
        // Formatted, or the text itself as written; either way something of it is on screen.
        if (mode === 'text') expect(text, name).toBe(body.slice(0, AS_WRITTEN_CHARS));
        expect(text.length, name).toBeGreaterThan(0);
        // Nesting is bounded whatever the source asked for.
        const depth = await shown.evaluate((root: HTMLElementLike) => {
          let deepest = 0;
          for (const node of root.querySelectorAll('blockquote, ul, ol')) {
            let level = 0;
            for (let at: HTMLElementLike | null = node; at && at !== root; at = at.parentElement) if (/^(BLOCKQUOTE|UL|OL)$/.test(at.tagName)) level += 1;
            deepest = Math.max(deepest, level);
          }
          return deepest;
        });
        expect(depth, name).toBeLessThanOrEqual(48);
        if (name === 'quotes' || name === 'emphasis' || name === 'indented') await screenshot(page, `hostile-markdown-${name}`);
        expect(elapsed, `${name}: entry body (${mode})`).toBeLessThan(1000);
        // The page's thread is free again: it answers at once.
        const ping = performance.now();
        await page.evaluate(() => 1);
        expect(performance.now() - ping, `${name}: page responsive`).toBeLessThan(250);
        await appStillWorks(page, name, id);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    },
    90_000,
  );

  it('shows the malformed %-escape entry with its text, the bad references degraded', async () => {
    const { page, errors } = await openPage(env.browser(), 'about:blank');
    await withoutSimilarEntries(page);
    await page.goto(`${env.host().host.url}#/entry/${ids.get('escape') as string}`);
    await page.locator(BODY_DRAWN).waitFor({ timeout: 5000 });
    const body = page.locator('.markdown');
    expect(await body.getAttribute('data-render')).toBe('html');
    expect(await body.textContent()).toContain('An image');
    expect(await body.locator('img').getAttribute('src')).toBe('#missing-attachment');
    // The in-page link with a bad escape does nothing harmful when followed.
    await body.getByRole('link', { name: 'z' }).click();
    expect(page.url()).toContain(`#/entry/${ids.get('escape') as string}`);
    expect(errors).toEqual([]);
  });
});

describe('error boundaries', () => {
  let plainId = '';
  const plainBody = '## Steps\n\nSteam the *cloth* twice; cool it under pressure between the passes.';

  beforeAll(async () => {
    plainId = await createEntry('Boundary steam cloth', plainBody);
  });

  /**
   * Breaks one browser API the page uses, when the test says so, to make a screen or a
   * body throw while it is drawn, as a bug or an input nobody foresaw would.
   */
  async function pageWithFaults(): Promise<{ page: Page; errors: string[]; fault: (name: string) => Promise<void> }> {
    const { page, errors } = await openPage(env.browser(), 'about:blank');
    await page.addInitScript(() => {
      const scope = globalThis as unknown as { ratioFault?: string; Intl: typeof Intl; document: { createTreeWalker: (...args: unknown[]) => unknown } };
      const original = scope.document.createTreeWalker.bind(scope.document);
      scope.document.createTreeWalker = (...args: unknown[]) => {
        if (scope.ratioFault === 'highlight') throw new Error('injected fault: highlighting');
        return original(...args);
      };
      const DateTimeFormat = scope.Intl.DateTimeFormat;
      scope.Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
        if (scope.ratioFault === 'dates') throw new Error('injected fault: dates');
        return new DateTimeFormat(...args);
      } as unknown as typeof Intl.DateTimeFormat;
    });
    await page.goto(env.host().host.url);
    await expect.poll(() => page.getByRole('searchbox', { name: 'Search' }).isVisible()).toBe(true);
    return {
      page,
      errors,
      fault: async (name: string) => {
        await page.evaluate((n) => {
          (globalThis as unknown as { ratioFault?: string }).ratioFault = n;
        }, name);
      },
    };
  }

  it('catches a body that throws: the entry around it, the navigation and the search still work', async () => {
    const { page, errors, fault } = await pageWithFaults();
    await fault('highlight');
    // Opened from a search, so the body's words are highlighted, which now throws.
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('steam');
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toContain('Boundary steam cloth');
    await search.press('Enter');
    const failed = page.locator('[data-boundary="body"]');
    await failed.waitFor({ timeout: 5000 });
    expect(await failed.getByRole('status').textContent()).toBe('This text could not be shown formatted; here it is as written.');
    expect(await failed.locator('.markdown').textContent()).toBe(plainBody);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Boundary steam cloth');
    expect(await page.getByRole('heading', { name: 'Provenance' }).count()).toBe(1);
    await screenshot(page, 'hostile-markdown-body-boundary');

    await fault('');
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await search.fill('cloth');
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toContain('Boundary steam cloth');
    await search.press('Enter');
    await page.locator('.markdown[data-render="html"] h3').waitFor({ timeout: 5000 });
    expect(await page.locator('.markdown mark').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('catches a screen that throws: the navigation still works and another visit draws it again', async () => {
    const { page, errors, fault } = await pageWithFaults();
    await fault('dates');
    await page.evaluate((id) => {
      (globalThis as unknown as BrowserGlobals).location.hash = `#/entry/${id}`;
    }, plainId);
    const failed = page.locator('[data-boundary="screen"]');
    await failed.waitFor({ timeout: 5000 });
    expect(await failed.textContent()).toContain('This screen could not be shown. The rest of Ratio still works.');
    await screenshot(page, 'hostile-markdown-screen-boundary');

    await page.getByRole('link', { name: 'Tags', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Tag vocabulary');
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('boundary');
    const results = page.getByRole('list', { name: 'Results' });
    await expect.poll(() => results.getByRole('listitem').first().textContent()).toContain('Boundary steam cloth');

    await fault('');
    await search.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Boundary steam cloth');
    expect(await page.locator('[data-boundary]').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe('names a partner chose', () => {
  it('show no bidirectional override: titles, attachment names, enterprises, tags, authors', async () => {
    const RLO = '\u202E';
    const handlers = createHandlers(env.host().catalogue, { resourcesDir: () => '' });
    const entry = await handlers['entries.create']({
      kind: 'invention',
      title: `Invoice ${RLO}fdp.exe`,
      summary: '',
      body: 'See the attachment.',
      status: 'draft',
      language: 'en',
      enterprise: `Acme ${RLO}dtL`,
      registration: '',
      authors: [`Ann ${RLO}eeL`],
      tags: [`files/${RLO}gpj`],
      classification: [],
    });
    await handlers['attachments.add']({
      entryId: entry.id,
      name: `photo${RLO}gpj.exe`,
      mediaType: 'text/plain',
      contentBase64: Buffer.from('x').toString('base64'),
    });
    const { page, errors } = await openPage(env.browser(), 'about:blank');
    await withoutSimilarEntries(page);
    await page.goto(`${env.host().host.url}#/entry/${entry.id}`);
    const title = page.getByRole('heading', { level: 1 });
    await expect.poll(() => title.textContent()).toBe('Invoice fdp.exe');
    const shown = await page.locator('article').evaluate((article: { textContent: string | null }) => article.textContent ?? '');
    expect(shown).not.toContain(RLO);
    for (const text of ['photogpj.exe', 'Acme dtL', 'Ann eeL', 'files/gpj']) expect(shown).toContain(text);
    // Each name is isolated from the text around it.
    expect(await title.locator('bdi').count()).toBe(1);
    expect(await page.locator('.attachment-list a bdi').textContent()).toBe('photogpj.exe');
    await screenshot(page, 'hostile-bidi-names');

    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('invoice');
    const hit = page.getByRole('list', { name: 'Results' }).getByRole('listitem').first();
    await expect.poll(() => hit.textContent()).toContain('Invoice fdp.exe');
    expect(await hit.textContent()).not.toContain(RLO);
    expect(errors).toEqual([]);
  });
});

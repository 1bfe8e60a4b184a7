import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright';
import { createHandlers, type ProgressEvent } from '../../electron/api/handlers/index.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { afterAll, beforeAll } from 'vitest';
import { cleanupTemp, tempDir } from '../helpers.js';

export const RENDERER_DIR = path.resolve('dist/renderer');
export const SCREENSHOT_DIR = path.resolve('test-results/screenshots');

export interface TestHost {
  host: RunningHost;
  catalogue: Catalogue;
  close(): Promise<void>;
}

export interface TestHostOptions {
  demo?: boolean;
  /** Forwards the core's progress reports to the page, as `ratio serve` does. */
  progress?: boolean;
}

/** A browser host on a fresh temporary catalogue, optionally with the demo loaded. */
export async function startTestHost(options: TestHostOptions = {}): Promise<TestHost> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built; run `npx vite build` (npm test does it).');
  }
  const catalogue = Catalogue.open(path.join(tempDir('ratio-e2e-'), 'catalogue'), { create: true, actor: 'e2e' });
  let forward: (event: ProgressEvent) => void = () => undefined;
  const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir, ...(options.progress ? { progress: (event) => forward(event) } : {}) });
  if (options.demo) await handlers['catalogue.loadDemo']({});
  const host = await startHost({ handlers, rendererDir: RENDERER_DIR, attachment: (sha) => catalogue.attachmentFile(sha), filesDir: catalogue.dir });
  forward = host.progress;
  return {
    host,
    catalogue,
    close: async () => {
      await host.close();
      catalogue.close();
    },
  };
}

export const CHROMIUM_PATH = process.env.RATIO_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    headless: true,
  });
}

/** A page that fails the test on any uncaught page error. */
export async function openPage(browser: Browser, url: string, locale = 'en-US'): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

/** Starts a host and a browser before the file's tests and stops both after them. */
export function useHostAndBrowser(options: TestHostOptions = {}): { host: () => TestHost; browser: () => Browser } {
  let host: TestHost | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    host = await startTestHost(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
    cleanupTemp();
  });
  return {
    host: () => host as TestHost,
    browser: () => browser as Browser,
  };
}

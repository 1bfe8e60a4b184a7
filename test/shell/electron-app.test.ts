// The real desktop app through Playwright's Electron driver. It needs Electron's binary,
// which Electron ≥ 42 downloads on its first run, not at `npm install`: until then this test
// says how to get it and skips. With the binary in place (after `npm start` once, or
// `npx install-electron`) it builds the app, the Electron build of better-sqlite3 included,
// and checks the shell for real:
//   npx install-electron && npx vitest run test/shell/electron-app.test.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { _electron, type ElectronApplication, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalogue } from '../../electron/app/catalogue.js';

const root = path.resolve(import.meta.dirname, '..', '..');

/**
 * The installed Electron binary, found the way the electron package finds it (path.txt
 * names it under dist/), without requiring the package: when the binary is missing, its
 * index.js tries to download it.
 */
function electronBinary(): string | null {
  const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  try {
    const binary = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const SKIPPED =
  'SKIPPED: no Electron binary in node_modules/electron yet (Electron downloads it on first run), so the Playwright _electron test of the real app did not run. Fetch it with "npx install-electron" (or run "npm start" once), then "npx vitest run test/shell/electron-app.test.ts".';
if (!binary) console.log(SKIPPED);

describe.skipIf(!binary)('the desktop app (Playwright _electron)', () => {
  let userData: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    for (const [command, args] of [
      ['npx', ['vite', 'build']],
      [process.execPath, ['electron/build/build-node.mjs']],
      [process.execPath, ['electron/build/native-electron.mjs', '--strict']],
    ] as const) {
      const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
      if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
    }
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-electron-'));
    // An existing catalogue, so the first-run demo question does not block the window.
    Catalogue.open(path.join(userData, 'catalogue'), { create: true }).close();
    app = await _electron.launch({ executablePath: binary ?? undefined, args: [root], cwd: root, env: { ...process.env, RATIO_USER_DATA: userData } });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('loads the renderer from app:// with the CSP header', async () => {
    expect(page.url()).toBe('app://ratio/index.html');
    const csp = await page.evaluate(async () => (await fetch('app://ratio/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
  });

  it('runs the page without Node and with only ratioBridge', async () => {
    const facts = await page.evaluate(() => {
      const global = globalThis as unknown as Record<string, unknown>;
      return { require: typeof global.require, process: typeof global.process, bridge: Object.keys(global.ratioBridge ?? {}).sort() };
    });
    expect(facts).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call', 'onCommand', 'onProgress', 'setShellLanguage'] });
  });

  it('answers contract calls through the core process and refuses unknown ones', async () => {
    const outcomes = await page.evaluate(async () => {
      const bridge = (globalThis as unknown as { ratioBridge: { call(op: string, request: unknown): Promise<unknown> } }).ratioBridge;
      return [await bridge.call('catalogue.info', {}), await bridge.call('no.such.op', {}), await bridge.call('entries.get', { id: 1 })];
    });
    expect(outcomes[0]).toMatchObject({ ok: true, value: { path: path.join(userData, 'catalogue') } });
    expect(outcomes[1]).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
    expect(outcomes[2]).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('opens no other window', async () => {
    expect(await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('http://example.org/') === null)).toBe(true);
    expect(app.windows()).toHaveLength(1);
  });
});

it.skipIf(binary !== null)(`reports the Electron test as skipped — ${SKIPPED}`, () => {
  expect(binary).toBeNull();
});

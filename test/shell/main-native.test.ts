// main.ts when better-sqlite3's Electron build is there but cannot be loaded (built for
// another ABI, damaged): the "cannot start" screen names the module, not the catalogue.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { cannotStartScreen } = await import('./cannot-start.js');
const { wireCoreHost } = await import('./core-wire.js');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-main-native-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

it('shows "Ratio cannot start" with the module’s own words and quits, without blaming the catalogue', async () => {
  fake.app.userData = path.join(base, 'userData');
  fake.app.appPath = path.join(base, 'app');
  const addonDir = path.join(fake.app.appPath, 'node_modules', '.ratio-electron');
  fs.mkdirSync(addonDir, { recursive: true });
  // Not loadable by any process: what a build for another ABI or platform looks like to dlopen.
  fs.writeFileSync(path.join(addonDir, 'better_sqlite3.node'), 'not a shared library');
  fake.utilityProcess.onFork = (child) => wireCoreHost(child, { useNativeBinding: true });
  delete process.env.RATIO_CATALOGUE;

  const { title, detail } = await cannotStartScreen(fake);
  expect(title).toBe('Ratio cannot start');
  expect(detail).toContain("Ratio's database module (better-sqlite3) cannot be loaded");
  expect(detail).toContain('The catalogue was not touched');
  expect(detail).toContain('npm start');
  expect(detail).not.toMatch(/not a Ratio catalogue|cannot be written/i);
  // No "open another catalogue" loop: no other folder would open either.
  expect(fake.dialog.showMessageBox).not.toHaveBeenCalled();
  expect(fake.BrowserWindow.created).toHaveLength(0);
  expect(fs.existsSync(path.join(fake.app.userData, 'catalogue', 'catalogue.sqlite'))).toBe(false);
});

// main.ts before the page has said anything: the shell speaks the system's language. Here
// the system is Russian and the Electron build of better-sqlite3 is missing, so the one
// screen Ratio shows, "cannot start", is in Russian.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { cannotStartScreen } = await import('./cannot-start.js');

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-main-language-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

it('shows the cannot-start screen in the system’s language when nothing is remembered', async () => {
  fake.app.userData = path.join(base, 'userData');
  fake.app.appPath = path.join(base, 'app'); // no node_modules/.ratio-electron here
  fake.app.locale = 'de-DE';
  fake.app.preferredSystemLanguages = ['ru-RU', 'en-US'];
  delete process.env.RATIO_CATALOGUE;

  const { title, detail } = await cannotStartScreen(fake);
  expect(title).toBe('Ratio не может запуститься');
  expect(detail).toMatch(/^Модуль better-sqlite3 не собран для этой версии Electron: .*better_sqlite3\.node is missing\. Ваши каталоги не затронуты\./);
  expect(detail).toContain('«npm start»');
  expect(fake.BrowserWindow.created).toHaveLength(0);
});

// The OCR language data in a packaged app: main.ts against the stand-in electron module, in a
// folder laid out as electron-builder lays out an installed Ratio (app.asar with its
// app.asar.unpacked beside it, and every extraResources entry of electron-builder.yml copied
// under process.resourcesPath). The core must find eng, rus and chi_sim there, outside the
// archive, where Tesseract's worker thread reads them as plain files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { CORE_SETTINGS_ENV, type CoreSettings } from '../../electron/shell/core-messages.js';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const { wireCoreHost } = await import('./core-wire.js');
const { tessdataDirOf } = await import('../../electron/shell/core-host.js');

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack?: string[];
  extraResources: { from: string; to: string }[];
};
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-packaged-'));
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** An installed Ratio: <install>/resources/app.asar (a folder stands in for the archive) and what extraResources copies beside it. */
function layOutPackagedApp(): { resourcesPath: string; appPath: string } {
  const resourcesPath = path.join(base, 'Ratio', 'resources');
  const appPath = path.join(resourcesPath, 'app.asar');
  fs.mkdirSync(path.join(appPath, 'dist'), { recursive: true });
  fs.mkdirSync(path.join(resourcesPath, 'app.asar.unpacked'), { recursive: true });
  for (const { from, to } of config.extraResources) {
    const source = path.join(root, from);
    const target = path.join(resourcesPath, to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // The Electron build of better-sqlite3 is made only for packaging; a placeholder stands in
    // (the core host below uses Node's build).
    if (fs.existsSync(source)) fs.cpSync(source, target, { recursive: true });
    else if (from.includes('.ratio-electron') && from.endsWith('.node')) fs.writeFileSync(target, '');
  }
  return { resourcesPath, appPath };
}

it('ships tessdata beside app.asar, and the packaged core reads eng, rus and chi_sim from there', async () => {
  // Outside the archive: not packed by `files`, not left to asarUnpack.
  expect(config.extraResources).toContainEqual({ from: 'resources/tessdata', to: 'tessdata' });
  expect(config.files.some((pattern) => /^resources|tessdata/.test(pattern))).toBe(false);

  const { resourcesPath, appPath } = layOutPackagedApp();
  fake.app.isPackaged = true;
  fake.app.appPath = appPath;
  fake.app.userData = path.join(base, 'userData');
  Object.defineProperty(process, 'resourcesPath', { value: resourcesPath, configurable: true });
  let settings: CoreSettings | undefined;
  fake.utilityProcess.onFork = (child) => {
    settings = JSON.parse(child.options.env?.[CORE_SETTINGS_ENV] ?? '{}') as CoreSettings;
    wireCoreHost(child);
  };
  fake.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
  delete process.env.RATIO_CATALOGUE;

  await import('../../electron/shell/main.js');
  fake.app.makeReady();
  await vi.waitFor(() => expect(settings).toBeDefined(), { timeout: 10_000 });
  if (!settings) throw new Error('the core process was not started');
  // The packaged shell names the resources folder and the addon beside app.asar, never the project's.
  expect(settings.resourcesDir).toBe(resourcesPath);
  expect(settings.nativeBinding).toBe(path.join(resourcesPath, 'native', 'better_sqlite3.node'));

  const tessdata = tessdataDirOf(settings);
  expect(tessdata).toBe(path.join(resourcesPath, 'tessdata'));
  expect(path.relative(appPath, tessdata).startsWith('..')).toBe(true);
  for (const language of ['eng', 'rus', 'chi_sim']) {
    const file = path.join(tessdata, `${language}.traineddata`);
    expect(fs.statSync(file).isFile()).toBe(true);
    // The very bytes the project ships, not an empty placeholder.
    expect(fs.statSync(file).size).toBe(fs.statSync(path.join(root, 'resources', 'tessdata', `${language}.traineddata`)).size);
  }
  // Unpackaged (npm start) the project's own resources/ serve.
  expect(tessdataDirOf({ resourcesDir: null })).toBe(path.join(root, 'resources', 'tessdata'));
});

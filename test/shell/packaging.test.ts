// What `npm install`, `npm start` and electron-builder rely on, checked without Electron.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ELECTRON_ADDON_DIR, ELECTRON_ADDON_FILE } from '../../electron/shell/native.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string> };

interface BuilderConfig {
  appId: string;
  asarUnpack: string[];
  extraResources: { from: string; to: string }[];
  fileAssociations: { ext: string }[];
  electronFuses: Record<string, boolean>;
  linux: { target: string[] };
  win: { target: string[] };
  mac: { target: string[] };
  npmRebuild: boolean;
}
const config = parse(fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration: (config: unknown, logger: { isEnabled: boolean; add: () => void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
  });

  it('builds AppImage, deb, NSIS and dmg with the .ratio association and an app id', () => {
    expect(config.appId).toBe('org.ratio.desktop');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.fileAssociations.map((a) => a.ext)).toEqual(['ratio']);
  });

  it('sets the fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('keeps better-sqlite3 out of the asar and ships the Electron build where the shell looks for it', () => {
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: `${ELECTRON_ADDON_DIR}/${ELECTRON_ADDON_FILE}`, to: `native/${ELECTRON_ADDON_FILE}` });
  });

  it('has icons for every system', () => {
    const dir = path.join(root, 'resources', 'build');
    const png = fs.readFileSync(path.join(dir, 'icon.png'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    expect(fs.readFileSync(path.join(dir, 'icon.ico')).readUInt16LE(2)).toBe(1);
    expect(fs.readFileSync(path.join(dir, 'icon.icns')).subarray(0, 4).toString('latin1')).toBe('icns');
  });
});

describe('package.json', () => {
  it('points main at the built ES module main and starts the app after building everything', () => {
    expect(pkg.main).toBe('dist/electron/main.mjs');
    expect(pkg.scripts.start).toMatch(/build:node.*native-electron\.mjs.*electron \.$/);
    expect(pkg.scripts.start).toMatch(/vite build|build:renderer/);
    expect(pkg.scripts.postinstall).toBe('node electron/build/native-electron.mjs');
    expect(pkg.scripts.test).toContain('audit:electron');
  });
});

describe('the preload bundle', () => {
  it('bundles to one CommonJS file that requires nothing but electron', async () => {
    const result = await build({
      entryPoints: [path.join(root, 'electron/shell/preload.ts')],
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });
});

const electronBinaryPresent = fs.existsSync(path.join(root, 'node_modules', 'electron', 'dist'));

describe('the native module step', () => {
  it.skipIf(electronBinaryPresent)('skips with one line where Electron is absent', () => {
    const run = spawnSync(process.execPath, [path.join(root, 'electron/build/native-electron.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('not built for Electron');
  });
});

// What `npm install`, `npm start` and electron-builder rely on, checked without Electron.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ELECTRON_ADDON_DIR, ELECTRON_ADDON_FILE, ELECTRON_ADDON_RECORD } from '../../electron/shell/native.js';
import { makeStandInProject, type StandInProject } from './stand-in-project.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
interface PackageJson {
  main: string;
  homepage?: string;
  author?: { name: string; email: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
}
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;

interface BuilderConfig {
  appId: string;
  asarUnpack?: string[];
  files: string[];
  beforePack: string;
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

  it('ships the Electron build (and what it was built for) where the shell looks for it', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.extraResources).toContainEqual({ from: `${ELECTRON_ADDON_DIR}/${ELECTRON_ADDON_FILE}`, to: `native/${ELECTRON_ADDON_FILE}` });
    expect(config.extraResources).toContainEqual({ from: `${ELECTRON_ADDON_DIR}/${ELECTRON_ADDON_RECORD}`, to: `native/${ELECTRON_ADDON_RECORD}` });
  });

  it('packs only better-sqlite3’s JavaScript: no Node-ABI binary, no sources, nothing unpacked', async () => {
    const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
    const packed = await packedFiles('better-sqlite3');
    expect(packed).toContain('package.json');
    expect(packed).toContain('lib/index.js');
    expect(packed).toContain('lib/database.js');
    expect(packed.filter((f) => f.endsWith('.node'))).toEqual([]);
    expect(packed.filter((f) => /^(build|deps|src)\//.test(f))).toEqual([]);
    expect(fs.existsSync(path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
    // Nothing of better-sqlite3 is unpacked beside app.asar: the addon loads from resources/native/.
    expect((config.asarUnpack ?? []).filter((p) => p.includes('better-sqlite3'))).toEqual([]);
  });

  it('packs Az.js’s entry and every dictionary file it loads, not its demo, sources or tests', async () => {
    const packed = await packedFiles('az');
    const azDir = path.dirname(require.resolve('az/package.json'));
    const dictionaries = fs.readdirSync(path.join(azDir, 'dicts')).map((f) => `dicts/${f}`);
    expect(dictionaries).toContain('dicts/words.dawg');
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'dist/az.js', ...dictionaries]));
    expect(packed.filter((f) => /^(demo|src|test)\//.test(f) || f === 'coverage.html')).toEqual([]);
  });

  /** A package's files as packaging puts them in app.asar: electron-builder's own node_modules file walk with the patterns it derives from `files`. */
  async function packedFiles(name: string): Promise<string[]> {
    const { FileMatcher, getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => unknown;
      getNodeModuleFileMatcher: (appDir: string, to: string, expand: (s: string) => string, platform: object, info: object) => { patterns: string[] };
    };
    const { NodeModuleCopyHelper } = require('app-builder-lib/out/util/NodeModuleCopyHelper.js') as {
      NodeModuleCopyHelper: new (
        matcher: unknown,
        info: object,
      ) => {
        collectNodeModules(module: { dir: string; name: string }, excludedExts: string[], destination: string): Promise<string[]>;
      };
    };
    const info = { config, appInfo: { type: undefined }, getWorkspaceRoot: () => Promise.resolve(root), debugLogger: { isEnabled: false } };
    const identity = (s: string): string => s;
    const patterns = getNodeModuleFileMatcher(root, '/out/app', identity, {}, info).patterns;
    const dir = path.dirname(require.resolve(`${name}/package.json`));
    const destination = path.join('node_modules', name);
    const helper = new NodeModuleCopyHelper(new FileMatcher(dir, path.join('/out/app', destination), identity, patterns), info);
    return (await helper.collectNodeModules({ dir, name }, [], destination)).map((f) => path.relative(dir, f).split(path.sep).join('/'));
  }

  it('packs jieba-wasm’s Node build with its WebAssembly, inside app.asar, and none of its other builds', async () => {
    const { FileMatcher, getNodeModuleFileMatcher } = require('app-builder-lib/out/fileMatcher.js') as {
      FileMatcher: new (from: string, to: string, expand: (s: string) => string, patterns: string[]) => unknown;
      getNodeModuleFileMatcher: (appDir: string, to: string, expand: (s: string) => string, platform: object, info: object) => { patterns: string[] };
    };
    const { NodeModuleCopyHelper } = require('app-builder-lib/out/util/NodeModuleCopyHelper.js') as {
      NodeModuleCopyHelper: new (
        matcher: unknown,
        info: object,
      ) => {
        collectNodeModules(module: { dir: string; name: string }, excludedExts: string[], destination: string): Promise<string[]>;
      };
    };
    const info = { config, appInfo: { type: undefined }, getWorkspaceRoot: () => Promise.resolve(root), debugLogger: { isEnabled: false } };
    const identity = (s: string): string => s;
    const patterns = getNodeModuleFileMatcher(root, '/out/app', identity, {}, info).patterns;
    // Its exports map hides package.json from require.resolve.
    const jiebaDir = path.join(root, 'node_modules', 'jieba-wasm');
    const destination = path.join('node_modules', 'jieba-wasm');
    const helper = new NodeModuleCopyHelper(new FileMatcher(jiebaDir, path.join('/out/app', destination), identity, patterns), info);
    const packed = (await helper.collectNodeModules({ dir: jiebaDir, name: 'jieba-wasm' }, [], destination)).map((f) =>
      path.relative(jiebaDir, f).split(path.sep).join('/'),
    );
    expect(packed).toContain('package.json');
    expect(packed).toContain('pkg/nodejs/jieba_rs_wasm.js');
    expect(packed).toContain('pkg/nodejs/jieba_rs_wasm_bg.wasm');
    expect(packed.filter((f) => /^pkg\/(web|deno|bundler)\//.test(f))).toEqual([]);
    expect((config.asarUnpack ?? []).filter((p) => p.includes('jieba'))).toEqual([]);
    // chinese-words.ts loads it with createRequire on the first Chinese text, out of sight of the bundle's imports (test below).
    expect(pkg.dependencies).toHaveProperty(['jieba-wasm']);
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
  it('points main at the built ES module main and starts the app with the start script', () => {
    expect(pkg.main).toBe('dist/electron/main.mjs');
    // The order of the steps is in the script (test/shell/start.test.ts runs it).
    expect(pkg.scripts.start).toBe('node electron/build/start.mjs');
    const start = fs.readFileSync(path.join(root, 'electron/build/start.mjs'), 'utf8');
    const order = [
      "binOf(path.join(root, 'node_modules', 'vite'), 'vite')",
      "'build-node.mjs'",
      'ensureElectronBinary()',
      "'native-electron.mjs'), '--strict'",
      "binOf(electron.dir, 'electron')",
    ];
    const at = order.map((step) => start.lastIndexOf(step));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(pkg.scripts.postinstall).toBe('node electron/build/native-electron.mjs');
    expect(pkg.scripts.test).toContain('audit:electron');
  });

  it('has no shell-only syntax in its scripts, so they run in cmd.exe as in sh', () => {
    for (const [name, script] of Object.entries(pkg.scripts)) {
      expect(script, name).not.toMatch(/\$\{?[A-Za-z_]|(^|\s)[A-Z_]+=\S|\|\||;|\bexport\b|`|\$\(|\b(rm|cp|mv|mkdir) -/);
    }
  });

  it('names a homepage and an author with an e-mail, which the deb target requires', async () => {
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget.js') as {
      default: { prototype: { computeFpmMetaInfoOptions(this: object): Promise<{ url: string; maintainer: string }> } };
    };
    const { AppInfo } = require('app-builder-lib/out/appInfo.js') as { AppInfo: { prototype: { computePackageUrl(this: object): Promise<string | null> } } };
    // FpmTarget's own check, over our package.json, with no git origin to fall back on.
    const target = (metadata: object, options: object) => ({
      options,
      packager: {
        info: { metadata },
        appInfo: {
          linuxPackageName: 'ratio',
          computePackageUrl: () =>
            AppInfo.prototype.computePackageUrl.call({ info: { metadata, repositoryInfo: Promise.resolve(null) }, notNullDevMetadata: metadata }),
        },
      },
    });
    const meta = await FpmTarget.prototype.computeFpmMetaInfoOptions.call(target(pkg, {}));
    expect(meta.url).toBe(pkg.homepage);
    expect(meta.maintainer).toBe(`${pkg.author?.name} <${pkg.author?.email}>`);
    expect(pkg.author?.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
    const { homepage: _homepage, author: _author, ...without } = pkg;
    await expect(FpmTarget.prototype.computeFpmMetaInfoOptions.call(target(without, {}))).rejects.toThrow(/Please specify project homepage/);
  });

  it('declares the Node the CLI, the tests and the browser host need; the desktop start checks Electron’s own', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    const electronRange = (JSON.parse(fs.readFileSync(require.resolve('electron/package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
    expect(electronRange).toMatch(/>=\s*22\.12/);
  });
});

/** The packages a bundle leaves to node_modules at run time (esbuild's view of its imports). */
async function runtimePackages(entryPoints: string[], platform: 'node' | 'browser'): Promise<Set<string>> {
  const result = await build({
    entryPoints: entryPoints.map((e) => path.join(root, e)),
    bundle: true,
    platform,
    format: 'esm',
    packages: 'external',
    external: ['electron'],
    write: false,
    outdir: path.join(root, 'out-never-written'),
    metafile: true,
    logLevel: 'silent',
    jsx: 'automatic',
    loader: { '.css': 'empty' },
  });
  const names = new Set<string>();
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external || builtins.has(imported.path) || imported.path.startsWith('node:') || imported.path === 'electron') continue;
      const parts = imported.path.split('/');
      names.add(imported.path.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? ''));
    }
  }
  return names;
}

describe('dependencies', () => {
  it('hold every package the packaged app, the CLI and the browser host load at run time, and no renderer-only one', async () => {
    const node = await runtimePackages(
      ['electron/shell/main.ts', 'electron/shell/core-process.ts', 'electron/cli/main.ts', 'electron/search/analysis-worker.ts'],
      'node',
    );
    const renderer = await runtimePackages(['renderer/src/main.tsx'], 'browser');
    expect(node.size).toBeGreaterThan(5);
    for (const name of node) expect(pkg.dependencies, `${name} is loaded at run time`).toHaveProperty([name]);
    const rendererOnly = [...renderer].filter((name) => !node.has(name));
    expect(rendererOnly).toEqual(
      expect.arrayContaining(['react', 'react-dom', 'recharts', 'i18next', 'react-i18next', 'dompurify', 'marked', '@tanstack/react-virtual']),
    );
    // Vite bundles these into dist/renderer; in dependencies they would ship in app.asar again.
    for (const name of rendererOnly) {
      expect(Object.keys(pkg.dependencies), `${name} is renderer-only`).not.toContain(name);
      expect(pkg.devDependencies).toHaveProperty([name]);
    }
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

describe('packaging without the Electron build of better-sqlite3', () => {
  let project: StandInProject | null = null;
  afterAll(() => project?.remove());

  it('is refused by electron-builder through the beforePack hook', () => {
    expect(config.beforePack).toBe('./electron/build/before-pack.mjs');
    // A stand-in project (so the real node_modules is neither read nor written) with the real
    // electron-builder and this electron-builder.yml; the hook runs before any download.
    project = makeStandInProject();
    fs.copyFileSync(path.join(root, 'electron-builder.yml'), path.join(project.dir, 'electron-builder.yml'));
    fs.symlinkSync(path.dirname(require.resolve('electron-builder/package.json')), path.join(project.dir, 'node_modules', 'electron-builder'), 'junction');
    const out = path.join(project.dir, 'release');
    const run = spawnSync(
      process.execPath,
      [path.join(project.dir, 'node_modules', 'electron-builder', 'cli.js'), '--dir', '--linux', `-c.directories.output=${out}`],
      {
        cwd: project.dir,
        env: project.env(),
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(run.status, run.stdout + run.stderr).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('Ratio packaging: refusing to package without better-sqlite3');
    expect(run.stdout + run.stderr).toContain('better_sqlite3.node does not exist');
    expect(fs.existsSync(path.join(out, 'linux-unpacked'))).toBe(false);
  }, 150_000);

  it('is refused when the build is stale or for another platform, and allowed when it fits', async () => {
    const p = makeStandInProject({ electronNodeRange: `>= ${process.versions.node}` });
    try {
      const { packagingProblem, beforePack } = (await import(path.join(p.dir, 'electron', 'build', 'before-pack.mjs'))) as {
        packagingProblem: (context: object) => string | null;
        beforePack: (context: object) => Promise<void>;
      };
      const context = (platform: string, arch: number, electron = p.electronVersion) => ({
        electronPlatformName: platform,
        arch,
        packager: { info: { projectDir: p.dir, framework: { version: electron } } },
      });
      const x64 = 1;
      const here = context(process.platform, ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch));
      expect(packagingProblem(here)).toContain('does not exist');
      const built = spawnSync(process.execPath, [path.join('electron', 'build', 'native-electron.mjs'), '--strict'], {
        cwd: p.dir,
        env: p.env(),
        encoding: 'utf8',
      });
      expect(built.status, built.stderr).toBe(0);
      expect(packagingProblem(here)).toBeNull();
      await expect(beforePack(here)).resolves.toBeUndefined();
      expect(packagingProblem(context(process.platform, ['ia32', 'x64', 'armv7l', 'arm64'].indexOf(process.arch), '46.0.0'))).toContain('electron 45');
      expect(packagingProblem(context(process.platform === 'win32' ? 'linux' : 'win32', x64))).toContain('platform');
      expect(packagingProblem(context('darwin', 4))).toContain('universal');
      await expect(beforePack(context('win32', 3))).rejects.toThrow(/Ratio packaging: refusing to package/);
    } finally {
      p.remove();
    }
  });
});

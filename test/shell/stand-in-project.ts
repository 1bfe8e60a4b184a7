// A throw-away copy of the project's start and build scripts over stand-in packages, laid
// out as on a machine right after `npm install`: the electron package is Electron 45's own
// (its package.json, cli.js, index.js and install.js, copied from node_modules) with no
// binary until its first run, and only the download and the unzip behind install.js are
// stand-ins. vite, build-node, prebuild-install and node-gyp are stand-ins too; each writes
// what it was asked into one log, so a test can read the order of the steps. Nothing here
// touches the real node_modules.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const realElectron = path.dirname(require.resolve('electron/package.json'));

export interface StandInOptions {
  /** The Node range the stand-in electron package declares (Electron 45's own by default). */
  electronNodeRange?: string;
  /** Install the stand-in prebuild-install and node-gyp (false: no build tool at all). */
  buildTools?: boolean;
}

export interface StandInProject {
  dir: string;
  log: string;
  /** Each line the stand-ins logged, in order. */
  steps(): string[];
  addon: string;
  builtFor: string;
  electronVersion: string;
  /** The environment to run the scripts in: nothing inherited that would change their course. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  remove(): void;
}

function write(file: string, text: string, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  if (mode !== undefined) fs.chmodSync(file, mode);
}

/** A script that appends one line to the log. */
const logLine = (expression: string): string => `require('node:fs').appendFileSync(process.env.RATIO_STANDIN_LOG, ${expression} + '\\n');`;

export function makeStandInProject(options: StandInOptions = {}): StandInProject {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-standin-'));
  try {
    return layOut(dir, options);
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

function layOut(dir: string, options: StandInOptions): StandInProject {
  const log = path.join(dir, 'steps.log');
  fs.writeFileSync(log, '');
  const modules = path.join(dir, 'node_modules');

  write(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'ratio-standin', version: '0.0.0', private: true, type: 'module', main: 'dist/electron/main.mjs' }),
  );
  for (const script of ['electron-addon.mjs', 'native-electron.mjs', 'start.mjs', 'before-pack.mjs']) {
    write(path.join(dir, 'electron', 'build', script), fs.readFileSync(path.join(root, 'electron', 'build', script), 'utf8'));
  }
  write(
    path.join(dir, 'electron', 'build', 'build-node.mjs'),
    `import fs from 'node:fs';\nfs.appendFileSync(process.env.RATIO_STANDIN_LOG, 'build-node\\n');\nfs.mkdirSync('dist/electron', { recursive: true });\nfs.writeFileSync('dist/electron/main.mjs', '');\n`,
  );

  // vite
  write(path.join(modules, 'vite', 'package.json'), JSON.stringify({ name: 'vite', version: '0.0.0', bin: { vite: 'bin/vite.js' } }));
  write(path.join(modules, 'vite', 'bin', 'vite.js'), `${logLine("'vite ' + process.argv.slice(2).join(' ')")}\n`);

  // electron: Electron 45's package as published, whose binary arrives on first run.
  const electronDir = path.join(modules, 'electron');
  const pkg = JSON.parse(fs.readFileSync(path.join(realElectron, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
  if (options.electronNodeRange) pkg.engines = { node: options.electronNodeRange };
  write(path.join(electronDir, 'package.json'), JSON.stringify(pkg, null, 2));
  for (const file of ['cli.js', 'index.js', 'install.js', 'abi_version', 'checksums.json']) {
    write(path.join(electronDir, file), fs.readFileSync(path.join(realElectron, file), 'utf8'));
  }
  // Behind install.js: the download logs itself, the unzip lays out dist/ as Electron's zip does.
  write(
    path.join(electronDir, 'node_modules', '@electron', 'get', 'package.json'),
    JSON.stringify({ name: '@electron/get', version: '0.0.0', main: 'index.js' }),
  );
  write(
    path.join(electronDir, 'node_modules', '@electron', 'get', 'index.js'),
    `exports.downloadArtifact = async (o) => { ${logLine("'download electron ' + o.version + ' ' + o.platform + '-' + o.arch")} return 'electron.zip'; };\n`,
  );
  write(
    path.join(electronDir, 'node_modules', '@electron-internal', 'extract-zip', 'package.json'),
    JSON.stringify({ name: '@electron-internal/extract-zip', version: '0.0.0', main: 'index.js' }),
  );
  const binary = [
    '#!/usr/bin/env node',
    "const fs = require('node:fs');",
    "const addon = 'node_modules/.ratio-electron/better_sqlite3.node';",
    `const record = (() => { try { return JSON.parse(fs.readFileSync('node_modules/.ratio-electron/built-for.json', 'utf8')); } catch { return null; } })();`,
    `${logLine("'electron ' + process.argv.slice(2).join(' ') + ' addon=' + (fs.existsSync(addon) && record && record.electron === " + JSON.stringify(pkg.version) + " ? 'built-for-' + record.electron : 'missing')")}`,
  ].join('\n');
  write(
    path.join(electronDir, 'node_modules', '@electron-internal', 'extract-zip', 'index.js'),
    `const fs = require('node:fs'); const path = require('node:path');\nexports.extract = async (zip, { dir }) => {\n  fs.mkdirSync(dir, { recursive: true });\n  fs.writeFileSync(path.join(dir, 'version'), 'v${pkg.version}');\n  fs.writeFileSync(path.join(dir, 'electron'), ${JSON.stringify(`${binary}\n`)}, { mode: 0o755 });\n};\n`,
  );

  // better-sqlite3's sources (what the build copies) and the build tools.
  const sqliteVersion = (JSON.parse(fs.readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
  write(path.join(modules, 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: sqliteVersion, main: 'lib/index.js' }));
  write(path.join(modules, 'better-sqlite3', 'binding.gyp'), '{}');
  write(path.join(modules, 'better-sqlite3', 'src', 'better_sqlite3.cpp'), '// stand-in');
  write(path.join(modules, 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'the Node build, never copied');
  if (options.buildTools !== false) {
    write(path.join(modules, 'prebuild-install', 'package.json'), JSON.stringify({ name: 'prebuild-install', version: '0.0.0' }));
    // Offline, as on this machine: no prebuilt binary can be fetched.
    write(path.join(modules, 'prebuild-install', 'bin.js'), `${logLine("'prebuild-install ' + process.argv.slice(2).join(' ')")}\nprocess.exit(1);\n`);
    write(path.join(modules, 'node-gyp', 'package.json'), JSON.stringify({ name: 'node-gyp', version: '0.0.0' }));
    // Compiles nothing: writes the file a real build leaves, or fails when told to, or
    // (RATIO_STANDIN_GYP=node) leaves a build for this Node, as a `nodedir` setting would.
    write(
      path.join(modules, 'node-gyp', 'bin', 'node-gyp.js'),
      [
        "const fs = require('node:fs');",
        logLine("'node-gyp ' + process.argv.slice(2).join(' ') + (process.env.npm_config_nodedir ? ' nodedir=' + process.env.npm_config_nodedir : '')"),
        "if (process.env.RATIO_STANDIN_GYP === 'fail') { console.error('gyp ERR! headers could not be downloaded'); process.exit(1); }",
        "fs.mkdirSync('build/Release', { recursive: true });",
        `if (process.env.RATIO_STANDIN_GYP === 'node') fs.copyFileSync(${JSON.stringify(require.resolve('better-sqlite3/build/Release/better_sqlite3.node'))}, 'build/Release/better_sqlite3.node');`,
        "else fs.writeFileSync('build/Release/better_sqlite3.node', 'ELF stand-in for Electron ' + process.argv.find((a) => a.startsWith('--target=')));",
      ].join('\n'),
    );
  }

  return {
    dir,
    log,
    steps: () => fs.readFileSync(log, 'utf8').split('\n').filter(Boolean),
    addon: path.join(dir, 'node_modules', '.ratio-electron', 'better_sqlite3.node'),
    builtFor: path.join(dir, 'node_modules', '.ratio-electron', 'built-for.json'),
    electronVersion: pkg.version,
    env(extra = {}) {
      const env: NodeJS.ProcessEnv = {};
      for (const [key, value] of Object.entries(process.env)) {
        if (/^npm_/i.test(key) || /^(ELECTRON_|RATIO_)/.test(key)) continue;
        env[key] = value;
      }
      return { ...env, RATIO_STANDIN_LOG: log, ...extra };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

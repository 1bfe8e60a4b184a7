// Builds better-sqlite3 for Electron's ABI beside the Node build, so Node (tests, the CLI,
// the browser host) keeps loading node_modules/better-sqlite3 as installed while the desktop
// app passes better-sqlite3's `nativeBinding` option pointing at
// node_modules/.ratio-electron/better_sqlite3.node. What it was built for is recorded beside
// it (built-for.json); a build for another Electron, ABI, platform or architecture is stale.
//
// The build needs Electron's version (its package.json) and headers (downloaded by node-gyp),
// not Electron's binary, so it runs whether or not the binary has been downloaded yet. It
// first tries a prebuilt binary for this Electron (prebuild-install, as better-sqlite3's own
// install does), then compiles with node-gyp. A copy of the package is built, never the
// installed one.
//
// As `postinstall` a failure only warns, so `npm install` completes for the Node side, and
// RATIO_SKIP_ELECTRON_ADDON=1 skips it on purpose (CI, machines without Electron's headers).
// With `--strict` (`npm start`, packaging) it exits 0 only when the file is there and built
// for this Electron; RATIO_SKIP_ELECTRON_ADDON does not apply. ELECTRON_SKIP_BINARY_DOWNLOAD
// means nothing here (nor to Electron ≥ 42, which has no install step).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { addonPaths, addonStatus, describeTarget, installAddon, installedSqlite, removeAddon, wantedTarget } from './electron-addon.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const strict = process.argv.includes('--strict');
const RETRY = 'node electron/build/native-electron.mjs --strict';

function say(line) {
  console.log(`ratio native: ${line}`);
}

function finish(problem) {
  if (!problem) process.exit(0);
  console.error(`ratio native: ${problem}`);
  if (strict) {
    console.error(`ratio native: the desktop app cannot start without it. Fix the cause above, then run "npm start" (or "${RETRY}") again.`);
    process.exit(1);
  }
  console.error('ratio native: only the desktop app needs this build (the tests, the CLI and the browser host do not); "npm start" tries again.');
  process.exit(0);
}

if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  say('ELECTRON_SKIP_BINARY_DOWNLOAD does nothing for this Electron or this step; RATIO_SKIP_ELECTRON_ADDON=1 skips the Electron build during npm install.');
}
if (process.env.RATIO_SKIP_ELECTRON_ADDON === '1') {
  if (!strict) {
    say('RATIO_SKIP_ELECTRON_ADDON=1: better-sqlite3 is not built for Electron; everything but the desktop app works.');
    process.exit(0);
  }
  say('RATIO_SKIP_ELECTRON_ADDON=1 applies to npm install only; the desktop app needs the Electron build, so it is checked.');
}

const target = wantedTarget(root);
if (!target) {
  finish('Electron or better-sqlite3 is not installed (an install without devDependencies?), so better-sqlite3 cannot be built for Electron.');
}

const status = addonStatus(root, target);
if (status.state === 'ready') {
  say(`${describeTarget(target)} is up to date.`);
  finish(null);
}
if (status.state === 'stale') {
  say(`the Electron build in place does not fit: ${status.reason}; rebuilding.`);
  removeAddon(root);
}

const sqliteDir = installedSqlite(root).dir;
const { dir: outDir } = addonPaths(root);
const work = path.join(outDir, 'src');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.cpSync(sqliteDir, work, {
  recursive: true,
  filter: (src) => !src.startsWith(path.join(sqliteDir, 'build')) && !src.startsWith(path.join(sqliteDir, 'node_modules')),
});
const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');

/**
 * The environment for the build tools. npm hands its configuration down as npm_config_*
 * variables, and a `nodedir` there (a user's .npmrc, Debian's default) makes node-gyp compile
 * against that Node's headers whatever --target says: the result loads in Node, not in
 * Electron. So nodedir is dropped and the Electron target is set explicitly.
 */
function buildEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_config_(nodedir|runtime|target|arch|disturl|dist_url)$/i.test(key)));
  return {
    ...env,
    npm_config_runtime: 'electron',
    npm_config_target: target.electron,
    npm_config_arch: target.arch,
    npm_config_disturl: 'https://electronjs.org/headers',
  };
}

/**
 * A build made against Node's headers instead of Electron's loads in this Node (Electron's
 * module ABI numbers are never Node's); such a build would fail in the app, so it is refused.
 * Checked in a child process, so nothing is loaded into this one.
 */
function loadsInNode(file) {
  const probe = spawnSync(process.execPath, ['-e', 'process.dlopen({ exports: {} }, process.argv[1])', file], { stdio: 'ignore' });
  return probe.status === 0;
}

function run(label, args) {
  say(`${label}…`);
  const result = spawnSync(process.execPath, args, { cwd: work, stdio: 'inherit', env: buildEnv() });
  if (result.status !== 0 || !fs.existsSync(built)) return false;
  if (loadsInNode(built)) {
    say(
      `the result is a build for Node ${process.versions.node}, not for Electron (were Node's headers used, e.g. through a nodedir setting?); it is not used.`,
    );
    return false;
  }
  return true;
}

/** Each way to get the build, in order; a way whose tool is not installed is passed over with a line. */
const ways = [
  () => {
    const prebuild = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
    return run(`downloading a prebuilt better-sqlite3 for Electron ${target.electron}`, [
      prebuild,
      '--runtime',
      'electron',
      '--target',
      target.electron,
      '--arch',
      target.arch,
    ]);
  },
  () => {
    // npm names its own node-gyp; other package managers may not, so it is looked up here,
    // inside the attempt, where a missing node-gyp is a warning and not a crash.
    const gyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js');
    return run(`compiling better-sqlite3 for Electron ${target.electron} with node-gyp`, [
      gyp,
      'rebuild',
      '--release',
      `--target=${target.electron}`,
      `--arch=${target.arch}`,
      '--dist-url=https://electronjs.org/headers',
    ]);
  },
];

let ok = false;
for (const way of ways) {
  try {
    ok = way();
  } catch (error) {
    say(`passed over: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    ok = false;
  }
  if (ok) break;
}
if (ok) installAddon(root, built, target);
fs.rmSync(work, { recursive: true, force: true });
if (!ok)
  finish(
    `could not build ${describeTarget(target)} (no prebuilt binary, and node-gyp failed: it needs Electron's headers from electronjs.org, Python and a C++ toolchain).`,
  );

const after = addonStatus(root, target);
if (after.state !== 'ready') finish(`the build did not come out as expected: ${after.reason}.`);
say(`${describeTarget(target)} built: ${path.relative(root, addonPaths(root).file)}`);
finish(null);

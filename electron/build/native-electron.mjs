// Builds better-sqlite3 for Electron's ABI beside the Node build, so one `npm install`
// leaves both working: Node (tests, the CLI, the browser host) loads
// node_modules/better-sqlite3 as installed; the desktop app passes better-sqlite3's
// `nativeBinding` option pointing at node_modules/.ratio-electron/better_sqlite3.node.
//
// Runs as `postinstall` and before `npm start`. Where Electron's binary is absent
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1) it skips with one line. It first tries a prebuilt
// binary for this Electron (prebuild-install, as better-sqlite3's own install does), then
// compiles with node-gyp against Electron's headers. A copy of the package is built, never
// the installed one. `--strict` (used by `npm start`) fails on errors; as postinstall a
// failure only warns, so `npm install` still completes for the Node side.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const strict = process.argv.includes('--strict');
const outDir = path.join(root, 'node_modules', '.ratio-electron');
const outFile = path.join(outDir, 'better_sqlite3.node');
const stampFile = path.join(outDir, 'stamp.json');

function say(line) {
  console.log(`ratio native: ${line}`);
}

function finish(problem) {
  if (!problem) process.exit(0);
  console.error(`ratio native: ${problem}`);
  console.error('ratio native: the desktop app needs this build; Node tests, the CLI and the browser host do not. Retry with "node electron/build/native-electron.mjs".');
  process.exit(strict ? 1 : 0);
}

if (process.env.RATIO_SKIP_ELECTRON_NATIVE === '1') {
  say('RATIO_SKIP_ELECTRON_NATIVE=1; skipping the Electron build of better-sqlite3.');
  process.exit(0);
}

const electronDir = path.join(root, 'node_modules', 'electron');
if (!fs.existsSync(path.join(electronDir, 'dist')) || !fs.existsSync(path.join(electronDir, 'path.txt'))) {
  say("Electron's binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD?), so better-sqlite3 is not built for Electron; everything but the desktop app works.");
  process.exit(0);
}

const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sqliteDir, 'package.json'), 'utf8')).version;
const arch = process.env.npm_config_arch || process.arch;
const stamp = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch };

try {
  const previous = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  if (fs.existsSync(outFile) && JSON.stringify(previous) === JSON.stringify(stamp)) {
    say(`better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${arch}) is up to date.`);
    process.exit(0);
  }
} catch {
  // no stamp yet: build
}

const work = path.join(outDir, 'src');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
fs.cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.startsWith(path.join(sqliteDir, 'build')) && !src.startsWith(path.join(sqliteDir, 'node_modules')) });

function run(label, command, args) {
  say(`${label}…`);
  const result = spawnSync(command, args, { cwd: work, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion, npm_config_arch: arch, npm_config_disturl: 'https://electronjs.org/headers' } });
  return result.status === 0;
}

const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
let ok = false;
try {
  const prebuild = require.resolve('prebuild-install/bin.js', { paths: [sqliteDir] });
  ok = run(`downloading a prebuilt better-sqlite3 for Electron ${electronVersion}`, process.execPath, [prebuild, '--runtime', 'electron', '--target', electronVersion, '--arch', arch]) && fs.existsSync(built);
} catch {
  ok = false;
}
if (!ok) {
  const gyp = process.env.npm_config_node_gyp || require.resolve('node-gyp/bin/node-gyp.js');
  ok = run(`compiling better-sqlite3 for Electron ${electronVersion} with node-gyp`, process.execPath, [
    gyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    `--arch=${arch}`,
    '--dist-url=https://electronjs.org/headers',
  ]) && fs.existsSync(built);
}
if (!ok) fs.rmSync(work, { recursive: true, force: true });
if (!ok) finish(`could not build better-sqlite3 for Electron ${electronVersion}.`);

fs.copyFileSync(built, outFile);
fs.writeFileSync(stampFile, `${JSON.stringify(stamp)}\n`);
fs.rmSync(work, { recursive: true, force: true });
say(`better-sqlite3 ${sqliteVersion} built for Electron ${electronVersion} (${arch}): ${path.relative(root, outFile)}`);
finish(null);

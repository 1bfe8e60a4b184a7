// `npm start`: everything the desktop app needs, in the order it needs it, then the app.
//   1. the renderer (vite build → dist/renderer/)
//   2. the Node bundles (dist/electron/main.mjs, core-process.mjs, preload.cjs)
//   3. Electron's binary: Electron ≥ 42 has no install step and fetches it on first run, so
//      it is fetched here, before anything depends on it (the package's install-electron)
//   4. better-sqlite3 built for this Electron (native-electron.mjs --strict: fails unless the
//      build is there and made for this Electron, ABI, platform and architecture)
//   5. `electron .`, with any arguments given after `npm start --`
// A Node script rather than a chain of commands in package.json, so it behaves the same on
// Linux, macOS and Windows. Each step stops the start with its exit status when it fails.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { installedElectron } from './electron-addon.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');

function say(line) {
  console.log(`ratio start: ${line}`);
}

function stop(problem, status = 1) {
  console.error(`ratio start: ${problem}`);
  process.exit(status);
}

function node(label, args) {
  say(`${label}…`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.error) stop(`${label} failed: ${result.error.message}`);
  if (result.status !== 0) stop(`${label} failed (exit status ${result.status ?? result.signal}).`, result.status || 1);
}

/** A package's command-line entry (its package.json `bin`), run with this Node. */
function binOf(dir, name) {
  const { bin } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const entry = typeof bin === 'string' ? bin : bin?.[name];
  if (!entry) stop(`${path.basename(dir)} has no "${name}" command; run "npm install" again.`);
  return path.join(dir, entry);
}

/** `>= 22.12.0` and the like: the minimum it states, or null for anything else. */
function minimumOf(range) {
  const match = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : null;
}

function atLeast(version, minimum) {
  const have = version.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    if ((have[i] ?? 0) !== minimum[i]) return (have[i] ?? 0) > minimum[i];
  }
  return true;
}

/** The same test the electron package's install.js makes before it downloads anything. */
function electronBinaryPresent(electron) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return true;
  try {
    const version = fs
      .readFileSync(path.join(electron.dir, 'dist', 'version'), 'utf8')
      .trim()
      .replace(/^v/, '');
    const executable = fs.readFileSync(path.join(electron.dir, 'path.txt'), 'utf8');
    return version === electron.version && fs.existsSync(path.join(electron.dir, 'dist', executable));
  } catch {
    return false;
  }
}

function ensureElectronBinary() {
  const electron = installedElectron(root);
  if (!electron) stop('Electron is not installed; run "npm install" (with devDependencies) first.');
  if (electronBinaryPresent(electron)) {
    say(`Electron ${electron.version}'s binary is in place.`);
    return electron;
  }
  // Only the download needs the newer Node; the CLI, the tests and the browser host do not.
  const minimum = minimumOf(electron.nodeRange);
  if (minimum && !atLeast(process.versions.node, minimum)) {
    stop(
      `Electron ${electron.version} downloads its binary with a helper that needs Node ${electron.nodeRange.replace(/\s+/g, ' ').trim()}; this is Node ${process.versions.node}. ` +
        'Install Node 22.12 or newer and run "npm start" again. (The CLI, the tests and the browser host work on Node 20.19.)',
    );
  }
  node(`downloading Electron ${electron.version}'s binary (once)`, [binOf(electron.dir, 'install-electron')]);
  if (!electronBinaryPresent(electron)) stop(`Electron ${electron.version}'s binary is still missing after its download step.`);
  return electron;
}

node('building the renderer', [binOf(path.join(root, 'node_modules', 'vite'), 'vite'), 'build']);
node('building the Node bundles', [path.join('electron', 'build', 'build-node.mjs')]);
const electron = ensureElectronBinary();
node('building better-sqlite3 for Electron', [path.join('electron', 'build', 'native-electron.mjs'), '--strict']);

say('starting Ratio…');
const app = spawnSync(process.execPath, [binOf(electron.dir, 'electron'), '.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
if (app.error) stop(`Electron did not start: ${app.error.message}`);
process.exit(app.status ?? 1);

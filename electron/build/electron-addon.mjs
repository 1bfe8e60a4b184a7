// The Electron build of better-sqlite3: where it lives, what it must be built for, and
// whether the file there is that build. native-electron.mjs makes it; start.mjs (`npm start`)
// and before-pack.mjs (electron-builder) refuse to go on without it. Every function takes the
// project root, so tests run them on a stand-in project instead of the real node_modules.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Beside the Node build, never over it (electron/shell/native.ts reads the same place). */
export const ADDON_DIR = path.join('node_modules', '.ratio-electron');
export const ADDON_FILE = 'better_sqlite3.node';
/** What the file beside it was built for: versions, ABI, platform, architecture and its hash. */
export const BUILT_FOR_FILE = 'built-for.json';

/** Only these decide whether a build fits; the hash ties the record to the file. */
const TARGET_KEYS = ['electron', 'abi', 'betterSqlite3', 'platform', 'arch'];

export function addonPaths(root) {
  const dir = path.join(root, ADDON_DIR);
  return { dir, file: path.join(dir, ADDON_FILE), builtFor: path.join(dir, BUILT_FOR_FILE) };
}

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function packageDir(root, name) {
  try {
    return path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/**
 * The installed electron package, or null (a production install has no devDependencies).
 * Its version and ABI are all the addon build needs; its binary is another matter (start.mjs).
 */
export function installedElectron(root) {
  const dir = packageDir(root, 'electron');
  if (!dir) return null;
  const pkg = readJson(path.join(dir, 'package.json'));
  let abi = null;
  try {
    abi = fs.readFileSync(path.join(dir, 'abi_version'), 'utf8').trim() || null;
  } catch {
    abi = null;
  }
  return { dir, version: String(pkg.version), abi, nodeRange: pkg.engines?.node ?? null, bin: pkg.bin ?? {} };
}

export function installedSqlite(root) {
  const dir = packageDir(root, 'better-sqlite3');
  if (!dir) return null;
  return { dir, version: String(readJson(path.join(dir, 'package.json')).version) };
}

/**
 * What the Electron build has to be built for on this machine, or null when electron or
 * better-sqlite3 is not installed. `electron`, `platform` and `arch` may be given (electron-builder
 * packages for a version, platform and architecture of its own).
 */
export function wantedTarget(root, given = {}) {
  const electron = installedElectron(root);
  const sqlite = installedSqlite(root);
  if (!electron || !sqlite) return null;
  return {
    electron: given.electron ?? electron.version,
    abi: electron.abi,
    betterSqlite3: sqlite.version,
    platform: given.platform ?? process.platform,
    arch: given.arch ?? (process.env.npm_config_arch || process.arch),
  };
}

export function describeTarget(target) {
  return `better-sqlite3 ${target.betterSqlite3} for Electron ${target.electron} (ABI ${target.abi ?? 'unknown'}, ${target.platform}-${target.arch})`;
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * 'ready' when the file exists and the record beside it says it was built for `wanted` (and
 * is this very file); 'missing' when there is no file; 'stale' otherwise, with the reason.
 */
export function addonStatus(root, wanted) {
  const { file, builtFor } = addonPaths(root);
  if (!fs.existsSync(file)) return { state: 'missing', reason: `${path.relative(root, file)} does not exist` };
  let recorded;
  try {
    recorded = readJson(builtFor);
  } catch {
    return { state: 'stale', reason: `there is no record of what ${path.relative(root, file)} was built for` };
  }
  const differences = TARGET_KEYS.filter((key) => recorded[key] !== wanted[key]).map(
    (key) => `${key} ${recorded[key] ?? 'unknown'} instead of ${wanted[key] ?? 'unknown'}`,
  );
  if (differences.length > 0) return { state: 'stale', reason: `it was built with ${differences.join(', ')}`, recorded };
  if (recorded.sha256 !== sha256(file)) return { state: 'stale', reason: `${path.relative(root, file)} is not the file that was built`, recorded };
  return { state: 'ready', recorded };
}

/** Puts a finished build in place, then records what it was built for. */
export function installAddon(root, built, target) {
  const { dir, file, builtFor } = addonPaths(root);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(built, file);
  const record = { ...target, sha256: sha256(file), builtAt: new Date().toISOString() };
  fs.writeFileSync(builtFor, `${JSON.stringify(record, null, 2)}\n`);
}

/** Removes a build that does not fit, so nothing can load it by mistake. */
export function removeAddon(root) {
  const { file, builtFor } = addonPaths(root);
  fs.rmSync(file, { force: true });
  fs.rmSync(builtFor, { force: true });
}

import fs from 'node:fs';
import path from 'node:path';

/** Where electron/build/native-electron.mjs puts better-sqlite3 built for Electron's ABI. */
export const ELECTRON_ADDON_DIR = path.join('node_modules', '.ratio-electron');
export const ELECTRON_ADDON_FILE = 'better_sqlite3.node';
/** Beside the addon: what it was built for (electron/build/electron-addon.mjs writes it). */
export const ELECTRON_ADDON_RECORD = 'built-for.json';

export interface AppLocation {
  isPackaged: boolean;
  /** app.getAppPath(): the project folder in development, app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath: the folder beside app.asar. */
  resourcesPath: string;
}

/**
 * better-sqlite3 for Electron lives beside the Node build, never over it, so tests, the CLI
 * and the browser host keep the Node build. Packaged, electron-builder copies it out of
 * the asar archive into resources/native/ (a native module cannot load from inside asar).
 */
export function electronAddonPath(location: AppLocation): string {
  return location.isPackaged
    ? path.join(location.resourcesPath, 'native', ELECTRON_ADDON_FILE)
    : path.join(location.appPath, ELECTRON_ADDON_DIR, ELECTRON_ADDON_FILE);
}

/**
 * What this process is: the Electron version (which fixes the module ABI), platform and
 * architecture, the same fields the build records.
 */
export interface RunningElectron {
  electron: string;
  platform: string;
  arch: string;
}

export function runningElectron(): RunningElectron {
  return { electron: process.versions.electron ?? 'none', platform: process.platform, arch: process.arch };
}

/**
 * Why the addon at `addon` cannot serve this Electron, or null when nothing says so: the
 * file is missing, or the record beside it names another Electron, platform or
 * architecture. A build without a record is left to the load itself (a wrong ABI then
 * fails as NATIVE_MODULE).
 */
export function electronAddonProblem(addon: string, running: RunningElectron): string | null {
  if (!fs.existsSync(addon)) return `${addon} is missing`;
  let recorded: Partial<Record<keyof RunningElectron, unknown>>;
  try {
    recorded = JSON.parse(fs.readFileSync(path.join(path.dirname(addon), ELECTRON_ADDON_RECORD), 'utf8')) as typeof recorded;
  } catch {
    return null;
  }
  const differences = (Object.keys(running) as (keyof RunningElectron)[]).flatMap((key) => {
    const value = recorded[key];
    return typeof value === 'string' && value !== running[key] ? [`${key} ${value}, this is ${running[key]}`] : [];
  });
  return differences.length === 0 ? null : `${addon} was built for another Electron (${differences.join('; ')})`;
}

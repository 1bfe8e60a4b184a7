import path from 'node:path';

/** Where electron/build/native-electron.mjs puts better-sqlite3 built for Electron's ABI. */
export const ELECTRON_ADDON_DIR = path.join('node_modules', '.ratio-electron');
export const ELECTRON_ADDON_FILE = 'better_sqlite3.node';

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

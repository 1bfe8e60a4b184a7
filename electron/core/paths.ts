import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Ratio';

/**
 * The per-user data folder, computed the way Electron's app.getPath('userData') does for
 * an app named Ratio, so the CLI and the desktop app share one catalogue by default.
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? env.USERPROFILE ?? os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

export function defaultCatalogueDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDataDir(env), 'catalogue');
}

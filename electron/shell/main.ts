// The Electron main process: lifecycle, the one window, protocols, IPC and the core process.
// Loaded as ES module (Electron ≥ 28). Everything that must happen before `ready`
// (privileged schemes, the single-instance lock, the sandbox switch) runs synchronously at
// the top of this module, before any await.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { startCoreProcess } from './core-client.js';
import { Desktop } from './desktop.js';
import { registerIpcHandlers, sendProgress } from './ipc.js';
import { electronAddonPath } from './native.js';
import { bundlePathsFromArgv } from './open-files.js';
import { installProtocolHandlers, registerPrivilegedSchemes } from './protocols.js';
import { denyAllPermissions, hardenWebContents } from './security.js';
import { ShellSettings } from './settings.js';
import { createMainWindow } from './window.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const coreModule = path.join(here, 'core-process.mjs');

// RATIO_USER_DATA moves the per-user folder (settings and the default catalogue) elsewhere:
// for portable installs and for the end-to-end test, which must not touch the real one.
if (process.env.RATIO_USER_DATA) app.setPath('userData', path.resolve(process.env.RATIO_USER_DATA));
registerPrivilegedSchemes();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Ratio is running; it receives our argv (a .ratio file) in 'second-instance'.
  app.quit();
} else {
  start();
}

function start(): void {
  const early: string[] = bundlePathsFromArgv(process.argv, process.cwd());
  let desktop: Desktop | null = null;
  const openBundle = (file: string): void => {
    if (desktop) desktop.openBundle(file);
    else early.push(file);
  };

  // macOS hands files opened from Finder (or dropped on the Dock icon) here, possibly before ready.
  app.on('open-file', (event, file) => {
    event.preventDefault();
    if (/\.ratio$/i.test(file)) openBundle(file);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const file of bundlePathsFromArgv(argv, workingDirectory)) openBundle(file);
  });
  // Every web contents, including any that might appear later, gets the same rules.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

  void app.whenReady().then(async () => {
    const addon = electronAddonPath({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
    if (!fs.existsSync(addon)) {
      dialog.showErrorBox(
        'Ratio cannot start',
        `better-sqlite3 has not been built for Electron (${addon} is missing). In the source tree run "node electron/build/native-electron.mjs" (it downloads a prebuilt binary or compiles one with node-gyp), then start Ratio again.`,
      );
      app.quit();
      return;
    }
    denyAllPermissions(session.defaultSession);
    let actor: string | null = null;
    try {
      actor = os.userInfo().username;
    } catch {
      actor = null;
    }
    let window: BrowserWindow | null = null;
    const core = startCoreProcess({
      modulePath: coreModule,
      settings: { resourcesDir: app.isPackaged ? process.resourcesPath : null, nativeBinding: addon, actor },
      onProgress: (report) => sendProgress(window?.webContents ?? null, report),
    });
    const current = new Desktop({
      core,
      settings: new ShellSettings(path.join(app.getPath('userData'), 'shell-settings.json')),
      defaultCatalogueDir: path.join(app.getPath('userData'), 'catalogue'),
      development: !app.isPackaged,
    });
    installProtocolHandlers(session.defaultSession, rendererDir, {
      attachmentsDir: () => current.openAttachmentsDir,
      mediaTypeOf: async (sha256) => {
        const reply = await core.request({ kind: 'media-type', sha256 });
        return reply.ok ? reply.value.mediaType : null;
      },
    });
    registerIpcHandlers(core, () => current.contentsId);
    current.refreshMenu();

    if (!(await current.openAtStart(process.env.RATIO_CATALOGUE ?? null))) {
      core.stop();
      app.quit();
      return;
    }
    const showWindow = (): void => {
      window = createMainWindow(preloadPath);
      current.attachWindow(window);
    };
    showWindow();
    desktop = current;
    for (const file of early.splice(0)) current.openBundle(file);
    await current.offerDemoIfNew();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow();
    });
    let closing = false;
    app.on('before-quit', (event) => {
      if (closing) return;
      // Close the database cleanly (folds the WAL back) before the core process goes.
      event.preventDefault();
      closing = true;
      const timeout = new Promise((resolve) => setTimeout(resolve, 3000));
      void Promise.race([core.request({ kind: 'close' }), timeout]).finally(() => {
        core.stop();
        app.quit();
      });
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

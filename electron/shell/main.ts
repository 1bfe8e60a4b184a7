// The Electron main process: lifecycle, the one window, protocols, IPC and the core process.
// Loaded as ES module (Electron ≥ 28). Everything that must happen before `ready`
// (privileged schemes, the single-instance lock, the sandbox switch) runs synchronously at
// the top of this module, before any await.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, session, shell } from 'electron';
import { openAttachment } from './attachments.js';
import { startCoreProcess } from './core-client.js';
import { Desktop } from './desktop.js';
import * as dialogs from './dialogs.js';
import { registerIpcHandlers, registerShellLanguageHandler, sendProgress } from './ipc.js';
import { electronAddonPath, electronAddonProblem, runningElectron } from './native.js';
import { bundlePathsFromArgv } from './open-files.js';
import { installProtocolHandlers, registerPrivilegedSchemes } from './protocols.js';
import { denyAllPermissions, hardenWebContents } from './security.js';
import { ShellSettings } from './settings.js';
import { pickLanguage, shellText } from './shell-text.js';
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
    // Until the page says its interface language, the shell speaks the one it said last time,
    // else the system's (ru* → Russian, zh* → Chinese, anything else → English).
    const settings = new ShellSettings(path.join(app.getPath('userData'), 'shell-settings.json'));
    const language = pickLanguage(settings.language, [...app.getPreferredSystemLanguages(), app.getLocale()]);
    const addon = electronAddonPath({ isPackaged: app.isPackaged, appPath: app.getAppPath(), resourcesPath: process.resourcesPath });
    const addonProblem = electronAddonProblem(addon, runningElectron());
    if (addonProblem) {
      const text = shellText(language);
      dialogs.cannotStart(dialogs.describeAddonProblem(addonProblem, !app.isPackaged, text), text);
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
    // Copies of attachments handed to the system viewer; made on first use, removed on quit.
    let viewerDir: string | null = null;
    const attachmentOpening = {
      attachmentsDir: () => current.openAttachmentsDir,
      info: async (sha256: string) => {
        const reply = await core.request({ kind: 'attachment-info', sha256 });
        return reply.ok ? reply.value : { mediaType: null, name: null };
      },
      viewerDir: () => (viewerDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-attachments-'))),
      openPath: (file: string) => shell.openPath(file),
      chooseSaveTarget: (name: string) => dialogs.chooseAttachmentDestination(window, name, current.text),
    };
    const openLinkedAttachment = (url: string): void => {
      void openAttachment(url, attachmentOpening).catch(
        (error: unknown) => void dialogs.fail(window, current.text.attachmentFailed, error instanceof Error ? error.message : String(error), current.text),
      );
    };
    const showWindow = (): void => {
      window = createMainWindow(preloadPath, openLinkedAttachment);
      current.attachWindow(window);
    };
    const current = new Desktop({
      core,
      settings,
      defaultCatalogueDir: path.join(app.getPath('userData'), 'catalogue'),
      development: !app.isPackaged,
      language,
      openWindow: showWindow,
    });
    installProtocolHandlers(session.defaultSession, rendererDir, {
      attachmentsDir: () => current.openAttachmentsDir,
      mediaTypeOf: async (sha256) => {
        const reply = await core.request({ kind: 'media-type', sha256 });
        return reply.ok ? reply.value.mediaType : null;
      },
    });
    registerIpcHandlers(core, () => current.contentsId);
    registerShellLanguageHandler(
      (chosen) => current.setLanguage(chosen),
      () => current.contentsId,
    );
    current.refreshMenu();

    if (!(await current.openAtStart(process.env.RATIO_CATALOGUE ?? null))) {
      core.stop();
      app.quit();
      return;
    }
    showWindow();
    desktop = current;
    for (const file of early.splice(0)) current.openBundle(file);
    await current.offerDemoIfNew();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) showWindow();
    });
    // 'running' → 'closing' (work in the core finishes, then the database closes) → 'closed'.
    let quitting: 'running' | 'closing' | 'closed' = 'running';
    app.on('before-quit', (event) => {
      if (quitting === 'closed') return;
      event.preventDefault();
      if (quitting === 'closing') return;
      quitting = 'closing';
      void closeCore().finally(() => {
        quitting = 'closed';
        app.quit();
      });
    });
    /**
     * An import, export or backup that is running when the person quits finishes first (the
     * core holds the close until it has); only then is the close given a deadline, after
     * which the process goes anyway (the database is then closed by SQLite's own recovery).
     */
    const closeCore = async (): Promise<void> => {
      const running = core.settled();
      const closed = core.request({ kind: 'close' });
      await running;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      core.stop();
    };
    app.on('will-quit', () => {
      if (viewerDir) fs.rmSync(viewerDir, { recursive: true, force: true });
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

import { app, Menu, type BrowserWindow } from 'electron';
import type { ShellCommand } from '../../shared/bridge.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { CoreClient } from './core-client.js';
import * as dialogs from './dialogs.js';
import { sendCommand } from './ipc.js';
import { menuTemplate, type MenuActions } from './menu.js';
import type { ShellSettings } from './settings.js';

export interface DesktopOptions {
  core: CoreClient;
  settings: ShellSettings;
  defaultCatalogueDir: string;
  development: boolean;
  /** Creates the window when there is none (macOS keeps running with every window closed). */
  openWindow: () => void;
}

/**
 * The desktop app's state and menu actions: which catalogue is open, the window, and the
 * commands waiting for the page to load. main.ts wires it to Electron's lifecycle.
 */
export class Desktop {
  private window: BrowserWindow | null = null;
  private loaded = false;
  private readonly waiting: ShellCommand[] = [];
  private catalogueDir: string | null = null;
  private attachmentsDir: string | null = null;
  private pendingDemoOffer = false;

  constructor(private readonly options: DesktopOptions) {}

  get openAttachmentsDir(): string | null {
    return this.attachmentsDir;
  }

  get contentsId(): number | null {
    return this.window && !this.window.isDestroyed() ? this.window.webContents.id : null;
  }

  attachWindow(window: BrowserWindow): void {
    this.window = window;
    this.loaded = false;
    window.webContents.on('did-finish-load', () => {
      this.loaded = true;
      for (const command of this.waiting.splice(0)) sendCommand(window.webContents, command);
    });
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
  }

  /** Sends a command to the page, or keeps it until the page (and its preload) has loaded. */
  command(command: ShellCommand): void {
    if (this.window && this.loaded) sendCommand(this.window.webContents, command);
    else this.waiting.push(command);
  }

  openBundle(path: string): void {
    // A file opened from Finder or the Dock while no window is open must show one: the
    // command waits for its page to load.
    if (!this.window || this.window.isDestroyed()) this.options.openWindow();
    this.command({ type: 'open-bundle-file', path });
    if (this.window?.isMinimized()) this.window.restore();
    this.window?.focus();
  }

  /** Opens a catalogue at start-up: the last one used, else the default; asks when neither opens. */
  async openAtStart(preferred: string | null): Promise<boolean> {
    const first = preferred ?? this.options.settings.recent[0] ?? this.options.defaultCatalogueDir;
    const failure = await this.tryOpen(first, first === this.options.defaultCatalogueDir);
    if (!failure) return true;
    if (failure.code === 'CATALOGUE_MISSING' && first !== this.options.defaultCatalogueDir) {
      // A recent catalogue on a drive that is gone: fall back to the default quietly.
      const again = await this.tryOpen(this.options.defaultCatalogueDir, true);
      if (!again) return true;
      return this.cannotLoadModule(again) ? false : this.recover(this.options.defaultCatalogueDir, again, false);
    }
    return this.cannotLoadModule(failure) ? false : this.recover(first, failure, false);
  }

  /**
   * The database module itself does not load (NATIVE_MODULE): no other folder would open
   * either, and the catalogue is not at fault, so this is the "cannot start" screen.
   */
  private cannotLoadModule(failure: ErrorPayload): boolean {
    if (failure.code !== 'NATIVE_MODULE') return false;
    dialogs.cannotStart(dialogs.describeNativeModuleFailure(failure, this.options.development));
    return true;
  }

  /** Explains why `dir` did not open and lets the person pick another folder, until one opens. */
  private async recover(dir: string, failure: ErrorPayload, canCancel: boolean): Promise<boolean> {
    let current = { dir, failure };
    for (;;) {
      const choice = await dialogs.reportOpenFailure(this.window, current.dir, current.failure, canCancel);
      if (choice !== 0) return false;
      const picked = await dialogs.chooseCatalogueFolder(this.window);
      if (!picked) continue;
      const next = await this.openChosen(picked);
      if (next === null) return true;
      if (next === 'cancelled') continue;
      current = { dir: picked, failure: next };
    }
  }

  /** Opens a folder someone chose; offers to create a catalogue in an empty one. */
  private async openChosen(dir: string): Promise<ErrorPayload | 'cancelled' | null> {
    const failure = await this.tryOpen(dir, false);
    if (failure?.code !== 'CATALOGUE_MISSING') return failure;
    if (!(await dialogs.confirmCreateCatalogue(this.window, dir))) return 'cancelled';
    return this.tryOpen(dir, true);
  }

  private async tryOpen(dir: string, create: boolean): Promise<ErrorPayload | null> {
    const reply = await this.options.core.request({ kind: 'open', dir, create });
    if (!reply.ok) return reply.error;
    this.catalogueDir = reply.value.dir;
    this.attachmentsDir = reply.value.attachmentsDir;
    this.options.settings.remember(reply.value.dir);
    this.refreshMenu();
    this.command({ type: 'catalogue-changed', path: reply.value.dir });
    if (reply.value.created) this.pendingDemoOffer = true;
    return null;
  }

  /** On a first run (the catalogue was just created) offers the demo catalogue, once. */
  async offerDemoIfNew(): Promise<void> {
    if (!this.pendingDemoOffer) return;
    this.pendingDemoOffer = false;
    if (!(await dialogs.offerDemo(this.window))) return;
    const outcome = await this.options.core.call('catalogue.loadDemo', {});
    if (!outcome.ok) {
      await dialogs.fail(this.window, 'The demo catalogue could not be loaded.', outcome.error.message);
      return;
    }
    if (this.catalogueDir) this.command({ type: 'catalogue-changed', path: this.catalogueDir });
  }

  refreshMenu(): void {
    const template = menuTemplate(this.menuActions(), {
      platform: process.platform,
      recent: this.options.settings.recent,
      development: this.options.development,
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  private async switchTo(dir: string): Promise<void> {
    const failure = await this.openChosen(dir);
    if (failure && failure !== 'cancelled') await this.recover(dir, failure, true);
    await this.offerDemoIfNew();
  }

  private menuActions(): MenuActions {
    return {
      newEntry: () => this.command({ type: 'new-entry' }),
      importBundle: () =>
        void dialogs.chooseBundleToImport(this.window).then((file) => {
          if (file) this.openBundle(file);
        }),
      exportBundle: () =>
        void dialogs.chooseBundleDestination(this.window).then((file) => {
          if (file) this.command({ type: 'export-bundle', path: file });
        }),
      backUp: () => void this.backUp(),
      restore: () => void this.restore(),
      openCatalogue: () => void dialogs.chooseCatalogueFolder(this.window).then((dir) => (dir ? this.switchTo(dir) : undefined)),
      openRecent: (dir) => void this.switchTo(dir),
      clearRecent: () => {
        this.options.settings.clear();
        this.refreshMenu();
      },
      about: () =>
        void dialogs.inform(
          this.window,
          `Ratio ${app.getVersion()}`,
          `A knowledge base of technical innovations: rationalization proposals, inventions and process methods, exchanged between enterprises as signed bundles.\n\nElectron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`,
        ),
      shortcuts: () => this.command({ type: 'show-shortcuts' }),
    };
  }

  private async backUp(): Promise<void> {
    const destination = await dialogs.chooseBackupDestination(this.window);
    if (!destination) return;
    const reply = await this.options.core.request({ kind: 'backup', destination });
    if (reply.ok) {
      await dialogs.inform(
        this.window,
        'The catalogue is backed up.',
        `${reply.value.destination} (${Math.ceil(reply.value.bytes / 1024)} KiB). Attachments stay in the catalogue's attachments folder; copy it too to keep them elsewhere.`,
      );
    } else {
      await dialogs.fail(this.window, 'The backup failed.', reply.error.message);
    }
  }

  private async restore(): Promise<void> {
    const source = await dialogs.chooseBackupToRestore(this.window);
    if (!source || !this.catalogueDir) return;
    if (!(await dialogs.confirmRestore(this.window, source, this.catalogueDir))) return;
    const reply = await this.options.core.request({ kind: 'restore', source });
    if (reply.ok) {
      this.attachmentsDir = reply.value.attachmentsDir;
      this.command({ type: 'catalogue-changed', path: reply.value.dir });
      await dialogs.inform(this.window, 'The catalogue is restored.', `The previous database is kept as ${reply.value.previous}.`);
    } else {
      await dialogs.fail(this.window, 'The backup was not restored.', `${reply.error.message}\n\nThe catalogue is as it was.`);
    }
  }
}

import { app, Menu, type BrowserWindow } from 'electron';
import type { ShellCommand } from '../../shared/bridge.js';
import type { ErrorPayload } from '../../shared/errors.js';
import type { CoreClient } from './core-client.js';
import * as dialogs from './dialogs.js';
import { sendCommand } from './ipc.js';
import { menuTemplate, type MenuActions } from './menu.js';
import type { ShellSettings } from './settings.js';
import { shellText, type InterfaceLanguage, type ShellText } from './shell-text.js';

export interface DesktopOptions {
  core: CoreClient;
  settings: ShellSettings;
  defaultCatalogueDir: string;
  development: boolean;
  /** The language of the menus and dialogs until the page says its own (shell-text.ts pickLanguage). */
  language: InterfaceLanguage;
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
  private language: InterfaceLanguage;

  constructor(private readonly options: DesktopOptions) {
    this.language = options.language;
  }

  /** The shell's words in the current interface language. */
  get text(): ShellText {
    return shellText(this.language);
  }

  /**
   * The page chose (or reported at start) its interface language: the menus and dialogs follow
   * it from now on, and the next start begins in it.
   */
  setLanguage(language: InterfaceLanguage): void {
    this.options.settings.rememberLanguage(language);
    if (language === this.language) return;
    this.language = language;
    this.refreshMenu();
  }

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
    dialogs.cannotStart(dialogs.describeNativeModuleFailure(failure, this.options.development, this.text), this.text);
    return true;
  }

  /** Explains why `dir` did not open and lets the person pick another folder, until one opens. */
  private async recover(dir: string, failure: ErrorPayload, canCancel: boolean): Promise<boolean> {
    let current = { dir, failure };
    for (;;) {
      const choice = await dialogs.reportOpenFailure(this.window, current.dir, current.failure, canCancel, this.text);
      if (choice !== 0) return false;
      const picked = await dialogs.chooseCatalogueFolder(this.window, this.text);
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
    if (!(await dialogs.confirmCreateCatalogue(this.window, dir, this.text))) return 'cancelled';
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
    if (!(await dialogs.offerDemo(this.window, this.text))) return;
    const outcome = await this.options.core.call('catalogue.loadDemo', {});
    if (!outcome.ok) {
      await dialogs.fail(this.window, this.text.demo.failed, outcome.error.message, this.text);
      return;
    }
    if (this.catalogueDir) this.command({ type: 'catalogue-changed', path: this.catalogueDir });
  }

  refreshMenu(): void {
    const template = menuTemplate(this.menuActions(), {
      platform: process.platform,
      recent: this.options.settings.recent,
      development: this.options.development,
      language: this.language,
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
        void dialogs.chooseBundleToImport(this.window, this.text).then((file) => {
          if (file) this.openBundle(file);
        }),
      exportBundle: () =>
        void dialogs.chooseBundleDestination(this.window, this.text).then((file) => {
          if (file) this.command({ type: 'export-bundle', path: file });
        }),
      backUp: () => void this.backUp(),
      restore: () => void this.restore(),
      compact: () => void this.compact(),
      openCatalogue: () => void dialogs.chooseCatalogueFolder(this.window, this.text).then((dir) => (dir ? this.switchTo(dir) : undefined)),
      openRecent: (dir) => void this.switchTo(dir),
      clearRecent: () => {
        this.options.settings.clear();
        this.refreshMenu();
      },
      about: () => {
        const text = this.text;
        const versions = { electron: process.versions.electron ?? '?', chrome: process.versions.chrome ?? '?', node: process.versions.node };
        void dialogs.inform(this.window, text.about.title(app.getVersion()), text.about.detail(versions), text);
      },
      shortcuts: () => this.command({ type: 'show-shortcuts' }),
    };
  }

  private async backUp(): Promise<void> {
    const destination = await dialogs.chooseBackupDestination(this.window, this.text);
    if (!destination) return;
    const reply = await this.options.core.request({ kind: 'backup', destination });
    const text = this.text;
    if (reply.ok) {
      await dialogs.inform(this.window, text.backup.done, text.backup.detail(reply.value.destination, reply.value.bytes), text);
    } else {
      await dialogs.fail(this.window, text.backup.failed, reply.error.message, text);
    }
  }

  private async restore(): Promise<void> {
    const source = await dialogs.chooseBackupToRestore(this.window, this.text);
    if (!source || !this.catalogueDir) return;
    if (!(await dialogs.confirmRestore(this.window, source, this.catalogueDir, this.text))) return;
    const reply = await this.options.core.request({ kind: 'restore', source });
    const text = this.text;
    if (reply.ok) {
      this.attachmentsDir = reply.value.attachmentsDir;
      this.command({ type: 'catalogue-changed', path: reply.value.dir });
      await dialogs.inform(this.window, text.restore.done, text.restore.previousKept(reply.value.previous), text);
    } else {
      await dialogs.fail(this.window, text.restore.failed, `${reply.error.message}\n\n${text.unchanged}`, text);
    }
  }

  private async compact(): Promise<void> {
    if (!this.catalogueDir || !(await dialogs.confirmCompact(this.window, this.catalogueDir, this.text))) return;
    const reply = await this.options.core.request({ kind: 'compact' });
    const text = this.text;
    if (reply.ok) {
      const { bytesBefore, bytesAfter } = reply.value;
      await dialogs.inform(this.window, text.compact.done, text.compact.result(bytesBefore, bytesAfter), text);
    } else {
      const why = reply.error.code === 'CATALOGUE_BUSY' ? text.compact.busy : reply.error.message;
      await dialogs.fail(this.window, text.compact.failed, `${why}\n\n${text.unchanged}`, text);
    }
  }
}

import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { ErrorPayload } from '../../shared/errors.js';
import type { ShellText } from './shell-text.js';

// Every dialog takes the shell's words in the current language (shell-text.ts); file names
// (ratio-2026-01-31.ratio) and the core's own error sentences are not translated here.
const bundleFilter = (text: ShellText) => ({ name: text.files.bundles, extensions: ['ratio'] });
const backupFilter = (text: ShellText) => ({ name: text.files.backups, extensions: ['sqlite', 'db', 'bak'] });

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

async function messageBox(parent: BrowserWindow | null, options: MessageBoxOptions): Promise<number> {
  const result = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return result.response;
}

async function openOne(parent: BrowserWindow | null, options: OpenDialogOptions): Promise<string | null> {
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

async function saveOne(parent: BrowserWindow | null, options: SaveDialogOptions, extension: string): Promise<string | null> {
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return null;
  return result.filePath.toLowerCase().endsWith(`.${extension}`) ? result.filePath : `${result.filePath}.${extension}`;
}

export const chooseBundleToImport = (parent: BrowserWindow | null, text: ShellText): Promise<string | null> =>
  openOne(parent, { title: text.files.importTitle, properties: ['openFile'], filters: [bundleFilter(text)] });

export const chooseBundleDestination = (parent: BrowserWindow | null, text: ShellText): Promise<string | null> =>
  saveOne(parent, { title: text.files.exportTitle, defaultPath: `ratio-${today()}.ratio`, filters: [bundleFilter(text)] }, 'ratio');

export const chooseBackupDestination = (parent: BrowserWindow | null, text: ShellText): Promise<string | null> =>
  saveOne(parent, { title: text.files.backUpTitle, defaultPath: `ratio-backup-${today()}.sqlite`, filters: [backupFilter(text)] }, 'sqlite');

export const chooseBackupToRestore = (parent: BrowserWindow | null, text: ShellText): Promise<string | null> =>
  openOne(parent, {
    title: text.files.restoreTitle,
    properties: ['openFile'],
    filters: [backupFilter(text), { name: text.files.allFiles, extensions: ['*'] }],
  });

export const chooseCatalogueFolder = (parent: BrowserWindow | null, text: ShellText): Promise<string | null> =>
  openOne(parent, { title: text.files.openCatalogueTitle, buttonLabel: text.files.openCatalogueButton, properties: ['openDirectory', 'createDirectory'] });

/** The sentence a person needs when a catalogue cannot be opened, by error code. */
export function describeOpenFailure(dir: string, error: ErrorPayload, text: ShellText): { message: string; detail: string } {
  switch (error.code) {
    case 'CATALOGUE_UNWRITABLE':
      return { message: text.open.unwritable, detail: `${error.message}\n\n${text.open.unwritableRemedy}` };
    case 'NOT_A_CATALOGUE':
      return { message: text.open.notACatalogue, detail: `${error.message}\n\n${text.open.leftUntouched}` };
    case 'CATALOGUE_NEWER':
      return { message: text.open.newer, detail: `${error.message}\n\n${text.open.leftUntouched}` };
    case 'NATIVE_MODULE':
      return { message: text.open.nativeModule, detail: error.message };
    default:
      return { message: text.open.cannotOpen(dir), detail: error.message };
  }
}

/** 0: choose another folder; 1: quit (or cancel, when something else is already open). */
export function reportOpenFailure(parent: BrowserWindow | null, dir: string, error: ErrorPayload, canCancel: boolean, text: ShellText): Promise<number> {
  const { message, detail } = describeOpenFailure(dir, error, text);
  const buttons = [text.buttons.openAnother, canCancel ? text.buttons.cancel : text.buttons.quit];
  return messageBox(parent, { type: 'error', message, detail, buttons, defaultId: 0, cancelId: 1 });
}

/** A question with a yes and a no button: true when the person chose yes; Escape or closing is no. */
async function ask(
  parent: BrowserWindow | null,
  question: { type: 'question' | 'warning'; message: string; detail: string; yes: string; no: string; noByDefault?: boolean },
): Promise<boolean> {
  const { type, message, detail, yes, no, noByDefault = false } = question;
  const choice = await messageBox(parent, { type, message, detail, buttons: [yes, no], defaultId: noByDefault ? 1 : 0, cancelId: 1 });
  return choice === 0;
}

export const confirmCreateCatalogue = (parent: BrowserWindow | null, dir: string, text: ShellText): Promise<boolean> =>
  ask(parent, {
    type: 'question',
    message: text.open.noCatalogue,
    detail: text.open.createIn(dir),
    yes: text.buttons.createCatalogue,
    no: text.buttons.cancel,
  });

export const offerDemo = (parent: BrowserWindow | null, text: ShellText): Promise<boolean> =>
  ask(parent, { type: 'question', message: text.demo.welcome, detail: text.demo.offer, yes: text.buttons.loadDemo, no: text.buttons.startEmpty });

export const confirmRestore = (parent: BrowserWindow | null, source: string, dir: string, text: ShellText): Promise<boolean> =>
  ask(parent, {
    type: 'warning',
    message: text.restore.question,
    detail: text.restore.detail(source, dir),
    yes: text.buttons.restore,
    no: text.buttons.cancel,
    noByDefault: true,
  });

export const confirmCompact = (parent: BrowserWindow | null, dir: string, text: ShellText): Promise<boolean> =>
  ask(parent, { type: 'question', message: text.compact.question, detail: text.compact.detail(dir), yes: text.buttons.compact, no: text.buttons.cancel });

export function inform(parent: BrowserWindow | null, message: string, detail: string, text: ShellText): Promise<number> {
  return messageBox(parent, { type: 'info', message, detail, buttons: [text.buttons.ok] });
}

export function fail(parent: BrowserWindow | null, message: string, detail: string, text: ShellText): Promise<number> {
  return messageBox(parent, { type: 'error', message, detail, buttons: [text.buttons.ok] });
}

/** What a person can do about a database module that does not fit, from source or installed. */
function nativeRemedy(development: boolean, text: ShellText): string {
  return development ? text.start.remedySource : text.start.remedyInstalled;
}

/** The Electron build of better-sqlite3 is missing or was made for another Electron. */
export function describeAddonProblem(problem: string, development: boolean, text: ShellText): string {
  return text.start.addonProblem(problem, nativeRemedy(development, text));
}

/** The core could not load the database module when it opened the catalogue (NATIVE_MODULE). */
export function describeNativeModuleFailure(error: ErrorPayload, development: boolean, text: ShellText): string {
  return `${error.message}\n\n${nativeRemedy(development, text)}`;
}

/** A modal error before or instead of the window ("Ratio cannot start"); the app quits after it. */
export function cannotStart(detail: string, text: ShellText): void {
  dialog.showErrorBox(text.start.cannotStart, detail);
}

/** Where to save an attachment that no viewer should open; the name comes from attachments.ts. */
export async function chooseAttachmentDestination(parent: BrowserWindow | null, defaultName: string, text: ShellText): Promise<string | null> {
  const options: SaveDialogOptions = { title: text.files.saveAttachmentTitle, defaultPath: defaultName };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

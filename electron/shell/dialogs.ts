import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { ErrorPayload } from '../../shared/errors.js';

const BUNDLE_FILTER = { name: 'Ratio exchange bundles', extensions: ['ratio'] };
const BACKUP_FILTER = { name: 'Ratio catalogue backups', extensions: ['sqlite', 'db', 'bak'] };

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

export const chooseBundleToImport = (parent: BrowserWindow | null): Promise<string | null> =>
  openOne(parent, { title: 'Import bundle', properties: ['openFile'], filters: [BUNDLE_FILTER] });

export const chooseBundleDestination = (parent: BrowserWindow | null): Promise<string | null> =>
  saveOne(parent, { title: 'Export bundle', defaultPath: `ratio-${today()}.ratio`, filters: [BUNDLE_FILTER] }, 'ratio');

export const chooseBackupDestination = (parent: BrowserWindow | null): Promise<string | null> =>
  saveOne(parent, { title: 'Back up catalogue', defaultPath: `ratio-backup-${today()}.sqlite`, filters: [BACKUP_FILTER] }, 'sqlite');

export const chooseBackupToRestore = (parent: BrowserWindow | null): Promise<string | null> =>
  openOne(parent, { title: 'Restore catalogue from backup', properties: ['openFile'], filters: [BACKUP_FILTER, { name: 'All files', extensions: ['*'] }] });

export const chooseCatalogueFolder = (parent: BrowserWindow | null): Promise<string | null> =>
  openOne(parent, { title: 'Open catalogue', buttonLabel: 'Open catalogue', properties: ['openDirectory', 'createDirectory'] });

/** The sentence a person needs when a catalogue cannot be opened, by error code. */
export function describeOpenFailure(dir: string, error: ErrorPayload): { message: string; detail: string } {
  switch (error.code) {
    case 'CATALOGUE_UNWRITABLE':
      return {
        message: 'Ratio cannot write to the catalogue folder.',
        detail: `${error.message}\n\nCheck the folder's permissions, or open a catalogue somewhere else.`,
      };
    case 'NOT_A_CATALOGUE':
      return { message: 'This is not a Ratio catalogue.', detail: `${error.message}\n\nRatio left it untouched.` };
    case 'CATALOGUE_NEWER':
      return { message: 'This catalogue was written by a newer version of Ratio.', detail: `${error.message}\n\nRatio left it untouched.` };
    case 'NATIVE_MODULE':
      return { message: "Ratio's database module cannot be loaded.", detail: error.message };
    default:
      return { message: `The catalogue in ${dir} cannot be opened.`, detail: error.message };
  }
}

/** 0: choose another folder; 1: quit (or cancel, when something else is already open). */
export function reportOpenFailure(parent: BrowserWindow | null, dir: string, error: ErrorPayload, canCancel: boolean): Promise<number> {
  const { message, detail } = describeOpenFailure(dir, error);
  return messageBox(parent, { type: 'error', message, detail, buttons: ['Open another catalogue…', canCancel ? 'Cancel' : 'Quit'], defaultId: 0, cancelId: 1 });
}

export async function confirmCreateCatalogue(parent: BrowserWindow | null, dir: string): Promise<boolean> {
  const choice = await messageBox(parent, {
    type: 'question',
    message: 'There is no catalogue in this folder.',
    detail: `Create a new, empty catalogue in ${dir}?`,
    buttons: ['Create catalogue', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
  });
  return choice === 0;
}

export async function offerDemo(parent: BrowserWindow | null): Promise<boolean> {
  const choice = await messageBox(parent, {
    type: 'question',
    message: 'Welcome to Ratio',
    detail:
      'Your catalogue is empty. Load the demo catalogue — 52 methods, proposals and inventions from the 1960 exchange between enterprises — to look around? You can delete its entries later.',
    buttons: ['Load the demo catalogue', 'Start empty'],
    defaultId: 0,
    cancelId: 1,
  });
  return choice === 0;
}

export async function confirmRestore(parent: BrowserWindow | null, source: string, dir: string): Promise<boolean> {
  const choice = await messageBox(parent, {
    type: 'warning',
    message: 'Replace the catalogue with this backup?',
    detail: `The catalogue in ${dir} is replaced by ${source}. The current database is kept beside it as catalogue.sqlite.bak.`,
    buttons: ['Restore', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
  });
  return choice === 0;
}

export function inform(parent: BrowserWindow | null, message: string, detail: string): Promise<number> {
  return messageBox(parent, { type: 'info', message, detail, buttons: ['OK'] });
}

export function fail(parent: BrowserWindow | null, message: string, detail: string): Promise<number> {
  return messageBox(parent, { type: 'error', message, detail, buttons: ['OK'] });
}

/** The title of the one screen Ratio shows when it cannot run at all. */
export const CANNOT_START = 'Ratio cannot start';

/** What a person can do about a database module that does not fit, from source or installed. */
function nativeRemedy(development: boolean): string {
  return development
    ? 'In the source tree run "npm start": it builds better-sqlite3 for this Electron before it starts the app (or run "node electron/build/native-electron.mjs --strict" to see why the build fails).'
    : 'This installation of Ratio is incomplete or damaged; reinstall Ratio.';
}

/** The Electron build of better-sqlite3 is missing or was made for another Electron. */
export function describeAddonProblem(problem: string, development: boolean): string {
  return `better-sqlite3 has not been built for this Electron: ${problem}. Your catalogues are not affected.\n\n${nativeRemedy(development)}`;
}

/** The core could not load the database module when it opened the catalogue (NATIVE_MODULE). */
export function describeNativeModuleFailure(error: ErrorPayload, development: boolean): string {
  return `${error.message}\n\n${nativeRemedy(development)}`;
}

/** A modal error before or instead of the window; the app quits after it. */
export function cannotStart(detail: string): void {
  dialog.showErrorBox(CANNOT_START, detail);
}

/** Where to save an attachment that no viewer should open; the name comes from attachments.ts. */
export async function chooseAttachmentDestination(parent: BrowserWindow | null, defaultName: string): Promise<string | null> {
  const options: SaveDialogOptions = { title: 'Save attachment', defaultPath: defaultName };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

import type { Outcome } from './client.js';
import type { InterfaceLanguage } from './languages.js';
import type { ExtractionState } from './schemas/attachment-text.js';

/** The core's name for a re-index in its progress reports; the interface words it (and shows its notice) by this name. */
export const REINDEX_TASK = 'Re-indexing the catalogue for search';

/** The core's name for reading attached files' text in the background; its reports carry `file`. */
export const EXTRACT_TASK = 'Reading attachments';

/**
 * `listener` for the reports of the work a bar waits for, not of the background reading of
 * attachments (which runs on beside an import, an export or a bulk action, and has a bar of its own).
 */
export function ignoringBackgroundReading(listener: (report: ProgressReport) => void): (report: ProgressReport) => void {
  return (report) => {
    if (report.task !== EXTRACT_TASK) listener(report);
  };
}

/** The file a background reading report is about: where it stands, and how many of its pages are read. */
export interface ExtractionFileProgress {
  sha256: string;
  /** The name it is attached under (the first, when several entries hold it). */
  name: string;
  state: ExtractionState;
  pagesDone: number;
  /** Pages in the file, once known. */
  pages: number | null;
}

/** A progress report of long work in the core (re-indexing, importing, exporting, reading attachments). */
export interface ProgressReport {
  task: string;
  done: number;
  total: number;
  /** Reading attachments (EXTRACT_TASK): the file this report is about; `done`/`total` count this run's files. */
  file?: ExtractionFileProgress;
}

/**
 * What the desktop shell asks the renderer to do: menu items, files dropped on the window,
 * and `.ratio` files opened from the system (file association, a second launch, macOS
 * open-file). Paths come from native dialogs or the operating system, never from a page.
 */
export type ShellCommand =
  | { type: 'new-entry' }
  /** A bundle to preview and import: from File › Import bundle…, a drop, or the system. */
  | { type: 'open-bundle-file'; path: string }
  /** File › Export bundle…: the user already chose where to write it. */
  | { type: 'export-bundle'; path: string }
  /** Another catalogue is open (File › Open catalogue…, a restore, the demo): reload everything. */
  | { type: 'catalogue-changed'; path: string }
  | { type: 'show-shortcuts' };

export type ShellCommandType = ShellCommand['type'];

/**
 * What the Electron preload exposes to the renderer as `window.ratioBridge`: one call
 * carrier for the API contract, a progress and a command subscription, and the interface
 * language for the shell's menus — nothing else of Electron.
 */
export interface RatioBridge {
  call(op: string, request: unknown): Promise<Outcome<unknown>>;
  /** Returns a function that unsubscribes. */
  onProgress(listener: (report: ProgressReport) => void): () => void;
  /**
   * Commands from the shell (menus, drops, files opened from the system). Commands that
   * arrive before the first listener are kept and handed to it. Returns an unsubscribe.
   */
  onCommand(listener: (command: ShellCommand) => void): () => void;
  /**
   * Tells the shell the interface language, so its menus and dialogs follow it. The shell
   * takes 'en', 'ru' or 'zh' from its own window only, remembers it and rebuilds the menu.
   */
  setShellLanguage(language: InterfaceLanguage): void;
}

export const BRIDGE_GLOBAL = 'ratioBridge';
/**
 * Each contract operation has its own IPC channel, `ratio:<operation>`, with exactly one
 * handler in main, which validates the sender and parses the payload with the contract.
 */
export const IPC_CHANNEL_PREFIX = 'ratio:';
export const IPC_PROGRESS_CHANNEL = 'ratio-event:progress';
export const IPC_COMMAND_CHANNEL = 'ratio-event:command';
/** The one channel from the page to the shell that is not an operation: the interface language. */
export const IPC_SHELL_LANGUAGE_CHANNEL = 'ratio-shell:language';

/**
 * In the desktop app attachments are served by their SHA-256 through a custom protocol
 * that reads only the open catalogue's attachments folder (the CSP allows it for images).
 */
export const ATTACHMENT_SCHEME = 'ratio-attachment';

export function attachmentUrlFor(sha256: string): string {
  return `${ATTACHMENT_SCHEME}://catalogue/${sha256}`;
}

export function ipcChannelFor(op: string): string {
  return `${IPC_CHANNEL_PREFIX}${op}`;
}

import type { Outcome } from './client.js';

/** The core's name for a re-index in its progress reports; the interface words it (and shows its notice) by this name. */
export const REINDEX_TASK = 'Re-indexing the catalogue for search';

/** A progress report of long work in the core (re-indexing, importing, exporting). */
export interface ProgressReport {
  task: string;
  done: number;
  total: number;
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
 * carrier for the API contract and a progress subscription — nothing else of Electron.
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
}

export const BRIDGE_GLOBAL = 'ratioBridge';
/**
 * Each contract operation has its own IPC channel, `ratio:<operation>`, with exactly one
 * handler in main, which validates the sender and parses the payload with the contract.
 */
export const IPC_CHANNEL_PREFIX = 'ratio:';
export const IPC_PROGRESS_CHANNEL = 'ratio-event:progress';
export const IPC_COMMAND_CHANNEL = 'ratio-event:command';

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

import type { Outcome } from './client.js';

/** A progress report of long work in the core (re-indexing, importing, exporting). */
export interface ProgressReport {
  task: string;
  done: number;
  total: number;
}

/**
 * What the Electron preload exposes to the renderer as `window.ratioBridge`: one call
 * carrier for the API contract and a progress subscription — nothing else of Electron.
 */
export interface RatioBridge {
  call(op: string, request: unknown): Promise<Outcome<unknown>>;
  /** Returns a function that unsubscribes. */
  onProgress(listener: (report: ProgressReport) => void): () => void;
}

export const BRIDGE_GLOBAL = 'ratioBridge';
/**
 * Each contract operation has its own IPC channel, `ratio:<operation>`, with exactly one
 * handler in main, which validates the sender and parses the payload with the contract.
 */
export const IPC_CHANNEL_PREFIX = 'ratio:';
export const IPC_PROGRESS_CHANNEL = 'ratio-event:progress';

export function ipcChannelFor(op: string): string {
  return `${IPC_CHANNEL_PREFIX}${op}`;
}

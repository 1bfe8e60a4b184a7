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
/** The single IPC channel that carries API calls; main validates sender and payload. */
export const IPC_CALL_CHANNEL = 'ratio:call';
export const IPC_PROGRESS_CHANNEL = 'ratio:progress';

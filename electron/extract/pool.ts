import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProblemState } from '../../shared/schemas/attachment-text.js';
import { workerEntry } from '../core/worker-entry.js';
import { DEFAULT_LIMITS, type ExtractLimits } from './limits.js';
import type { OcrLanguage } from './ocr.js';
import type { WorkerJob, WorkerReply, WorkerSetup } from './protocol.js';
import type { ReadResult } from './read-file.js';

export type ReadOutcome =
  { ok: true; result: ReadResult; peakMemory: number } | { ok: false; state: ProblemState; error: string; detectedType: string | null; peakMemory: number };

export interface PoolJob {
  path: string;
  name: string;
  languages: OcrLanguage[];
  progress?: (done: number, total: number | null, detectedType: string) => void;
}

export interface PoolOptions {
  /** Worker threads; at most the cores less one, at least one. */
  size?: number;
  limits?: Partial<ExtractLimits>;
  tessdataDir: string;
  ocr?: boolean;
  /** The worker's code (tests give one that misbehaves). */
  entry?: URL;
}

/** Threads for reading: the cores less one (the core process keeps one), never none. */
export function defaultPoolSize(): number {
  return Math.max(1, os.availableParallelism() - 1);
}

interface Pending {
  job: WorkerJob;
  progress: PoolJob['progress'];
  resolve: (outcome: ReadOutcome) => void;
}

interface Slot {
  worker: Worker;
  current: (Pending & { timer: NodeJS.Timeout; peakMemory: number; detectedType: string | null }) | null;
}

/**
 * Reads files on worker threads, one file per worker at a time, each worker bounded by heap
 * (resourceLimits) and each file by time. A worker that dies or overruns is terminated and
 * its file reported failed with the reason; the next file gets a fresh worker.
 */
export class ExtractPool {
  readonly size: number;
  readonly limits: ExtractLimits;
  private readonly setup: WorkerSetup;
  private readonly entry: URL;
  private readonly slots: (Slot | null)[];
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started (a replaced one counts again): tests and the bench read it. */
  started = 0;

  constructor(options: PoolOptions) {
    this.size = Math.max(1, Math.min(options.size ?? defaultPoolSize(), defaultPoolSize()));
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.setup = { tessdataDir: options.tessdataDir, ocr: options.ocr ?? true };
    this.entry = options.entry ?? workerEntry(import.meta.url, './extract-worker.mjs', './worker.ts');
    this.slots = Array.from({ length: this.size }, () => null);
  }

  read(job: PoolJob): Promise<ReadOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, state: 'failed', error: 'The reader pool is closed.', detectedType: null, peakMemory: 0 });
    return new Promise((resolve) => {
      this.waiting.push({
        job: { id: this.nextId++, path: job.path, name: job.name, languages: job.languages, limits: this.limits },
        progress: job.progress,
        resolve,
      });
      this.pump();
    });
  }

  private spawn(index: number): Slot {
    const worker = new Worker(this.entry, {
      workerData: this.setup,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.workerHeapMb, maxYoungGenerationSizeMb: 48 },
    });
    this.started += 1;
    const slot: Slot = { worker, current: null };
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (error: Error & { code?: string }) => {
      const reason =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `Reading it needed more than the reader's ${this.limits.workerHeapMb} MB of memory.`
          : `The reader stopped: ${error.message}`;
      this.retire(index, slot, 'failed', reason);
    });
    worker.on('exit', (code) => this.retire(index, slot, 'failed', `The reader stopped (exit code ${code}).`));
    worker.unref();
    this.slots[index] = slot;
    return slot;
  }

  private pump(): void {
    for (let index = 0; index < this.slots.length && this.waiting.length > 0; index += 1) {
      const slot = this.slots[index] ?? this.spawn(index);
      if (slot.current) continue;
      const pending = this.waiting.shift();
      if (!pending) break;
      const timer = setTimeout(() => {
        this.retire(index, slot, 'failed', `Reading took longer than ${(this.limits.timeMs / 1000).toLocaleString('en')} s.`);
      }, this.limits.timeMs);
      slot.current = { ...pending, timer, peakMemory: 0, detectedType: null };
      slot.worker.ref();
      slot.worker.postMessage(pending.job);
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const current = slot.current;
    if (!current || current.job.id !== reply.id) return;
    if (reply.kind === 'progress') {
      current.detectedType = reply.detectedType;
      current.progress?.(reply.done, reply.total, reply.detectedType);
      return;
    }
    clearTimeout(current.timer);
    slot.current = null;
    slot.worker.unref();
    if (reply.kind === 'done') current.resolve({ ok: true, result: reply.result, peakMemory: reply.peakMemory });
    else current.resolve({ ok: false, state: reply.state, error: reply.error, detectedType: reply.detectedType, peakMemory: reply.peakMemory });
    this.pump();
  }

  /** Ends a worker that failed or overran, reports its file, and lets the next file start a new one. */
  private retire(index: number, slot: Slot, state: ProblemState, reason: string): void {
    if (this.slots[index] !== slot) return;
    this.slots[index] = null;
    const current = slot.current;
    slot.current = null;
    if (current) {
      clearTimeout(current.timer);
      current.resolve({ ok: false, state, error: reason, detectedType: current.detectedType, peakMemory: current.peakMemory });
    }
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.waiting.splice(0))
      pending.resolve({ ok: false, state: 'failed', error: 'The reader pool is closed.', detectedType: null, peakMemory: 0 });
    await Promise.all(
      this.slots.map(async (slot, index) => {
        if (!slot) return;
        this.slots[index] = null;
        if (slot.current) {
          clearTimeout(slot.current.timer);
          slot.current.resolve({ ok: false, state: 'failed', error: 'The reader pool is closed.', detectedType: null, peakMemory: 0 });
        }
        await slot.worker.terminate();
      }),
    );
  }
}

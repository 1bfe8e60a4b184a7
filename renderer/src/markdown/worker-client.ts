import type { RenderRequest, WorkerReply } from './protocol.js';
import { markdownToHtml, type MarkdownSource } from './to-html.js';

/** Why a body is shown as written rather than formatted. */
export type PlainReason = 'slow' | 'failed' | 'large';
export type HtmlOutcome = { kind: 'html'; html: string } | { kind: 'text'; reason: PlainReason };

/**
 * How long marked may work on one body, counted from when the worker starts on it. Real
 * bodies take a few milliseconds (the demo's longest, 1.8 KB, under 5 ms; 200 KB of
 * ordinary Markdown about 200 ms on a busy machine); a hostile one that is not done by
 * then is shown as written, so every body is on screen in well under a second.
 */
export const RENDER_BUDGET_MS = 500;
/** A worker that has not started by then is taken not to start here at all. */
const START_BUDGET_MS = 5000;
/**
 * Without a worker (one that cannot start under some host's policy), bodies up to this
 * length are formatted on the page's thread, where a hostile one costs at most ~0.3 s;
 * longer ones are shown as written.
 */
export const MAIN_THREAD_LIMIT = 4000;

/**
 * HTML longer than this is not put on the page: sanitising it (on the page's thread, see
 * sanitize.ts) costs about 2.4 ms per KB in Chromium and laying it out up to as much again
 * (a 10,000-row table: 669 KB of HTML, 1.6 s each), so 400 KB of cheap-to-parse Markdown
 * could still freeze the page for seconds. 100 KB (about 0.25 s to sanitise) is about
 * 60 KB of ordinary Markdown.
 */
export const MAX_HTML_CHARS = 100_000;

function outcomeOf(html: string): HtmlOutcome {
  return html.length > MAX_HTML_CHARS ? { kind: 'text', reason: 'large' } : { kind: 'html', html };
}

/** What MarkdownRenderer needs of a Worker (tests give it a fake one). */
export interface WorkerLike {
  postMessage(message: RenderRequest): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: WorkerReply }) => void): void;
  addEventListener(type: 'error', listener: (event: { preventDefault(): void }) => void): void;
}

interface Job {
  id: number;
  request: MarkdownSource;
  resolve: (outcome: HtmlOutcome) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** Formats on this thread: the nesting limit holds here too, and nothing it throws escapes. */
export function renderHere(request: MarkdownSource): HtmlOutcome {
  if (request.source.length > MAIN_THREAD_LIMIT) return { kind: 'text', reason: 'large' };
  try {
    return outcomeOf(markdownToHtml(request));
  } catch {
    return { kind: 'text', reason: 'failed' };
  }
}

/**
 * One worker, one body at a time, each with RENDER_BUDGET_MS. A body still being parsed
 * when its time is up has its worker terminated (the only way to stop a regex mid-run) and
 * a new one started for the next; bodies nobody waits for any more are dropped from the
 * queue, so a frozen parse cannot hold others up or pile work behind it.
 */
export class MarkdownRenderer {
  private worker: WorkerLike | null = null;
  private ready = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private unavailable = false;
  private readonly queue: Job[] = [];
  private running: Job | null = null;
  private nextId = 1;

  constructor(private readonly spawn: () => WorkerLike) {}

  /** Starts the worker before the first body needs it (start-up is ~50 ms, more on a busy machine). */
  prewarm(): void {
    if (!this.unavailable) this.ensureWorker();
  }

  /** The body's HTML, NOT yet sanitised, or why it is to be shown as written. */
  render(request: MarkdownSource, signal?: AbortSignal): Promise<HtmlOutcome> {
    return new Promise((resolve) => {
      if (this.unavailable) {
        resolve(renderHere(request));
        return;
      }
      const job: Job = { id: this.nextId++, request, resolve };
      this.queue.push(job);
      // A body nobody waits for is dropped; its promise is never settled and goes with it.
      signal?.addEventListener('abort', () => {
        const index = this.queue.indexOf(job);
        if (index >= 0) this.queue.splice(index, 1);
      });
      this.pump();
    });
  }

  private pump(): void {
    while (!this.running && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      const worker = this.unavailable ? null : this.ensureWorker();
      if (!worker) {
        job.resolve(renderHere(job.request));
        continue;
      }
      this.running = job;
      const message: RenderRequest = { id: job.id, ...job.request };
      worker.postMessage(message);
      // A cold worker's start-up is not the body's fault: its clock starts once the worker is up.
      if (this.ready) this.startClock(job);
    }
  }

  private startClock(job: Job): void {
    job.timer = setTimeout(() => this.giveUp(job), RENDER_BUDGET_MS);
  }

  private ensureWorker(): WorkerLike | null {
    if (this.worker) return this.worker;
    let worker: WorkerLike;
    try {
      worker = this.spawn();
    } catch {
      this.doWithout();
      return null;
    }
    this.worker = worker;
    this.ready = false;
    worker.addEventListener('message', (event) => {
      if (this.worker === worker) this.onReply(event.data);
    });
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      if (this.worker === worker) this.onWorkerError();
    });
    this.startTimer = setTimeout(() => {
      if (this.worker === worker && !this.ready) this.doWithout();
    }, START_BUDGET_MS);
    return worker;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.type === 'ready') {
      this.ready = true;
      clearTimeout(this.startTimer);
      if (this.running) this.startClock(this.running);
      return;
    }
    const job = this.running;
    if (!job || job.id !== reply.id) return;
    clearTimeout(job.timer);
    this.running = null;
    job.resolve(reply.type === 'html' ? outcomeOf(reply.html) : { kind: 'text', reason: 'failed' });
    this.pump();
  }

  private giveUp(job: Job): void {
    if (this.running !== job) return;
    this.discardWorker();
    this.running = null;
    job.resolve({ kind: 'text', reason: 'slow' });
    // The replacement starts now, not when the next body asks: it is warm by then.
    this.ensureWorker();
    this.pump();
  }

  private onWorkerError(): void {
    if (!this.ready) {
      this.doWithout();
      return;
    }
    // The worker answers every body, errors included; an error event means it is broken.
    const job = this.running;
    this.discardWorker();
    this.running = null;
    if (job) {
      clearTimeout(job.timer);
      job.resolve({ kind: 'text', reason: 'failed' });
    }
    this.ensureWorker();
    this.pump();
  }

  /** The worker could not start (a policy, no module workers): every body is done here. */
  private doWithout(): void {
    this.unavailable = true;
    this.discardWorker();
    const waiting = this.running ? [this.running, ...this.queue] : [...this.queue];
    this.running = null;
    this.queue.length = 0;
    for (const job of waiting) {
      clearTimeout(job.timer);
      job.resolve(renderHere(job.request));
    }
  }

  private discardWorker(): void {
    clearTimeout(this.startTimer);
    this.worker?.terminate();
    this.worker = null;
    this.ready = false;
  }
}

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { workerEntry } from '../core/worker-entry.js';
import { PIPELINE_VERSION } from './pipeline.js';

export interface AnalysisRequest {
  texts: { text: string; markdown: boolean }[];
}

export interface AnalysisReply {
  version: number;
  /**
   * For each text: the text as indexed (Markdown reduced), its terms joined by spaces, and its
   * surface words with their terms (surface-words.ts) as one flat list, word then terms.
   */
  results: [string, string, string[]][];
}

/** Texts sent to the worker per message: small enough that results arrive while verification goes on. */
const BATCH = 200;

/**
 * The index terms and surface words of texts a bulk write (an import, a re-index) will index
 * soon, worked out on a worker thread in the meantime. Indexing asks with terms() and
 * surface(): answers that have arrived are taken from the port synchronously (the indexer runs
 * inside a transaction and cannot wait for an event), and a text without an answer yet is
 * simply analysed by the indexer itself. The worker runs the same pipeline module, and an
 * answer from another pipeline version is ignored, so the postings are the same either way;
 * if the worker cannot start, nothing is lost but time. Each answer is given once and then
 * dropped, so a re-index of a million entries holds only the batches in flight.
 */
export class PreAnalysis {
  private readonly analysed = new Map<string, string>();
  private readonly surfaces = new Map<string, Map<string, string>>();
  private readonly port: MessagePort;
  private readonly worker: Worker | null;

  private batch: AnalysisRequest['texts'] = [];
  /** Batches sent and not yet answered, oldest first. */
  private readonly sent: AnalysisRequest['texts'][] = [];
  /** Markdown texts sent, and the text they reduce to. */
  private readonly reduced = new Map<string, string>();
  private failed = false;
  /** How many times terms() had the answer (tests and benchmarks report it). */
  hits = 0;

  /** `entry` is the worker's code (tests give one that fails). */
  constructor(entry: URL = workerEntry(import.meta.url, './analysis-worker.mjs', './analysis-worker.ts')) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    let worker: Worker | null = null;
    try {
      worker = new Worker(entry, { workerData: { port: channel.port2 }, transferList: [channel.port2] });
      // A worker that fails leaves its texts to the indexer; the import goes on without sending it more.
      worker.on('error', () => {
        this.failed = true;
      });
      worker.unref();
    } catch {
      worker = null;
    }
    this.worker = worker;
  }

  /** Queues a text for analysis (worth it only for many: the worker takes a few hundred milliseconds to start). */
  add(text: string, markdown: boolean): void {
    if (this.worker === null || this.failed || text.length === 0) return;
    this.batch.push({ text, markdown });
    if (this.batch.length >= BATCH) this.flush();
  }

  /** Sends what is queued. */
  flush(): void {
    if (this.batch.length === 0) return;
    this.port.postMessage({ texts: this.batch } satisfies AnalysisRequest);
    this.sent.push(this.batch);
    this.batch = [];
  }

  /** Takes the answers that have arrived (the one worker answers in the order it was asked). */
  private receive(): void {
    for (let message = receiveMessageOnPort(this.port); message !== undefined; message = receiveMessageOnPort(this.port)) {
      const reply = message.message as AnalysisReply;
      const asked = this.sent.shift();
      if (reply.version !== PIPELINE_VERSION || !asked) continue;
      reply.results.forEach(([plain, terms, words], i) => {
        const text = asked[i];
        if (text?.markdown) this.reduced.set(text.text, plain);
        this.analysed.set(plain, terms);
        const surface = new Map<string, string>();
        for (let k = 0; k + 1 < words.length; k += 2) surface.set(words[k] as string, words[k + 1] as string);
        this.surfaces.set(plain, surface);
      });
    }
  }

  /** True when every text sent has been answered (tests wait for it). */
  settled(): boolean {
    this.receive();
    return this.sent.length === 0;
  }

  /** The text's terms joined by spaces, if the worker has sent them; the text is the one indexed (Markdown already reduced). */
  terms(text: string): string | undefined {
    this.receive();
    const terms = this.analysed.get(text);
    if (terms !== undefined) {
      this.hits += 1;
      this.analysed.delete(text);
    }
    return terms;
  }

  /** The text's surface words (what surfaceWordsOf gives for it alone), if the worker has sent them. */
  surface(text: string): ReadonlyMap<string, string> | undefined {
    this.receive();
    const words = this.surfaces.get(text);
    if (words !== undefined) this.surfaces.delete(text);
    return words;
  }

  /** What markdownToText gives for a Markdown text sent earlier, if the worker has answered it. */
  plain(markdown: string): string | undefined {
    this.receive();
    const plain = this.reduced.get(markdown);
    if (plain !== undefined) this.reduced.delete(markdown);
    return plain;
  }

  close(): void {
    this.port.close();
    void this.worker?.terminate();
  }
}

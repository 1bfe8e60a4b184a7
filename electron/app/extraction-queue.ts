import type { AttachmentTextStatus } from '../../shared/schemas/attachment-text.js';
import type { CatalogueCore } from '../core/catalogue.js';
import { EXTRACTOR_VERSION } from '../extract/limits.js';
import { ocrLanguages } from '../extract/ocr.js';
import { ExtractPool, type PoolOptions, type ReadOutcome } from '../extract/pool.js';

/** Languages OCR reads a page in at once: more slows Tesseract and blurs its guesses. */
const MAX_OCR_LANGUAGES = 2;

/** How far extraction has got: files of this run, and pages of the file being read. */
export interface ExtractionProgress {
  sha256: string;
  /** The file's state as now stored. */
  status: AttachmentTextStatus;
  filesDone: number;
  filesTotal: number;
}

export interface ExtractionQueueOptions extends Omit<PoolOptions, 'tessdataDir'> {
  tessdataDir: string;
  /** Starts reading as soon as something is queued (the app, the host); false: only run() reads (the CLI, tests). */
  background?: boolean;
}

/**
 * Reads queued attachments off the hot path: attaching or importing only records the blob
 * as queued (in its own transaction, after the write), and this queue hands the files to
 * the worker pool, storing each result in one transaction of its own. Progress goes to
 * every listener. The pool starts with the first file and its workers stay idle between.
 */
export class ExtractionQueue {
  private pool: ExtractPool | undefined;
  private readonly listeners = new Set<(progress: ExtractionProgress) => void>();
  private running: Promise<number> | undefined;
  private closed = false;
  private filesDone = 0;
  private filesTotal = 0;
  private recovered = false;
  /** Largest worker memory seen (heap and external), for the bench. */
  peakMemory = 0;

  constructor(
    private readonly catalogue: CatalogueCore,
    private readonly options: ExtractionQueueOptions,
  ) {}

  /** True once reading starts whenever something is queued (startInBackground, or configured so). */
  get inBackground(): boolean {
    return this.options.background === true;
  }

  onProgress(listener: (progress: ExtractionProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues blobs that have no text from this reader version; in the background, starts reading. */
  enqueue(hashes: readonly string[]): string[] {
    const queued = this.catalogue.attachmentTexts.enqueue(hashes, EXTRACTOR_VERSION);
    this.filesTotal += queued.length;
    if (queued.length > 0 && this.options.background) void this.run();
    return queued;
  }

  /** Queues the files of one entry (again, when `force`: a person asked for it). */
  enqueueEntry(entryId: string, force = false): number {
    const hashes = this.catalogue.entryRepo.get(entryId).attachments.map((a) => a.sha256);
    if (!force) return this.enqueue(hashes).length;
    const n = this.catalogue.attachmentTexts.requeue(hashes, EXTRACTOR_VERSION);
    this.filesTotal += n;
    if (n > 0 && this.options.background) void this.run();
    return n;
  }

  /** Queues every attached file without text from this version (first run, a new reader version). */
  enqueueAll(): number {
    const n = this.catalogue.attachmentTexts.enqueueAll(EXTRACTOR_VERSION);
    this.filesTotal += n;
    if (n > 0 && this.options.background) void this.run();
    return n;
  }

  /** Queues every attached file again, this version's text or not. */
  requeueAll(): number {
    const hashes = this.catalogue.attachmentTexts.attachedHashes();
    const n = this.catalogue.attachmentTexts.requeue(hashes, EXTRACTOR_VERSION);
    this.filesTotal += n;
    if (n > 0 && this.options.background) void this.run();
    return n;
  }

  /**
   * From now on reads whatever is queued as soon as it is (the app, the host), starting with
   * what earlier runs left queued or half read, and files from an older reader version.
   */
  startInBackground(): void {
    this.options.background = true;
    this.enqueueAll();
    void this.run();
  }

  /** Reads until nothing is queued; concurrent calls share one run. Resolves to the files it read. */
  run(): Promise<number> {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      this.filesDone = 0;
      this.filesTotal = 0;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    const texts = this.catalogue.attachmentTexts;
    if (!this.recovered) {
      this.recovered = true;
      this.filesTotal += texts.recoverInterrupted();
    }
    this.pool ??= new ExtractPool({ ...this.options });
    const pool = this.pool;
    const active = new Set<Promise<void>>();
    for (;;) {
      if (this.closed) break;
      const free = pool.size - active.size;
      const next =
        free > 0
          ? texts
              .queued(free + active.size)
              .filter((h) => !this.inFlight.has(h))
              .slice(0, free)
          : [];
      for (const sha256 of next) {
        if (!texts.claim(sha256, EXTRACTOR_VERSION)) continue;
        this.filesTotal = Math.max(this.filesTotal, this.filesDone + active.size + 1);
        this.inFlight.add(sha256);
        const task: Promise<void> = this.readOne(pool, sha256).finally(() => {
          active.delete(task);
          this.inFlight.delete(sha256);
        });
        active.add(task);
      }
      if (active.size === 0) break;
      await Promise.race(active);
    }
    await Promise.all(active);
    return this.filesDone;
  }

  private readonly inFlight = new Set<string>();

  private emit(sha256: string): void {
    const status = this.catalogue.attachmentTexts.status(sha256);
    if (!status) return;
    for (const listener of this.listeners) listener({ sha256, status, filesDone: this.filesDone, filesTotal: Math.max(this.filesTotal, this.filesDone) });
  }

  private async readOne(pool: ExtractPool, sha256: string): Promise<void> {
    const texts = this.catalogue.attachmentTexts;
    const named = this.catalogue.attachmentNamed(sha256);
    const languages = ocrLanguages(texts.languagesOf(sha256)).slice(0, MAX_OCR_LANGUAGES);
    this.emit(sha256);
    let outcome: ReadOutcome;
    try {
      outcome = await pool.read({
        path: this.catalogue.blobs.pathOf(sha256),
        name: named?.name ?? '',
        languages,
        progress: (done, total, detectedType) => {
          if (this.closed) return;
          texts.progress(sha256, done, total, detectedType);
          this.emit(sha256);
        },
      });
    } catch (error) {
      outcome = { ok: false, state: 'failed', error: error instanceof Error ? error.message : String(error), detectedType: null, peakMemory: 0 };
    }
    if (this.closed) return;
    this.peakMemory = Math.max(this.peakMemory, outcome.peakMemory);
    if (outcome.ok) texts.finish(sha256, EXTRACTOR_VERSION, outcome.result);
    else texts.fail(sha256, EXTRACTOR_VERSION, outcome.state, outcome.error, outcome.detectedType);
    this.filesDone += 1;
    this.emit(sha256);
  }

  /** Stops reading (files being read go back to the queue when the catalogue next opens). */
  async close(): Promise<void> {
    this.closed = true;
    await this.pool?.close();
    await this.running?.catch(() => undefined);
  }
}

import { RatioError } from '../../shared/errors.js';
import { CatalogueCore, type CatalogueOptions } from '../core/catalogue.js';
import { SCHEMA_VERSION } from '../core/db/migrations.js';
import { openCatalogue } from '../core/db/open.js';
import path from 'node:path';
import { findResourcesDir } from '../core/resources.js';
import { ExtractionQueue, type ExtractionProgress, type ExtractionQueueOptions } from './extraction-queue.js';
import { SearchEngine } from '../search/engine.js';
import { SearchIndexer } from '../search/indexer.js';

export type { CatalogueOptions };

/**
 * The composition root: the core's catalogue with the search layer's indexer as its index
 * hook and the engine over it. Everything above search (exchange, the API, the transports,
 * tests) opens catalogues here; the core itself never imports search.
 */
export class Catalogue extends CatalogueCore {
  declare readonly searchIndexer: SearchIndexer | undefined;
  private engine: SearchEngine | undefined;
  private queue: ExtractionQueue | undefined;
  private extractionOptions: Partial<ExtractionQueueOptions> = {};
  private readonly extractionListeners = new Set<(progress: ExtractionProgress) => void>();

  static open(dir: string, options: CatalogueOptions): Catalogue {
    // A catalogue opened at an older schema (tests of upgrades pass fewer migrations) is written
    // as the Ratio of that schema would: without today's index, whose tables it lacks; the
    // first search after the upgrade indexes it, as after any index version change.
    const older = options.migrations !== undefined && (options.migrations.at(-1)?.version ?? 0) < SCHEMA_VERSION;
    return new Catalogue(openCatalogue(dir, options), options.actor ?? null, older ? undefined : (db) => SearchIndexer.forCatalogue(db));
  }

  /** The search engine, made on first use: opening a catalogue costs the same at any size. */
  get search(): SearchEngine {
    if (!this.searchIndexer) throw new RatioError('INTERNAL', 'This catalogue has no search index.');
    this.engine ??= new SearchEngine(this.db, this.searchIndexer, () => this.tags.paths());
    return this.engine;
  }

  /**
   * How attachments are read: in the background as soon as queued (the app and the host
   * ask for it), or only when run() is called (the CLI, tests). Call before first use.
   */
  configureExtraction(options: Partial<ExtractionQueueOptions>): void {
    if (this.queue) throw new RatioError('INTERNAL', 'Extraction is already running for this catalogue.');
    this.extractionOptions = options;
  }

  /** The queue that reads attached files' text on worker threads, made on first use. */
  get extraction(): ExtractionQueue {
    if (!this.queue) {
      this.queue = new ExtractionQueue(this, {
        tessdataDir: path.join(findResourcesDir(), 'tessdata'),
        background: false,
        ...this.extractionOptions,
      });
      this.queue.onProgress((progress) => {
        for (const listener of this.extractionListeners) listener(progress);
      });
    }
    return this.queue;
  }

  /**
   * Every progress report of the extraction queue, from whenever it is made: subscribing
   * does not make the queue, so extraction can still be configured afterwards.
   */
  onExtractionProgress(listener: (progress: ExtractionProgress) => void): () => void {
    this.extractionListeners.add(listener);
    return () => this.extractionListeners.delete(listener);
  }

  override close(): void {
    // The workers stop on their own time; nothing is written after this.
    void this.queue?.close();
    super.close();
  }
}

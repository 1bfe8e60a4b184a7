import { RatioError } from '../../shared/errors.js';
import { CatalogueCore, type CatalogueOptions } from '../core/catalogue.js';
import { openCatalogue } from '../core/db/open.js';
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

  static open(dir: string, options: CatalogueOptions): Catalogue {
    return new Catalogue(openCatalogue(dir, options), options.actor ?? null, (db) => SearchIndexer.forCatalogue(db));
  }

  /** The search engine, made on first use: opening a catalogue costs the same at any size. */
  get search(): SearchEngine {
    if (!this.searchIndexer) throw new RatioError('INTERNAL', 'This catalogue has no search index.');
    this.engine ??= new SearchEngine(this.db, this.searchIndexer, () => this.tags.paths());
    return this.engine;
  }
}

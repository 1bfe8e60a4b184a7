import type { Catalogue } from '../../app/catalogue.js';
import { createCatalogueHandlers } from './catalogue.js';
import { createSearchHandlers } from './search.js';
import { createExchangeHandlers } from './exchange.js';
import { createCurationHandlers } from './curation.js';
import { createThesaurusHandlers } from './thesaurus.js';
import { createAttachmentTextHandlers, forwardBackgroundReading } from './attachments.js';
import type { HandlerEnvironment, HandlerTable } from './types.js';

export type { Handler, HandlerEnvironment, HandlerTable, ProgressEvent } from './types.js';

/** The one implementation of the API contract; transports (IPC, HTTP, CLI) only carry it. */
export function createHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlerTable {
  // Subscribed first: starting reads the first file's opening report at once.
  if (env.progress) forwardBackgroundReading(catalogue, env.progress);
  if (env.extractInBackground) catalogue.extraction.startInBackground();
  return {
    ...createCatalogueHandlers(catalogue, env),
    ...createSearchHandlers(catalogue, env),
    ...createExchangeHandlers(catalogue, env),
    ...createCurationHandlers(catalogue, env),
    ...createThesaurusHandlers(catalogue, env),
    ...createAttachmentTextHandlers(catalogue, env),
  };
}

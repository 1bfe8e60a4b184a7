import type { z } from 'zod';
import type { ProgressReport } from '../../../shared/bridge.js';
import type { Operation } from '../../../shared/contract/operation.js';
import type { OperationName, ParsedRequestOf, ResponseOf } from '../../../shared/contract/index.js';

export type Handler<K extends OperationName> = (request: ParsedRequestOf<K>) => ResponseOf<K> | Promise<ResponseOf<K>>;
export type HandlerTable = { [K in OperationName]: Handler<K> };

/** Handlers for one domain's slice of the contract. */
export type HandlersOf<Ops extends Record<string, Operation<z.ZodType, z.ZodType>>> = {
  [K in keyof Ops]: (request: z.output<Ops[K]['request']>) => z.output<Ops[K]['response']> | Promise<z.output<Ops[K]['response']>>;
};

/** Progress of long work (loading, re-indexing, importing, reading attachments), for a terminal or a window to show. */
export type ProgressEvent = ProgressReport;

export interface HandlerEnvironment {
  /** Asked only when an operation needs bundled resources (the demo), never at start-up. */
  resourcesDir: () => string;
  /** Called now and then during long work; may be absent. */
  progress?: (event: ProgressEvent) => void;
  /**
   * Reads attached files' text in the background as they are queued (the desktop app and
   * the host); otherwise only `attachments.extract` reads them (the CLI, most tests).
   */
  extractInBackground?: boolean;
  /**
   * Re-indexes for search between requests when the index is out of date, answering searches
   * meanwhile (the desktop app and the host); otherwise the first search waits for it (the CLI).
   */
  reindexInBackground?: boolean;
}

import type { z } from 'zod';
import { catalogueOperations } from './catalogue.js';
import { searchOperations } from './search.js';
import { exchangeOperations } from './exchange.js';
import { curationOperations } from './curation.js';
import { attachmentTextOperations } from './attachments.js';

export { MAX_ATTACHMENT_BYTES } from './catalogue.js';

/**
 * The one API of the catalogue core. Every front end — the desktop app over IPC, the browser
 * host over HTTP, the CLI by direct call — goes through these operations and nothing else.
 * Each domain keeps its operations in its own module; this map joins them.
 */
export const contract = {
  ...catalogueOperations,
  ...searchOperations,
  ...exchangeOperations,
  ...curationOperations,
  ...attachmentTextOperations,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type RequestOf<K extends OperationName> = z.input<Contract[K]['request']>;
export type ParsedRequestOf<K extends OperationName> = z.output<Contract[K]['request']>;
export type ResponseOf<K extends OperationName> = z.output<Contract[K]['response']>;

export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

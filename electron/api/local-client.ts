import type { RatioClient } from '../../shared/client.js';
import type { OperationName, RequestOf, ResponseOf } from '../../shared/contract/index.js';
import { RatioError } from '../../shared/errors.js';
import { dispatch, type DispatchOptions } from './dispatch.js';
import type { HandlerTable } from './handlers/index.js';

/** A client that calls the handler table in-process (the CLI, tests), through the same boundary checks. */
export function createLocalClient(handlers: HandlerTable, options: DispatchOptions = {}): RatioClient {
  return {
    async call<K extends OperationName>(op: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
      const outcome = await dispatch(handlers, op, request, options);
      if (!outcome.ok) throw new RatioError(outcome.error.code, outcome.error.message, outcome.error.detail);
      return outcome.value as ResponseOf<K>;
    },
  };
}

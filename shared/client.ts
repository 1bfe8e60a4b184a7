import type { OperationName, RequestOf, ResponseOf } from './contract/index.js';
import type { ErrorPayload } from './errors.js';

/** What every transport answers: a value, or a typed error with a human sentence. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };

/** The typed client every front end uses, whichever transport carries it. */
export interface RatioClient {
  call<K extends OperationName>(op: K, request: RequestOf<K>): Promise<ResponseOf<K>>;
}

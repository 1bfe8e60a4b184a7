import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationName, RequestOf, ResponseOf } from '../../../shared/contract/index.js';
import { RatioError } from '../../../shared/errors.js';
import { useTransport } from './context.js';

/**
 * Whether a failed call may simply be made again: only a busy catalogue (another writer held
 * the lock), where nothing was written. Damaged or full catalogues need the person first.
 */
export function canRetry(error: unknown): boolean {
  return error instanceof RatioError && error.code === 'CATALOGUE_BUSY';
}

export interface CallState<T> {
  data: T | undefined;
  /** What the call failed with, as caught; ErrorMessage says it in the interface language. */
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls an operation whenever its request changes (compared as JSON); late answers to
 * superseded requests are dropped so the screen never shows stale results.
 */
export function useCall<K extends OperationName>(op: K, request: RequestOf<K> | null): CallState<ResponseOf<K>> {
  const { client } = useTransport();
  const [state, setState] = useState<{ data?: ResponseOf<K>; error?: unknown; loading: boolean }>({ loading: request !== null });
  const [nonce, setNonce] = useState(0);
  const key = request === null ? null : JSON.stringify(request);
  const latest = useRef(0);
  useEffect(() => {
    if (key === null) return;
    const ticket = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    client.call(op, JSON.parse(key) as RequestOf<K>).then(
      (data) => {
        if (ticket === latest.current) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState({ error: error ?? new Error(String(error)), loading: false });
      },
    );
  }, [client, op, key, nonce]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

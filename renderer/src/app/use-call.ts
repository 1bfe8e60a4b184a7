import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OperationName, RequestOf, ResponseOf } from '../../../shared/contract/index.js';
import { RatioError } from '../../../shared/errors.js';
import { useTransport } from './context.js';

/**
 * What to show for a failed call. The catalogue's own states (busy with another writer,
 * damaged, a full disk) are said in the person's language; anything else as the core said
 * it. `retry` is true only when nothing was written and the same call may simply be made
 * again: a busy catalogue.
 */
export function describeFailure(error: unknown, t: TFunction): { message: string; retry: boolean } {
  if (error instanceof RatioError) {
    if (error.code === 'CATALOGUE_BUSY') return { message: t('failures.busy'), retry: true };
    if (error.code === 'CATALOGUE_CORRUPT') return { message: t('failures.corrupt'), retry: false };
    if (error.code === 'DISK_FULL') return { message: t('failures.diskFull'), retry: false };
  }
  return { message: error instanceof Error ? error.message : String(error), retry: false };
}

export interface CallState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls an operation whenever its request changes (compared as JSON); late answers to
 * superseded requests are dropped so the screen never shows stale results.
 */
export function useCall<K extends OperationName>(op: K, request: RequestOf<K> | null): CallState<ResponseOf<K>> {
  const { client } = useTransport();
  const { t } = useTranslation();
  const [state, setState] = useState<{ data?: ResponseOf<K>; error?: string; loading: boolean }>({ loading: request !== null });
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
        if (ticket === latest.current) setState({ error: describeFailure(error, t).message, loading: false });
      },
    );
  }, [client, op, key, nonce, t]);
  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

import type { Outcome, RatioClient } from '../../../shared/client.js';
import type { OperationName, RequestOf, ResponseOf } from '../../../shared/contract/index.js';
import { BRIDGE_GLOBAL, attachmentUrlFor, type ProgressReport, type RatioBridge, type ShellCommand } from '../../../shared/bridge.js';
import type { InterfaceLanguage } from '../../../shared/languages.js';
import { RatioError, errorDetailOf, isErrorCode } from '../../../shared/errors.js';

/** What the app needs from whichever carrier reaches the core. */
export interface Transport {
  client: RatioClient;
  /** A URL an <img> or link can use for an attachment's bytes. */
  attachmentUrl(sha256: string): string;
  onProgress(listener: (report: ProgressReport) => void): () => void;
  /** Menu commands, dropped bundles and files opened from the system (desktop only). */
  onCommand(listener: (command: ShellCommand) => void): () => void;
  /** Tells the desktop shell the interface language, for its menus and dialogs; the browser has none. */
  setShellLanguage(language: InterfaceLanguage): void;
  /**
   * Moving files between the user and the core where the page must do it itself (the
   * browser host). The desktop app has none: its native dialogs hand the core paths.
   */
  files: FileCarrier | null;
  kind: 'desktop' | 'browser';
}

export interface FileCarrier {
  /** Makes a file the user picked readable by the core; returns its path there. */
  receive(file: File): Promise<string>;
  /** A fresh path for the core to write an export named `name` to. */
  exportTarget(name: string): Promise<string>;
  /** Hands a written export to the user (a download). */
  deliver(path: string): void;
}

function unwrap<T>(outcome: Outcome<unknown>): T {
  if (outcome.ok) return outcome.value as T;
  const code = isErrorCode(outcome.error.code) ? outcome.error.code : 'INTERNAL';
  // The detail lets the interface say the same thing in its own language.
  throw new RatioError(code, outcome.error.message, errorDetailOf(outcome.error.detail));
}

function isOutcome(value: unknown): value is Outcome<unknown> {
  return typeof value === 'object' && value !== null && 'ok' in value && typeof value.ok === 'boolean';
}

/** The Electron preload bridge. */
export function bridgeTransport(bridge: RatioBridge): Transport {
  return {
    kind: 'desktop',
    client: {
      async call<K extends OperationName>(op: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
        return unwrap<ResponseOf<K>>(await bridge.call(op, request));
      },
    },
    attachmentUrl: (sha256) => attachmentUrlFor(sha256),
    onProgress: (listener) => bridge.onProgress(listener),
    onCommand: (listener) => bridge.onCommand(listener),
    setShellLanguage: (language) => bridge.setShellLanguage(language),
    files: null,
  };
}

async function hostValue<T>(response: Response): Promise<T> {
  const body: unknown = await response.json().catch(() => undefined);
  if (!isOutcome(body)) {
    throw new RatioError('INTERNAL', `Ratio’s host answered ${response.status} without a result.`, {
      key: 'transport.noResult',
      params: { status: response.status },
    });
  }
  return unwrap<T>(body);
}

/**
 * What every call to the browser host carries: the token when this page was given one, and
 * always the header that tells the host the call comes from its own page's scripts — with
 * the cookie alone (another tab, a bookmark) the host takes nothing without it.
 */
function hostHeaders(token: string): Record<string, string> {
  return token === '' ? { 'X-Ratio-Client': 'page' } : { 'X-Ratio-Client': 'page', 'X-Ratio-Token': token };
}

/** `?token=…` for the requests a page cannot give headers to, when there is a token to give. */
function tokenQuery(token: string, joiner: '?' | '&'): string {
  return token === '' ? '' : `${joiner}token=${encodeURIComponent(token)}`;
}

function hostFiles(base: string, token: string): FileCarrier {
  return {
    async receive(file) {
      const response = await fetch(`${base}/files/upload?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/octet-stream', ...hostHeaders(token) },
        body: file,
      });
      return (await hostValue<{ path: string }>(response)).path;
    },
    async exportTarget(name) {
      const response = await fetch(`${base}/files/export-target?name=${encodeURIComponent(name)}`, { method: 'POST', headers: hostHeaders(token) });
      return (await hostValue<{ path: string }>(response)).path;
    },
    deliver(path) {
      const name = path.split(/[\\/]/).pop() ?? '';
      const link = document.createElement('a');
      link.href = `${base}/files/download?name=${encodeURIComponent(name)}${tokenQuery(token, '&')}`;
      link.download = name;
      link.click();
    },
  };
}

/**
 * HTTP to the loopback browser host. `token` is empty when the host turned the launch URL's
 * token into its cookie (it always does): the browser then proves every call by the cookie.
 */
export function httpTransport(base: string, token: string): Transport {
  return {
    files: hostFiles(base, token),
    onCommand: () => () => undefined,
    setShellLanguage: () => undefined,
    kind: 'browser',
    client: {
      async call<K extends OperationName>(op: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
        let response: Response;
        try {
          response = await fetch(`${base}/api/${encodeURIComponent(op)}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', ...hostHeaders(token) },
            body: JSON.stringify(request),
          });
        } catch {
          throw new RatioError('INTERNAL', 'Ratio’s host cannot be reached; is `ratio serve` still running?', { key: 'transport.unreachable' });
        }
        return hostValue<ResponseOf<K>>(response);
      },
    },
    attachmentUrl: (sha256) => `${base}/attachments/${sha256}${tokenQuery(token, '?')}`,
    onProgress: (listener) => {
      const source = new EventSource(`${base}/api/events${tokenQuery(token, '?')}`);
      const handler = (event: MessageEvent<string>): void => listener(JSON.parse(event.data) as ProgressReport);
      source.addEventListener('progress', handler);
      return () => source.close();
    },
  };
}

/** The desktop bridge when the preload installed it, otherwise the browser host. */
export function detectTransport(): Transport {
  const bridge = (window as unknown as Record<string, RatioBridge | undefined>)[BRIDGE_GLOBAL];
  if (bridge) return bridgeTransport(bridge);
  // The host answers its launch URL by setting an HttpOnly cookie and sending the page on
  // without the token, so this page, its reloads and every other tab of the browser go by the
  // cookie and no script ever holds the token. A token still in the address (a host that
  // does not redirect) is used, and taken out of the address bar and history.
  const params = new URLSearchParams(window.location.search);
  const token = params.get('token') ?? '';
  if (params.has('token')) window.history.replaceState(null, '', window.location.pathname + window.location.hash);
  return httpTransport(window.location.origin, token);
}

import { utilityProcess, type UtilityProcess } from 'electron';
import type { ProgressReport } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import {
  CORE_SETTINGS_ENV,
  isCoreNotice,
  type CoreEnvelope,
  type CoreReply,
  type CoreRequest,
  type CoreRequestKind,
  type CoreSettings,
  type OpenRequest,
} from './core-messages.js';

export type RequestOfKind<K extends CoreRequestKind> = Extract<CoreRequest, { kind: K }>;

/** Main's handle on the core process. */
export interface CoreClient {
  request<K extends CoreRequestKind>(message: RequestOfKind<K>): Promise<CoreReply<K>>;
  /** Carries one contract operation; the core parses the payload with the contract's schema. */
  call(op: string, request: unknown): Promise<Outcome<unknown>>;
  /** Settles once every request sent so far has been answered (or failed with the process). */
  settled(): Promise<void>;
  stop(): void;
}

export interface CoreProcessOptions {
  modulePath: string;
  settings: CoreSettings;
  onProgress: (report: ProgressReport) => void;
}

const STOPPED = { ok: false, error: { code: 'INTERNAL', message: 'The catalogue process stopped; try again.' } } as const;

/**
 * Forks the core as an Electron utility process and matches replies to requests. If it
 * dies (a native crash), waiting requests fail with a sentence, and the next request
 * starts a fresh process that first reopens the catalogue that was open.
 */
export function startCoreProcess(options: CoreProcessOptions): CoreClient {
  let child: UtilityProcess | null = null;
  let nextId = 1;
  let lastOpen: OpenRequest | null = null;
  let stopping = false;
  const pending = new Map<number, (reply: CoreReply<CoreRequestKind>) => void>();
  const inFlight = new Set<Promise<unknown>>();

  const send = (message: CoreRequest, resolve: (reply: CoreReply<CoreRequestKind>) => void): void => {
    const id = nextId++;
    pending.set(id, resolve);
    const envelope: CoreEnvelope = { id, message };
    ensureChild().postMessage(envelope);
  };

  const ensureChild = (): UtilityProcess => {
    if (child) return child;
    const forked = utilityProcess.fork(options.modulePath, [], {
      serviceName: 'Ratio catalogue',
      stdio: 'inherit',
      env: { ...process.env, [CORE_SETTINGS_ENV]: JSON.stringify(options.settings) },
    });
    forked.on('message', (notice: unknown) => {
      if (!isCoreNotice(notice)) return;
      if (notice.kind === 'progress') {
        options.onProgress(notice.report);
        return;
      }
      const resolve = pending.get(notice.id);
      pending.delete(notice.id);
      resolve?.(notice.reply);
    });
    forked.on('exit', (code) => {
      if (child === forked) child = null;
      for (const resolve of pending.values()) resolve(STOPPED);
      pending.clear();
      if (!stopping) console.error(`ratio: the catalogue process exited (code ${code}); it restarts on the next request.`);
    });
    child = forked;
    if (lastOpen) {
      const reopen: CoreEnvelope = { id: nextId++, message: lastOpen };
      forked.postMessage(reopen);
    }
    return forked;
  };

  const request = <K extends CoreRequestKind>(message: RequestOfKind<K>): Promise<CoreReply<K>> => {
    const reply = new Promise<CoreReply<K>>((resolve) => {
      send(message, resolve as (reply: CoreReply<CoreRequestKind>) => void);
      // Remembered after sending, so a process forked by this very request does not open twice.
      if (message.kind === 'open') lastOpen = message as OpenRequest;
    });
    inFlight.add(reply);
    void reply.finally(() => inFlight.delete(reply));
    return reply;
  };

  return {
    request,
    async call(op, payload) {
      const reply = await request({ kind: 'call', op, request: payload });
      return reply.ok ? reply.value : reply;
    },
    async settled() {
      await Promise.all([...inFlight]);
    },
    stop() {
      stopping = true;
      child?.kill();
      child = null;
    },
  };
}

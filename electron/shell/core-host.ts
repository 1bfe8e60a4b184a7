import path from 'node:path';
import type { ProgressReport } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import { RatioError, toErrorPayload } from '../../shared/errors.js';
import { dispatch } from '../api/dispatch.js';
import { createHandlers, type HandlerTable } from '../api/handlers/index.js';
import { Catalogue } from '../app/catalogue.js';
import { findResourcesDir } from '../core/resources.js';
import { backupCatalogue, restoreCatalogue } from './backup.js';
import {
  isCoreEnvelope,
  type CoreNotice,
  type CoreReplies,
  type CoreReply,
  type CoreRequest,
  type CoreRequestKind,
  type CoreSettings,
  type OpenedInfo,
} from './core-messages.js';
import { LifecycleGate } from './lifecycle-gate.js';
import { SHA256_PATTERN as SHA256 } from '../../shared/text-rules.js';

export interface CoreHost {
  handle(message: CoreRequest): Promise<CoreReply<CoreRequestKind>>;
}

/** Requests that replace or close the open catalogue; everything else works on it. */
const REPLACES_CATALOGUE: ReadonlySet<CoreRequestKind> = new Set(['open', 'restore', 'compact', 'close']);

/**
 * The catalogue core as the core process runs it: one open catalogue at a time and the
 * contract's handler table over it. Plain Node, so tests drive it without Electron.
 * Requests may arrive while others are still running (the process answers each as it
 * comes); opening, restoring and closing wait for the running ones, so an import, export or
 * backup never has its database closed under it.
 */
/**
 * Ratio's resources folder for the core: the one the shell names (process.resourcesPath in a
 * packaged app, where electron-builder's extraResources put demo/, tessdata/ and native/
 * beside app.asar), else the project's own, found from this module.
 */
export function resourcesDirOf(settings: Pick<CoreSettings, 'resourcesDir'>): string {
  return settings.resourcesDir ?? findResourcesDir();
}

/**
 * The OCR language data: a plain folder outside app.asar (extraResources, never `files`), since
 * Tesseract reads it by path on a worker thread.
 */
export function tessdataDirOf(settings: Pick<CoreSettings, 'resourcesDir'>): string {
  return path.join(resourcesDirOf(settings), 'tessdata');
}

export function createCoreHost(settings: CoreSettings, progress: (report: ProgressReport) => void): CoreHost {
  let catalogue: Catalogue | null = null;
  let handlers: HandlerTable | null = null;
  let currentDir: string | null = null;
  const nativeBinding = settings.nativeBinding ?? undefined;
  const gate = new LifecycleGate();

  const open = (dir: string, create: boolean): OpenedInfo => {
    close();
    currentDir = dir;
    const opened = Catalogue.open(dir, { create, nativeBinding, actor: settings.actor });
    catalogue = opened;
    opened.configureExtraction({ tessdataDir: tessdataDirOf(settings) });
    handlers = createHandlers(opened, {
      resourcesDir: () => resourcesDirOf(settings),
      progress,
      extractInBackground: true,
      reindexInBackground: true,
    });
    return { dir: opened.dir, attachmentsDir: opened.blobs.dir, created: opened.created };
  };

  const close = (): boolean => {
    const wasOpen = catalogue !== null;
    catalogue?.close();
    catalogue = null;
    handlers = null;
    return wasOpen;
  };

  const requireOpen = (): Catalogue => {
    if (!catalogue) throw new RatioError('CATALOGUE_MISSING', 'No catalogue is open.');
    return catalogue;
  };

  const call = async (op: string, request: unknown): Promise<Outcome<unknown>> => {
    if (!handlers) return { ok: false, error: { code: 'CATALOGUE_MISSING', message: 'No catalogue is open.' } };
    return dispatch(handlers, op, request, {
      onInternalError: (error) => console.error(`ratio core: ${op} failed`, error),
    });
  };

  const run = async (message: CoreRequest): Promise<CoreReplies[CoreRequestKind]> => {
    switch (message.kind) {
      case 'open':
        return open(message.dir, message.create);
      case 'call':
        return call(message.op, message.request);
      case 'backup': {
        const { bytes } = await backupCatalogue(requireOpen(), message.destination, (done, total) =>
          progress({ task: 'Backing up the catalogue', done, total }),
        );
        return { destination: message.destination, bytes };
      }
      case 'restore': {
        if (!currentDir) throw new RatioError('CATALOGUE_MISSING', 'No catalogue is open to restore into.');
        const dir = currentDir;
        close();
        let restored: { previous: string } | undefined;
        let failure: unknown;
        try {
          restored = restoreCatalogue({ dir, source: message.source, nativeBinding });
        } catch (error) {
          failure = error;
        }
        // Whatever happened, the user gets a catalogue back: the restored one or the old one.
        const info = open(dir, false);
        if (!restored) throw failure;
        return { ...info, previous: restored.previous };
      }
      case 'compact': {
        // Waits, as opening does, for the requests running: VACUUM needs no statement in progress.
        progress({ task: 'Compacting the catalogue', done: 0, total: 1 });
        const { bytesBefore, bytesAfter, pageSize } = requireOpen().compact();
        progress({ task: 'Compacting the catalogue', done: 1, total: 1 });
        return { bytesBefore, bytesAfter, pageSize };
      }
      case 'media-type': {
        if (!SHA256.test(message.sha256)) return { mediaType: null };
        return { mediaType: requireOpen().attachmentNamed(message.sha256)?.mediaType ?? null };
      }
      case 'attachment-info': {
        if (!SHA256.test(message.sha256)) return { mediaType: null, name: null };
        const file = requireOpen().attachmentNamed(message.sha256);
        return { mediaType: file?.mediaType ?? null, name: file?.name ?? null };
      }
      case 'close':
        return { closed: close() };
    }
  };

  return {
    async handle(message) {
      try {
        const value = REPLACES_CATALOGUE.has(message.kind) ? await gate.exclusive(() => run(message)) : await gate.shared(() => run(message));
        return { ok: true, value };
      } catch (error) {
        if (!(error instanceof RatioError)) console.error(`ratio core: ${message.kind} failed`, error);
        return { ok: false, error: toErrorPayload(error) };
      }
    },
  };
}

/**
 * How the core process answers the messages main posts: each at once, without waiting for
 * the ones before it, as Electron's utility process delivers them. The test stand-in of
 * the process uses this same function, so it is as concurrent as the real one.
 */
export function answerMessages(host: CoreHost, post: (notice: CoreNotice) => void): (data: unknown) => void {
  return (data) => {
    if (!isCoreEnvelope(data)) return;
    void host.handle(data.message).then((reply) => post({ kind: 'reply', id: data.id, reply }));
  };
}

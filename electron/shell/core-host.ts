import type { ProgressReport } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import { RatioError, toErrorPayload } from '../../shared/errors.js';
import { dispatch } from '../api/dispatch.js';
import { createHandlers, type HandlerTable } from '../api/handlers/index.js';
import { Catalogue } from '../core/catalogue.js';
import { findResourcesDir } from '../core/resources.js';
import { backupCatalogue, restoreCatalogue } from './backup.js';
import type { CoreReplies, CoreReply, CoreRequest, CoreRequestKind, CoreSettings, OpenedInfo } from './core-messages.js';

const SHA256 = /^[0-9a-f]{64}$/;

export interface CoreHost {
  handle(message: CoreRequest): Promise<CoreReply<CoreRequestKind>>;
}

/**
 * The catalogue core as the core process runs it: one open catalogue at a time and the
 * contract's handler table over it. Plain Node, so tests drive it without Electron.
 */
export function createCoreHost(settings: CoreSettings, progress: (report: ProgressReport) => void): CoreHost {
  let catalogue: Catalogue | null = null;
  let handlers: HandlerTable | null = null;
  let currentDir: string | null = null;
  const nativeBinding = settings.nativeBinding ?? undefined;

  const open = (dir: string, create: boolean): OpenedInfo => {
    close();
    currentDir = dir;
    const opened = Catalogue.open(dir, { create, nativeBinding, actor: settings.actor });
    catalogue = opened;
    handlers = createHandlers(opened, {
      resourcesDir: () => settings.resourcesDir ?? findResourcesDir(),
      progress,
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
      case 'media-type': {
        if (!SHA256.test(message.sha256)) return { mediaType: null };
        const type = requireOpen()
          .db.prepare('SELECT media_type FROM entry_attachments WHERE sha256 = ? ORDER BY entry_id LIMIT 1')
          .pluck()
          .get(message.sha256);
        return { mediaType: typeof type === 'string' ? type : null };
      }
      case 'close':
        return { closed: close() };
    }
  };

  return {
    async handle(message) {
      try {
        return { ok: true, value: await run(message) };
      } catch (error) {
        if (!(error instanceof RatioError)) console.error(`ratio core: ${message.kind} failed`, error);
        return { ok: false, error: toErrorPayload(error) };
      }
    },
  };
}

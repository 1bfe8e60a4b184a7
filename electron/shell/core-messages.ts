import type { ProgressReport } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import type { ErrorPayload } from '../../shared/errors.js';

/**
 * Messages between main and the catalogue core process. Backup, restore and opening a
 * catalogue are deliberately not contract operations: only the shell starts them (from
 * menus, after native dialogs), the renderer never needs them, and keeping them out of the
 * contract keeps file-system paths chosen by the user out of the renderer's reach.
 */
export interface OpenRequest {
  kind: 'open';
  dir: string;
  create: boolean;
}

export type CoreRequest =
  | OpenRequest
  | { kind: 'call'; op: string; request: unknown }
  | { kind: 'backup'; destination: string }
  | { kind: 'restore'; source: string }
  /** The catalogue file rewritten without its free pages (`ratio compact`), with no other program using it. */
  | { kind: 'compact' }
  | { kind: 'media-type'; sha256: string }
  /** The recorded type and name of an attachment, for opening or saving it from main. */
  | { kind: 'attachment-info'; sha256: string }
  | { kind: 'close' };

export interface OpenedInfo {
  dir: string;
  attachmentsDir: string;
  created: boolean;
}

/** What each request answers with when it succeeds. */
export interface CoreReplies {
  open: OpenedInfo;
  call: Outcome<unknown>;
  backup: { destination: string; bytes: number };
  restore: OpenedInfo & { previous: string };
  compact: { bytesBefore: number; bytesAfter: number; pageSize: number };
  'media-type': { mediaType: string | null };
  'attachment-info': { mediaType: string | null; name: string | null };
  close: { closed: boolean };
}

export type CoreRequestKind = CoreRequest['kind'];
export type CoreReply<K extends CoreRequestKind> = { ok: true; value: CoreReplies[K] } | { ok: false; error: ErrorPayload };

/** Main → core. */
export interface CoreEnvelope {
  id: number;
  message: CoreRequest;
}

/** Core → main. */
export type CoreNotice = { kind: 'reply'; id: number; reply: CoreReply<CoreRequestKind> } | { kind: 'progress'; report: ProgressReport };

/** The environment variable that carries CoreSettings (JSON) into the core process. */
export const CORE_SETTINGS_ENV = 'RATIO_CORE_SETTINGS';

/** Start-up settings of the core process, passed once when it is forked. */
export interface CoreSettings {
  resourcesDir: string | null;
  /** better-sqlite3 built for Electron's ABI; null under plain Node. */
  nativeBinding: string | null;
  actor: string | null;
}

export function isCoreEnvelope(value: unknown): value is CoreEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const { id, message } = value as { id?: unknown; message?: unknown };
  return typeof id === 'number' && typeof message === 'object' && message !== null && typeof (message as { kind?: unknown }).kind === 'string';
}

export function isCoreNotice(value: unknown): value is CoreNotice {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'reply' || kind === 'progress';
}

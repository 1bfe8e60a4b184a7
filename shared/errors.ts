/**
 * Typed error codes shared by every layer. Each code carries a default human sentence;
 * a thrower may give a more specific one. Transports send `{ code, message, detail? }`
 * only — never a stack trace.
 */
export const ERROR_CODES = {
  INVALID_INPUT: 'The request was not valid.',
  NOT_FOUND: 'The requested item does not exist.',
  CONFLICT: 'The change conflicts with what is already in the catalogue.',
  CATALOGUE_NEWER: 'This catalogue was written by a newer version of Ratio; update Ratio to open it.',
  NOT_A_CATALOGUE: 'The file is not a Ratio catalogue.',
  CATALOGUE_UNWRITABLE: 'The catalogue folder cannot be written.',
  CATALOGUE_MISSING: 'There is no catalogue here yet; run "ratio init" first.',
  UNKNOWN_OPERATION: 'The operation is not part of the Ratio API.',
  FILE_ERROR: 'A file could not be read or written.',
  BUNDLE_REFUSED: 'The bundle was refused: it is damaged, tampered with or not a Ratio bundle; nothing was imported.',
  BUNDLE_UNTRUSTED: 'The bundle is signed by an enterprise whose key is not registered; import it with --trust or register the key with "ratio trust".',
  CATALOGUE_BUSY: 'The catalogue is busy with another change; try again in a moment.',
  CATALOGUE_CORRUPT: 'The catalogue file is damaged; restore it from a backup (nothing was written).',
  DISK_FULL: 'The disk is full; free some space and try again (nothing was written).',
  NATIVE_MODULE: "Ratio's database module cannot be loaded by this program (it was built for another version); run npm install again or reinstall Ratio.",
  SIGNING_KEY_UNSAFE: "This catalogue's signing key is missing, replaced or readable by others; restore it from a backup or re-key deliberately.",
  UNAUTHORIZED: 'A valid token is required.',
  FORBIDDEN: 'This request is not allowed here.',
  INTERNAL: 'Something went wrong inside Ratio.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The sentence of an error as data: a key the interface translates and the values it
 * names. `message` stays the English sentence (what the CLI prints); an interface in
 * another language reads `detail`, or the code's own sentence when there is none.
 */
export interface ErrorDetail {
  key: string;
  params?: Record<string, string | number>;
}

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  detail?: ErrorDetail;
}

export class RatioError extends Error {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail | undefined;

  constructor(code: ErrorCode, message?: string, detail?: ErrorDetail) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'RatioError';
    this.code = code;
    this.detail = detail;
  }

  toPayload(): ErrorPayload {
    return this.detail ? { code: this.code, message: this.message, detail: this.detail } : { code: this.code, message: this.message };
  }
}

const DETAIL_KEY = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

/** A detail as it arrives over a boundary, kept only if it has the expected shape. */
export function errorDetailOf(value: unknown): ErrorDetail | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || key.length > 100 || !DETAIL_KEY.test(key)) return undefined;
  if (params === undefined) return { key };
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const clean: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(params)) {
    if (typeof v === 'string') clean[name] = v.slice(0, 2000);
    else if (typeof v === 'number' && Number.isFinite(v)) clean[name] = v;
    else return undefined;
  }
  return { key, params: clean };
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * SQLite's result codes (better-sqlite3 puts them, extended ones too, in `code`) and the
 * file system's errno names for the failures a person can act on: wait and retry, restore
 * from a backup, free disk space. Everything else stays an internal failure.
 */
export function codeForFailure(code: string): ErrorCode | undefined {
  if (/^SQLITE_(BUSY|LOCKED)(_|$)/.test(code)) return 'CATALOGUE_BUSY';
  if (/^SQLITE_(CORRUPT|NOTADB)(_|$)/.test(code)) return 'CATALOGUE_CORRUPT';
  if (/^SQLITE_FULL(_|$)/.test(code) || code === 'ENOSPC' || code === 'EDQUOT') return 'DISK_FULL';
  return undefined;
}

/** The typed error for anything thrown: a RatioError as it is, a known SQLite or disk failure as its code, else undefined. */
export function asRatioError(error: unknown): RatioError | undefined {
  if (error instanceof RatioError) return error;
  const code = error !== null && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? codeForFailure(error.code) : undefined;
  return code ? new RatioError(code) : undefined;
}

/** Turns anything thrown into a payload fit to cross a boundary. */
export function toErrorPayload(error: unknown): ErrorPayload {
  return asRatioError(error)?.toPayload() ?? { code: 'INTERNAL', message: ERROR_CODES.INTERNAL };
}

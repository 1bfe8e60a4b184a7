import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { protocol, type Session } from 'electron';
import { lookup as lookupMediaType } from 'mime-types';
import { ATTACHMENT_SCHEME } from '../../shared/bridge.js';
import { ATTACHMENT_POLICY, attachmentHeaders } from '../core/attachment-serving.js';
import { SHA256_PATTERN as SHA256 } from '../../shared/text-rules.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ratio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const RENDERER_URL = `${APP_ORIGIN}/index.html`;
export const ATTACHMENT_HOST = 'catalogue';

/**
 * The page's Content-Security-Policy, sent as a header on every app:// response (a header,
 * unlike a <meta>, also covers the HTML's own parsing). As briefed, with one addition:
 * `connect-src 'self'` is implied by default-src and needs no entry; nothing else is
 * loosened. 'unsafe-inline' stays for styles only, because React and the chart library
 * set style attributes; scripts are 'self' only, never inline or eval.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // The Markdown worker (renderer/src/markdown/markdown-worker.ts), from the app's own files only.
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  `img-src 'self' ${ATTACHMENT_SCHEME}: data:`,
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "form-action 'none'",
].join('; ');

/** Attachments are hostile bytes: served by the same rules as the browser host's (core/attachment-serving.ts). */
export { ATTACHMENT_POLICY };

/**
 * Must run before the app is ready. `standard` gives app:// real origins and relative URL
 * resolution; `secure` makes it a secure context, so attachments are not mixed content;
 * fetch and CORS support let Vite's module scripts (requested in CORS mode) load.
 */
export function registerPrivilegedSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    { scheme: ATTACHMENT_SCHEME, privileges: { standard: true, secure: true } },
  ]);
}

/**
 * The path segments of `rawUrl` under `scheme://host/`, or null when the URL tries to leave
 * its root or hides something from a reader: `..` or `.` segments (also percent-encoded),
 * encoded slashes or backslashes, backslashes, empty segments (`//` — an absolute path),
 * NUL, drive letters, or anything that does not decode. Works on the raw string, before
 * any URL normalisation, so nothing is resolved on the attacker's behalf.
 */
export function requestSegments(rawUrl: string, scheme: string, host: string): string[] | null {
  const prefix = `${scheme}://${host}/`;
  if (rawUrl.slice(0, prefix.length).toLowerCase() !== prefix) return null;
  const rest = rawUrl.slice(prefix.length).split(/[?#]/, 1)[0] ?? '';
  if (/%(2e|2f|5c|00)|\\|\0/i.test(rest)) return null;
  if (rest === '') return [];
  const segments = rest.split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let value: string;
    try {
      value = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (value === '' || value === '.' || value === '..' || /[\\/\0:]/.test(value)) return null;
    decoded.push(value);
  }
  return decoded;
}

/** `segments` joined under `root`, or null if the result is not strictly inside it. */
export function resolveInside(root: string, segments: readonly string[]): string | null {
  const base = path.resolve(root);
  const target = path.resolve(base, ...segments);
  return target.startsWith(base + path.sep) ? target : null;
}

function textResponse(status: number, text: string, policy: string): Response {
  return new Response(text, {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': policy, 'X-Content-Type-Options': 'nosniff' },
  });
}

function fileResponse(file: string, contentType: string, policy: string, method: string): Response {
  const headers = {
    'Content-Type': contentType,
    'Content-Length': String(fs.statSync(file).size),
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
  };
  if (method === 'HEAD') return new Response(null, { status: 200, headers });
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
  return new Response(body, { status: 200, headers });
}

function isRegularFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export type ProtocolHandler = (request: Request) => Promise<Response>;

/** app://ratio/<path> → <rendererDir>/<path>; the bare origin serves index.html. */
export function createAppHandler(rendererDir: string): ProtocolHandler {
  return (request) => Promise.resolve(serveApp(rendererDir, request));
}

function serveApp(rendererDir: string, request: Request): Response {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed.', CONTENT_SECURITY_POLICY);
  const segments = requestSegments(request.url, APP_SCHEME, APP_HOST);
  if (!segments) return textResponse(400, 'Refused.', CONTENT_SECURITY_POLICY);
  const file = resolveInside(rendererDir, segments.length === 0 ? ['index.html'] : segments);
  if (!file) return textResponse(400, 'Refused.', CONTENT_SECURITY_POLICY);
  if (!isRegularFile(file)) return textResponse(404, 'Not found.', CONTENT_SECURITY_POLICY);
  const type = lookupMediaType(file) || 'application/octet-stream';
  const contentType = type.startsWith('text/') ? `${type}; charset=utf-8` : type;
  return fileResponse(file, contentType, CONTENT_SECURITY_POLICY, request.method);
}

export interface AttachmentSource {
  /** The open catalogue's attachments folder, or null when none is open. */
  attachmentsDir(): string | null;
  /** The media type recorded for these bytes in the catalogue, if any. */
  mediaTypeOf(sha256: string): Promise<string | null>;
}

/** ratio-attachment://catalogue/<sha256> → <open catalogue>/attachments/<sha256>, nothing else. */
export function createAttachmentHandler(source: AttachmentSource): ProtocolHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed.', ATTACHMENT_POLICY);
    const segments = requestSegments(request.url, ATTACHMENT_SCHEME, ATTACHMENT_HOST);
    const sha256 = segments?.length === 1 ? segments[0] : undefined;
    if (sha256 === undefined || !SHA256.test(sha256)) return textResponse(400, 'Refused.', ATTACHMENT_POLICY);
    const dir = source.attachmentsDir();
    const file = dir ? resolveInside(dir, [sha256]) : null;
    if (!file || !isRegularFile(file)) return textResponse(404, 'Not found.', ATTACHMENT_POLICY);
    const headers = attachmentHeaders({ mediaType: await source.mediaTypeOf(sha256), size: fs.statSync(file).size });
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>, { status: 200, headers });
  };
}

/** Serves both schemes in the window's session. */
export function installProtocolHandlers(session: Session, rendererDir: string, attachments: AttachmentSource): void {
  session.protocol.handle(APP_SCHEME, createAppHandler(rendererDir));
  session.protocol.handle(ATTACHMENT_SCHEME, createAttachmentHandler(attachments));
}

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ATTACHMENT_BYTES } from '../../shared/contract/index.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Outcome } from '../../shared/client.js';
import { dispatch } from '../api/dispatch.js';
import type { HandlerTable, ProgressEvent } from '../api/handlers/index.js';
import yazl from 'yazl';
import { attachmentHeaders, downloadDisposition } from '../core/attachment-serving.js';
import { PathConfinement } from './confine.js';
import { FileTransfer } from './file-transfer.js';
import { indexStaticFiles, type StaticFile } from './static-files.js';
import { COMMON_HEADERS, CONTENT_SECURITY_POLICY, newToken, tokenMatches } from './security.js';

/** JSON requests are small; only attachment uploads (base64) may be large. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_UPLOAD_BODY_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024;

/**
 * The HTTP status of each typed error. Every code is named, so a new one needs a decision:
 * what the request or its file got wrong is a 4xx, only the host's own state a 5xx.
 */
const STATUS_FOR: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_OPERATION: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
  // A damaged, tampered or foreign bundle: the request was understood, its file cannot be used.
  BUNDLE_REFUSED: 422,
  // A bundle from a signer whose key is not registered: import it with trust, or register the key.
  BUNDLE_UNTRUSTED: 403,
  // Reading or writing a file failed on the host's side.
  FILE_ERROR: 500,
  // Another writer holds the catalogue: the page may try again (Retry-After says when).
  CATALOGUE_BUSY: 503,
  DISK_FULL: 507,
  CATALOGUE_NEWER: 500,
  NOT_A_CATALOGUE: 500,
  CATALOGUE_UNWRITABLE: 500,
  CATALOGUE_MISSING: 500,
  CATALOGUE_CORRUPT: 500,
  NATIVE_MODULE: 500,
  SIGNING_KEY_UNSAFE: 500,
  INTERNAL: 500,
};

export interface HostOptions {
  handlers: HandlerTable;
  /** dist/renderer: the built app. */
  rendererDir: string;
  /** Streams an attachment's bytes by hash; undefined when the catalogue has no such file. */
  attachment: (sha256: string) => { path: string; mediaType: string; size: number; name?: string | null } | undefined;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one is made otherwise. */
  token?: string;
  /**
   * Folder under which uploads (incoming/) and exports (exports/) are kept: the catalogue's.
   * API calls may read and write files only there; without it they may touch no file.
   */
  filesDir?: string;
}

export interface RunningHost {
  url: string;
  token: string;
  port: number;
  /** Broadcasts progress to every page listening on /api/events. */
  progress: (event: ProgressEvent) => void;
  close: () => Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The token from the X-Ratio-Token or Authorization: Bearer header. Only requests a page
 * cannot give headers to (an <img>, a download link, an EventSource) may carry it in the
 * URL, where it would otherwise end up in logs and history for any call.
 */
function givenToken(req: http.IncomingMessage, url: URL, inUrl: boolean): string | null {
  const header = req.headers['x-ratio-token'];
  if (typeof header === 'string') return header;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (bearer) return bearer[1] ?? null;
  return inUrl ? url.searchParams.get('token') : null;
}

/** The value of one cookie of the request, or null. */
function cookieValue(req: http.IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The header the page's own scripts add to every call they make with the cookie; a form or another site cannot. */
const PAGE_CLIENT_HEADER = 'x-ratio-client';

function send(res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendOutcome(res: http.ServerResponse, status: number, outcome: Outcome<unknown>): void {
  const retry: Record<string, string> = status === 503 ? { 'Retry-After': '1' } : {};
  send(res, status, JSON.stringify(outcome), { 'Content-Type': 'application/json; charset=utf-8', ...retry });
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new HttpError(413, 'INVALID_INPUT', `The request is larger than ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'INVALID_INPUT', `The request is larger than ${limit} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The loopback browser host: serves the built renderer and carries the API contract over
 * HTTP through the same dispatch as the desktop app. Every API call needs the launch token;
 * requests from other origins or for other host names (DNS rebinding) are refused, and
 * file paths in calls are confined to the host's own folders.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  let files = new Map<string, StaticFile>();
  if (fs.existsSync(options.rendererDir)) files = indexStaticFiles(options.rendererDir);
  const listeners = new Set<http.ServerResponse>();
  const transfer = options.filesDir ? new FileTransfer(options.filesDir) : undefined;
  transfer?.sweepIncoming();
  const handlers = new PathConfinement(transfer).wrap(options.handlers);
  let origin = '';
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  const unauthorized = (): HttpError => new HttpError(401, 'UNAUTHORIZED', 'A valid token is required.');
  // Cookies are kept per host name, not per port: each host's cookie is named after its port.
  let cookieName = 'ratio-token';

  /**
   * Lets a request through with the token in a header (or, where `inUrl`, the URL), or with
   * the cookie set when the launch URL was opened — so every tab and bookmark of the same
   * browser works without the token in its address. The cookie is HttpOnly and
   * SameSite=Strict; on top of that, a call it authenticates must come from our own page:
   * fetched same-origin (Sec-Fetch-Site, when the browser says) and, for anything but a
   * plain GET, carrying the page's custom header, which no form or foreign page can send
   * here without a CORS preflight this host never grants.
   */
  const authorize = (req: http.IncomingMessage, url: URL, inUrl: boolean): void => {
    if (tokenMatches(token, givenToken(req, url, inUrl))) return;
    if (!tokenMatches(token, cookieValue(req, cookieName))) throw unauthorized();
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw unauthorized();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      if (req.headers[PAGE_CLIENT_HEADER] !== 'page') throw unauthorized();
      // The Origin check above refused any other origin; a browser's own script always sends one on POST.
      if (req.headers.origin === undefined && site !== 'same-origin') throw unauthorized();
    }
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const known = error instanceof HttpError ? error : new HttpError(500, 'INTERNAL', 'The browser host failed to answer.');
      if (!res.headersSent) {
        sendOutcome(res, known.status, { ok: false, error: { code: known.code, message: known.message } });
      } else {
        res.destroy();
      }
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(421, 'FORBIDDEN', 'Unknown host name.');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      throw new HttpError(400, 'INVALID_INPUT', 'The request address is not valid.');
    }
    // The page may have been opened under any of the allowed host names; its scripts carry that origin.
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedOrigins.has(requestOrigin)) throw new HttpError(403, 'FORBIDDEN', 'Cross-origin requests are refused.');

    if (url.pathname.startsWith('/files/')) {
      const download = url.pathname === '/files/download';
      authorize(req, url, download);
      if (!transfer) throw new HttpError(404, 'NOT_FOUND', 'This host does not move files.');
      const name = url.searchParams.get('name') ?? '';
      if (url.pathname === '/files/upload' && req.method === 'POST') {
        const saved = await transfer.receive(req, name).catch((error: unknown) => {
          throw new HttpError(error instanceof RangeError ? 413 : 400, 'INVALID_INPUT', error instanceof Error ? error.message : 'The upload failed.');
        });
        sendOutcome(res, 200, { ok: true, value: { path: saved } });
        return;
      }
      if (url.pathname === '/files/export-target' && req.method === 'POST') {
        sendOutcome(res, 200, { ok: true, value: { path: transfer.exportTarget(name) } });
        return;
      }
      if (download && req.method === 'GET') {
        const folder = transfer.exportedFolder(name);
        if (folder) {
          // A Markdown export is a folder; the browser downloads it as one zip, made as it is sent.
          const zip = new yazl.ZipFile();
          for (const { file, inside } of folder.files) zip.addFile(file, inside);
          zip.end();
          res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'application/zip', 'Content-Disposition': downloadDisposition(name) });
          zip.outputStream.pipe(res);
          return;
        }
        const found = transfer.exported(name);
        if (!found) throw new HttpError(404, 'NOT_FOUND', 'No such exported file.');
        res.writeHead(200, {
          ...COMMON_HEADERS,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(found.size),
          'Content-Disposition': downloadDisposition(name),
        });
        fs.createReadStream(found.file).pipe(res);
        return;
      }
      throw new HttpError(405, 'INVALID_INPUT', 'Unknown file operation.');
    }

    if (url.pathname.startsWith('/api/')) {
      const events = url.pathname === '/api/events';
      authorize(req, url, events);
      if (events && req.method === 'GET') {
        res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (req.method !== 'POST') throw new HttpError(405, 'INVALID_INPUT', 'API calls are POST requests.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new HttpError(415, 'INVALID_INPUT', 'API calls carry JSON.');
      }
      let op: string;
      try {
        op = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        throw new HttpError(400, 'INVALID_INPUT', 'The operation name is not validly escaped.');
      }
      const body = await readBody(req, op === 'attachments.add' ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES);
      let request: unknown;
      try {
        request = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
      } catch {
        throw new HttpError(400, 'INVALID_INPUT', 'The request body is not valid JSON.');
      }
      const outcome = await dispatch(handlers, op, request);
      sendOutcome(res, outcome.ok ? 200 : STATUS_FOR[outcome.error.code], outcome);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'INVALID_INPUT', 'Only GET is served here.');

    if (url.pathname.startsWith('/attachments/')) {
      authorize(req, url, true);
      const found = options.attachment(url.pathname.slice('/attachments/'.length));
      if (!found) throw new HttpError(404, 'NOT_FOUND', 'No such attachment.');
      // Attachments come from other enterprises: the desktop app's rules, so none runs as a page of ours.
      res.writeHead(200, { ...COMMON_HEADERS, ...attachmentHeaders(found) });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(found.path).pipe(res);
      return;
    }

    // The launch URL: the token becomes this browser's cookie and leaves the address bar, its
    // history and anything a bookmark or a new tab would copy.
    const launch = url.searchParams.get('token');
    if (launch !== null && tokenMatches(token, launch)) {
      url.searchParams.delete('token');
      send(res, 303, '', {
        Location: `${url.pathname}${url.search}`,
        'Set-Cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/`,
      });
      return;
    }

    const file = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) throw new HttpError(404, 'NOT_FOUND', 'Not found.');
    const content = fs.readFileSync(file.file);
    send(res, 200, req.method === 'HEAD' ? Buffer.alloc(0) : content, {
      'Content-Type': file.mediaType.startsWith('text/') || file.mediaType.includes('javascript') ? `${file.mediaType}; charset=utf-8` : file.mediaType,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Frame-Options': 'DENY',
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  origin = `http://${hostForUrl}:${port}`;
  allowedHosts = new Set([`${hostForUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`]);
  allowedOrigins = new Set([...allowedHosts].map((name) => `http://${name}`));
  cookieName = `ratio-token-${port}`;

  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    progress: (event) => {
      const data = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
      for (const listener of listeners) {
        listener.write(data);
        // A write is held (corked) until the next tick; long work runs synchronously in this
        // same loop, so without this its reports would only leave once it is over.
        listener.socket?.uncork();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

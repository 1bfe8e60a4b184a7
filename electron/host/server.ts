import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_ATTACHMENT_BYTES } from '../../shared/contract/index.js';
import type { ErrorCode } from '../../shared/errors.js';
import type { Outcome } from '../../shared/client.js';
import { dispatch } from '../api/dispatch.js';
import type { HandlerTable, ProgressEvent } from '../api/handlers/index.js';
import { FileTransfer } from './file-transfer.js';
import { indexStaticFiles, type StaticFile } from './static-files.js';
import { COMMON_HEADERS, CONTENT_SECURITY_POLICY, newToken, tokenMatches } from './security.js';

/** JSON requests are small; only attachment uploads (base64) may be large. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_UPLOAD_BODY_BYTES = Math.ceil((MAX_ATTACHMENT_BYTES * 4) / 3) + 64 * 1024;

const STATUS_FOR: Partial<Record<ErrorCode, number>> = {
  INVALID_INPUT: 400,
  UNKNOWN_OPERATION: 404,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export interface HostOptions {
  handlers: HandlerTable;
  /** dist/renderer: the built app. */
  rendererDir: string;
  /** Streams an attachment's bytes by hash; undefined when the catalogue has no such file. */
  attachment: (sha256: string) => { path: string; mediaType: string; size: number } | undefined;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one is made otherwise. */
  token?: string;
  /** Folder under which uploads (incoming/) and exports (exports/) are kept: the catalogue's. */
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
    message: string,
  ) {
    super(message);
  }
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, headers: Record<string, string>): void {
  res.writeHead(status, { ...COMMON_HEADERS, ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}

function sendOutcome(res: http.ServerResponse, status: number, outcome: Outcome<unknown>): void {
  send(res, status, JSON.stringify(outcome), { 'Content-Type': 'application/json; charset=utf-8' });
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      reject(new HttpError(413, `The request is larger than ${limit} bytes.`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, `The request is larger than ${limit} bytes.`));
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
 * requests from other origins or for other host names (DNS rebinding) are refused.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  let files = new Map<string, StaticFile>();
  if (fs.existsSync(options.rendererDir)) files = indexStaticFiles(options.rendererDir);
  const listeners = new Set<http.ServerResponse>();
  const transfer = options.filesDir ? new FileTransfer(options.filesDir) : undefined;
  let origin = '';
  let allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'The browser host failed to answer.';
      if (!res.headersSent) {
        sendOutcome(res, status, { ok: false, error: { code: status === 500 ? 'INTERNAL' : 'INVALID_INPUT', message } });
      } else {
        res.destroy();
      }
    });
  });

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpError(421, 'Unknown host name.');
    const url = new URL(req.url ?? '/', origin);
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && requestOrigin !== origin) throw new HttpError(403, 'Cross-origin requests are refused.');

    if (url.pathname.startsWith('/files/')) {
      const given = req.headers['x-ratio-token'] ?? url.searchParams.get('token');
      if (!tokenMatches(token, Array.isArray(given) ? given[0] : given)) throw new HttpError(401, 'A valid token is required.');
      if (!transfer) throw new HttpError(404, 'This host does not move files.');
      const name = url.searchParams.get('name') ?? '';
      if (url.pathname === '/files/upload' && req.method === 'POST') {
        const saved = await transfer.receive(req, name).catch((error: unknown) => {
          throw new HttpError(error instanceof RangeError ? 413 : 400, error instanceof Error ? error.message : 'The upload failed.');
        });
        sendOutcome(res, 200, { ok: true, value: { path: saved } });
        return;
      }
      if (url.pathname === '/files/export-target' && req.method === 'POST') {
        sendOutcome(res, 200, { ok: true, value: { path: transfer.exportTarget(name) } });
        return;
      }
      if (url.pathname === '/files/download' && req.method === 'GET') {
        const found = transfer.exported(name);
        if (!found) throw new HttpError(404, 'No such exported file.');
        res.writeHead(200, {
          ...COMMON_HEADERS,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(found.size),
          'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
        });
        fs.createReadStream(found.file).pipe(res);
        return;
      }
      throw new HttpError(405, 'Unknown file operation.');
    }

    if (url.pathname.startsWith('/api/')) {
      const given = req.headers['x-ratio-token'] ?? url.searchParams.get('token');
      if (!tokenMatches(token, Array.isArray(given) ? given[0] : given)) throw new HttpError(401, 'A valid token is required.');
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { ...COMMON_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      if (req.method !== 'POST') throw new HttpError(405, 'API calls are POST requests.');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new HttpError(415, 'API calls carry JSON.');
      }
      const op = decodeURIComponent(url.pathname.slice('/api/'.length));
      const body = await readBody(req, op === 'attachments.add' ? MAX_UPLOAD_BODY_BYTES : MAX_BODY_BYTES);
      let request: unknown;
      try {
        request = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as unknown);
      } catch {
        throw new HttpError(400, 'The request body is not valid JSON.');
      }
      const outcome = await dispatch(options.handlers, op, request);
      sendOutcome(res, outcome.ok ? 200 : (STATUS_FOR[outcome.error.code] ?? 500), outcome);
      return;
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Only GET is served here.');

    if (url.pathname.startsWith('/attachments/')) {
      if (!tokenMatches(token, url.searchParams.get('token'))) throw new HttpError(401, 'A valid token is required.');
      const found = options.attachment(url.pathname.slice('/attachments/'.length));
      if (!found) throw new HttpError(404, 'No such attachment.');
      res.writeHead(200, {
        ...COMMON_HEADERS,
        'Content-Type': found.mediaType,
        'Content-Length': String(found.size),
        // Attachments come from other enterprises: never let one run as a page of ours.
        'Content-Security-Policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
        'Content-Disposition': 'inline',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(found.path).pipe(res);
      return;
    }

    const file = files.get(url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) throw new HttpError(404, 'Not found.');
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

  return {
    url: `${origin}/?token=${token}`,
    token,
    port,
    progress: (event) => {
      const data = `event: progress\ndata: ${JSON.stringify(event)}\n\n`;
      for (const listener of listeners) listener.write(data);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

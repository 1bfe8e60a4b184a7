import { z } from 'zod';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, type OperationName } from '../../shared/contract/index.js';
import { LocalPath } from '../../shared/schemas/exchange.js';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { HOST_PATH_FIELDS } from '../../electron/host/confine.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { useTestKeys } from '../exchange/support.js';
import { cleanupTemp, openTestCatalogue, tempDir, type TestCatalogue } from '../helpers.js';

let t: TestCatalogue;
let host: RunningHost;
let base: string;
let rendererDir: string;

async function start(): Promise<void> {
  host = await startHost({
    handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }),
    rendererDir,
    attachment: (sha) => t.catalogue.attachmentFile(sha),
    filesDir: t.dir,
  });
  base = `http://127.0.0.1:${host.port}`;
}

beforeEach(async () => {
  useTestKeys();
  t = openTestCatalogue();
  rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await start();
});
afterEach(async () => {
  await host.close();
  t.close();
  cleanupTemp();
});

interface Answer {
  status: number;
  headers: Headers;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

async function call(op: string, body: unknown, headers: Record<string, string> = { 'X-Ratio-Token': host.token }): Promise<Answer> {
  const response = await fetch(`${base}/api/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

async function upload(name: string, content: string | Buffer): Promise<string> {
  const response = await fetch(`${base}/files/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Ratio-Token': host.token },
    body: typeof content === 'string' ? Buffer.from(content) : content,
  });
  return ((await response.json()) as { value: { path: string } }).value.path;
}

/** A raw request, for what fetch will not send (a forged Host header). */
function raw(options: http.RequestOptions, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, ...options }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('paths in API calls are confined to the host’s folders', () => {
  it('refuses to read a file outside incoming/ and never echoes its contents', async () => {
    const secret = path.join(tempDir(), 'secret.csv');
    fs.writeFileSync(secret, 'root:$6$very-secret-hash:19000:0:99999:7:::\n');
    for (const probe of [secret, '/etc/passwd', path.join(t.dir, 'incoming', '..', 'catalogue.sqlite'), path.join(t.dir, 'catalogue.sqlite'), 'relative.csv']) {
      const answer = await call('exchange.importCsv', { path: probe });
      expect(answer.status, probe).toBe(403);
      expect(answer.body.error?.code, probe).toBe('FORBIDDEN');
      expect(JSON.stringify(answer.body)).not.toContain('very-secret-hash');
    }
    for (const [op, request] of [
      ['exchange.previewImport', { file: secret }],
      ['exchange.import', { file: secret }],
      ['exchange.bundleEntry', { file: secret, id: '01900000-0000-7000-8000-000000000000' }],
      ['exchange.importMarkdown', { path: path.dirname(secret) }],
      ['exchange.trust', { source: secret, enterprise: 'Someone' }],
    ] as const) {
      const answer = await call(op, request);
      expect(answer.status, op).toBe(403);
      expect(answer.body.error?.code, op).toBe('FORBIDDEN');
    }
  });

  it('refuses a link inside incoming/ that leads outside it', async () => {
    const secret = path.join(tempDir(), 'secret.csv');
    fs.writeFileSync(secret, 'title,kind\nLeaked,method\n');
    const link = path.join(t.dir, 'incoming', 'link.csv');
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(secret, link);
    const answer = await call('exchange.importCsv', { path: link });
    expect(answer.body.error?.code).toBe('FORBIDDEN');
    expect((await t.client.call('entries.list', {})).total).toBe(0);
  });

  it('reads an uploaded file, without echoing its first line when the header is wrong', async () => {
    const good = await upload('entries.csv', 'title,kind\nFulling with steam,method\n');
    const imported = await call('exchange.importCsv', { path: good });
    expect(imported.body).toMatchObject({ ok: true, value: { created: 1 } });
    const bad = await upload('shadow.csv', 'root:$6$very-secret-hash:19000\nx\n');
    const refused = await call('exchange.importCsv', { path: bad });
    expect(refused.body.error?.code).toBe('INVALID_INPUT');
    expect(refused.body.error?.message).toMatch(/header column 1 is not a known column/);
    expect(refused.body.error?.message).not.toContain('very-secret-hash');
  });

  it('refuses to write outside exports/ and writes nothing there', async () => {
    const outside = path.join(tempDir(), 'out');
    for (const [op, request] of [
      ['exchange.exportCsv', { out: `${outside}.csv` }],
      ['exchange.export', { out: `${outside}.ratio` }],
      ['exchange.exportMarkdown', { dir: outside }],
      ['exchange.exportCsv', { out: path.join(t.dir, 'exports', '..', 'catalogue.sqlite') }],
      ['exchange.exportCsv', { out: path.join(t.dir, 'incoming', 'x.csv') }],
    ] as const) {
      const answer = await call(op, request);
      expect(answer.status, op).toBe(403);
      expect(answer.body.error?.code, op).toBe('FORBIDDEN');
    }
    expect(fs.existsSync(`${outside}.csv`) || fs.existsSync(`${outside}.ratio`) || fs.existsSync(outside)).toBe(false);
    // A link planted in exports/ cannot redirect a write either.
    fs.mkdirSync(path.join(t.dir, 'exports'), { recursive: true });
    fs.symlinkSync(path.dirname(outside), path.join(t.dir, 'exports', 'away'));
    expect((await call('exchange.exportCsv', { out: path.join(t.dir, 'exports', 'away', 'x.csv') })).body.error?.code).toBe('FORBIDDEN');
    expect(fs.existsSync(path.join(path.dirname(outside), 'x.csv'))).toBe(false);
  });

  it('writes where the host said to, and trusts a key given as text', async () => {
    const target = (
      (await (await fetch(`${base}/files/export-target?name=all.csv`, { method: 'POST', headers: { 'X-Ratio-Token': host.token } })).json()) as {
        value: { path: string };
      }
    ).value.path;
    expect((await call('exchange.exportCsv', { out: target })).body.ok).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toMatch(/title/);
    const other = openTestCatalogue();
    const key = await other.client.call('exchange.keys', { enterpriseName: 'Troitsk Fine Wool Factory' });
    other.close();
    expect((await call('exchange.trust', { source: key.publicKey, enterprise: 'Troitsk Fine Wool Factory' })).body.ok).toBe(true);
  });

  it('covers every path field of the contract', () => {
    const found: string[] = [];
    for (const [op, operation] of Object.entries(contract)) {
      const shape = (operation.request as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      for (const [field, schema] of Object.entries(shape)) {
        // An optional path (one of two ways to give a file) is a path all the same.
        const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as unknown) : schema;
        if (inner === LocalPath) found.push(`${op}.${field}`);
      }
    }
    const confined = Object.entries(HOST_PATH_FIELDS).flatMap(([op, fields]) =>
      Object.entries(fields ?? {})
        .filter(([, use]) => use !== 'key-or-read')
        .map(([field]) => `${op}.${field}`),
    );
    expect(found.length).toBeGreaterThanOrEqual(8);
    expect(confined.sort()).toEqual(found.sort());
    expect(HOST_PATH_FIELDS['exchange.trust' as OperationName]).toEqual({ source: 'key-or-read' });
  });

  it('a host without folders reads and writes no file at all', async () => {
    await host.close();
    host = await startHost({ handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }), rendererDir, attachment: () => undefined });
    base = `http://127.0.0.1:${host.port}`;
    expect((await call('exchange.exportCsv', { out: path.join(t.dir, 'exports', 'x.csv') })).body.error?.code).toBe('FORBIDDEN');
  });
});

describe('the token', () => {
  it('is taken from a header for calls, and from the URL only where a page cannot set headers', async () => {
    const inUrl = await fetch(`${base}/api/catalogue.info?token=${host.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(inUrl.status).toBe(401);
    expect((await call('catalogue.info', {}, { Authorization: `Bearer ${host.token}` })).status).toBe(200);
    expect((await call('catalogue.info', {}, { Authorization: `Bearer ${'x'.repeat(32)}` })).status).toBe(401);
    const uploadInUrl = await fetch(`${base}/files/upload?name=x&token=${host.token}`, { method: 'POST', body: 'x' });
    expect(uploadInUrl.status).toBe(401);
    const targetInUrl = await fetch(`${base}/files/export-target?name=x&token=${host.token}`, { method: 'POST' });
    expect(targetInUrl.status).toBe(401);
    // An EventSource, an <img> and a download link carry it in the URL.
    const events = new AbortController();
    const stream = await fetch(`${base}/api/events?token=${host.token}`, { signal: events.signal });
    expect(stream.status).toBe(200);
    events.abort();
    fs.mkdirSync(path.join(t.dir, 'exports'), { recursive: true });
    fs.writeFileSync(path.join(t.dir, 'exports', 'x.csv'), 'x');
    expect((await fetch(`${base}/files/download?name=x.csv&token=${host.token}`)).status).toBe(200);
  });
});

describe('answers', () => {
  it('serves the page to every allowed host name, module scripts included', async () => {
    for (const name of ['localhost', '127.0.0.1']) {
      const origin = `http://${name}:${host.port}`;
      const script = await raw({ path: '/assets/app.js', headers: { Host: `${name}:${host.port}`, Origin: origin } });
      expect(script.status, origin).toBe(200);
      const api = await raw(
        {
          path: '/api/catalogue.info',
          method: 'POST',
          headers: { Host: `${name}:${host.port}`, Origin: origin, 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
        },
        '{}',
      );
      expect(api.status, origin).toBe(200);
    }
    const foreign = await raw({ path: '/assets/app.js', headers: { Host: `localhost:${host.port}`, Origin: 'http://localhost:1' } });
    expect(foreign.status).toBe(403);
  });

  it('gives every refusal its own code', async () => {
    const noToken = await call('catalogue.info', {}, {});
    expect([noToken.status, noToken.body.error?.code]).toEqual([401, 'UNAUTHORIZED']);
    const crossOrigin = await call('catalogue.info', {}, { 'X-Ratio-Token': host.token, Origin: 'http://evil.example' });
    expect([crossOrigin.status, crossOrigin.body.error?.code]).toEqual([403, 'FORBIDDEN']);
    const rebinding = await raw({ path: '/', headers: { Host: 'evil.example' } });
    expect([rebinding.status, (JSON.parse(rebinding.text) as Answer['body']).error?.code]).toEqual([421, 'FORBIDDEN']);
    const missing = await fetch(`${base}/nothing-here`);
    expect([missing.status, ((await missing.json()) as Answer['body']).error?.code]).toEqual([404, 'NOT_FOUND']);
    const badJson = await fetch(`${base}/api/catalogue.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
      body: '{',
    });
    expect([badJson.status, ((await badJson.json()) as Answer['body']).error?.code]).toEqual([400, 'INVALID_INPUT']);
  });

  it('answers a bad escape in an operation name with 400, not 500', async () => {
    const answer = await raw(
      { path: '/api/entries.%E0%A4%A', method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token } },
      '{}',
    );
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as Answer['body']).error?.code).toBe('INVALID_INPUT');
  });

  it('says the catalogue is busy (503, CATALOGUE_BUSY) when another writer keeps the lock', async () => {
    const id = (await t.client.call('entries.create', { kind: 'method', title: 'Decatising' })).id;
    const other = new Database(path.join(t.dir, 'catalogue.sqlite'));
    t.catalogue.db.pragma('busy_timeout = 50');
    other.exec('BEGIN IMMEDIATE');
    try {
      const answer = await call('entries.update', { id, patch: { summary: 'x' } });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('1');
      expect(answer.body.error).toEqual({ code: 'CATALOGUE_BUSY', message: 'The catalogue is busy with another change; try again in a moment.' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await call('entries.update', { id, patch: { summary: 'x' } })).status).toBe(200);
  });
});

describe('attachments from partners', () => {
  async function attach(name: string, mediaType: string, content = '<script>alert(1)</script>'): Promise<string> {
    // The title is plain: the API refuses controls in it; only the attachment row is poisoned below.
    const e = await t.client.call('entries.create', { kind: 'invention', title: 'Press' });
    // Recorded as a partner's bundle would record it, unchecked.
    const withFile = await t.client.call('attachments.add', { entryId: e.id, name: 'placeholder.bin', contentBase64: Buffer.from(content).toString('base64') });
    const sha = withFile.attachments[0]!.sha256;
    t.catalogue.db.prepare('UPDATE entry_attachments SET media_type = ?, name = ? WHERE sha256 = ?').run(mediaType, name, sha);
    return sha;
  }

  it('serves text/html as a download, never inline', async () => {
    const sha = await attach('report.html', 'text/html');
    const response = await fetch(`${base}/attachments/${sha}?token=${host.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="report.html"; filename*=UTF-8''report.html`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('keeps a media type with a line break out of the headers', async () => {
    const sha = await attach('a.png', 'image/png\r\nSet-Cookie: stolen=1');
    const response = await fetch(`${base}/attachments/${sha}?token=${host.token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('offers a safe file name: no bidi override, no path, no quote', async () => {
    const sha = await attach('invoice\u202Egpj.exe"; x=/../../y', 'application/x-msdownload');
    const disposition = (await fetch(`${base}/attachments/${sha}?token=${host.token}`)).headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[^"\\/\u202E]*"; filename\*=UTF-8''[A-Za-z0-9%._~-]*$/);
    expect(disposition).not.toMatch(/%E2%80%AE/i);
  });

  it('serves an allow-listed image inline, as the desktop app does', async () => {
    const sha = await attach('drawing.png', 'image/png', 'png bytes');
    const response = await fetch(`${base}/attachments/${sha}?token=${host.token}`);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-disposition')).toBe('inline');
  });
});

describe('uploads', () => {
  it('are removed when a day old, at host start', async () => {
    const old = await upload('old.ratio', 'old');
    const fresh = await upload('fresh.ratio', 'fresh');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    await host.close();
    await start();
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.readFileSync(fresh, 'utf8')).toBe('fresh');
  });
});

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { cleanupTemp, openTestCatalogue, tempDir, type TestCatalogue } from '../helpers.js';

let t: TestCatalogue;
let host: RunningHost;
let base: string;

beforeEach(async () => {
  t = openTestCatalogue();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ratio</title>');
  fs.mkdirSync(path.join(rendererDir, 'assets'));
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  host = await startHost({
    handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }),
    rendererDir,
    attachment: (sha) => t.catalogue.attachmentFile(sha),
    filesDir: t.dir,
  });
  base = `http://127.0.0.1:${host.port}`;
});
afterEach(async () => {
  await host.close();
  t.close();
  cleanupTemp();
});

const call = (op: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(`${base}/api/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('the browser host', () => {
  it('binds loopback and prints a URL carrying a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  });

  it('serves the renderer with a strict Content-Security-Policy and no CORS headers', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${base}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
    for (const probe of ['/../package.json', '/assets/../../package.json', '/%2e%2e/package.json', '/assets/%2e%2e%2findex.html', '/etc/passwd']) {
      expect((await fetch(`${base}${probe}`)).status, probe).toBe(404);
    }
  });

  it('carries the API through the handler table with the token', async () => {
    const created = await call('entries.create', { kind: 'method', title: 'Thick cloth finishing' });
    expect(created.status).toBe(200);
    const body = (await created.json()) as { ok: boolean; value: { id: string } };
    expect(body.ok).toBe(true);
    const got = (await (await call('entries.get', { id: body.value.id })).json()) as { value: { title: string } };
    expect(got.value.title).toBe('Thick cloth finishing');
  });

  it('refuses calls without the token, with a wrong one, or from another origin', async () => {
    expect((await fetch(`${base}/api/catalogue.info`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status).toBe(401);
    expect((await call('catalogue.info', {}, { 'X-Ratio-Token': 'x'.repeat(32) })).status).toBe(401);
    const foreign = await call('catalogue.info', {}, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    // fetch will not forge a Host header; a raw request can, as a DNS-rebinding page would.
    const rebinding = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: host.port,
          path: '/api/catalogue.info',
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token, Host: 'evil.example' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebinding).toBe(421);
  });

  it('answers bad requests with typed errors and never a stack trace', async () => {
    const bad = await call('entries.create', { kind: 'idea', title: 'x' });
    expect(bad.status).toBe(400);
    const payload = (await bad.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(payload).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(payload.error.message).toMatch(/Kind must be one of/);
    expect((await call('entries.nope', {})).status).toBe(404);
    expect((await call('entries.create', '{not json')).status).toBe(400);
    expect((await call('entries.get', { id: '01900000-0000-7000-8000-000000000000' })).status).toBe(404);
    const wrongType = await fetch(`${base}/api/catalogue.info`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Ratio-Token': host.token },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const text = await (await call('entries.create', { title: 1 })).text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('limits request bodies', async () => {
    const huge = JSON.stringify({ kind: 'method', title: 'x', body: 'a'.repeat(2 * 1024 * 1024) });
    expect((await call('entries.create', huge)).status).toBe(413);
  });

  it('serves attachments only by hash, with the token, sandboxed', async () => {
    const e = await t.client.call('entries.create', { kind: 'invention', title: 'Press' });
    const withFile = await t.client.call('attachments.add', {
      entryId: e.id,
      name: 'a.svg',
      contentBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
    });
    const sha = withFile.attachments[0]!.sha256;
    const ok = await fetch(`${base}/attachments/${sha}?token=${host.token}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/svg+xml');
    expect(ok.headers.get('content-security-policy')).toContain('sandbox');
    expect((await fetch(`${base}/attachments/${sha}`)).status).toBe(401);
    expect((await fetch(`${base}/attachments/../catalogue.sqlite?token=${host.token}`)).status).toBe(404);
    expect((await fetch(`${base}/attachments/${'0'.repeat(64)}?token=${host.token}`)).status).toBe(404);
  });

  it('moves files for the page: uploads into incoming/, exports downloadable only from exports/', async () => {
    const upload = await fetch(`${base}/files/upload?name=${encodeURIComponent('../../evil/partner.ratio')}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-Ratio-Token': host.token },
      body: Buffer.from('bundle bytes'),
    });
    const saved = ((await upload.json()) as { value: { path: string } }).value.path;
    expect(path.dirname(saved)).toBe(path.join(t.dir, 'incoming'));
    expect(path.basename(saved)).toMatch(/-partner\.ratio$/);
    expect(fs.readFileSync(saved, 'utf8')).toBe('bundle bytes');

    const target = (
      (await (await fetch(`${base}/files/export-target?name=out.ratio`, { method: 'POST', headers: { 'X-Ratio-Token': host.token } })).json()) as {
        value: { path: string };
      }
    ).value.path;
    expect(target).toBe(path.join(t.dir, 'exports', 'out.ratio'));
    fs.writeFileSync(target, 'exported');
    const download = await fetch(`${base}/files/download?name=out.ratio&token=${host.token}`);
    expect(await download.text()).toBe('exported');
    expect(download.headers.get('content-disposition')).toMatch(/attachment/);
    for (const name of ['../catalogue.sqlite', '..%2Fcatalogue.sqlite', '/etc/passwd', 'missing.ratio']) {
      expect((await fetch(`${base}/files/download?name=${name}&token=${host.token}`)).status, name).toBe(404);
    }
    expect((await fetch(`${base}/files/upload?name=x`, { method: 'POST', body: 'x' })).status).toBe(401);
  });
});

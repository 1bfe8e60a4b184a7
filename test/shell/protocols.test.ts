import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

const fake = await import('./fake-electron.js');
const protocols = await import('../../electron/shell/protocols.js');
const { ATTACHMENT_POLICY, CONTENT_SECURITY_POLICY, createAppHandler, createAttachmentHandler, registerPrivilegedSchemes } = protocols;

/** A request as the handler sees it, with the URL exactly as written (no normalisation). */
const raw = (url: string, method = 'GET'): Request => ({ url, method }) as Request;

let base: string;
let rendererDir: string;
let attachmentsDir: string;
let png: Buffer;
let pngSha: string;
let htmlSha: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-protocols-'));
  rendererDir = path.join(base, 'renderer');
  attachmentsDir = path.join(base, 'catalogue', 'attachments');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.mkdirSync(attachmentsDir, { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ratio</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'export {};');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'my file.svg'), '<svg/>');
  // Things outside the roots that must never be served.
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(base, 'catalogue', 'catalogue.sqlite'), 'db');
  png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  pngSha = crypto.createHash('sha256').update(png).digest('hex');
  fs.writeFileSync(path.join(attachmentsDir, pngSha), png);
  const html = Buffer.from('<script>alert(1)</script>');
  htmlSha = crypto.createHash('sha256').update(html).digest('hex');
  fs.writeFileSync(path.join(attachmentsDir, htmlSha), html);
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('scheme registration', () => {
  it('registers app and ratio-attachment as standard, secure schemes', () => {
    registerPrivilegedSchemes();
    expect(fake.protocol.privileged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
        expect.objectContaining({ scheme: 'ratio-attachment', privileges: expect.objectContaining({ standard: true, secure: true }) }),
      ]),
    );
  });
});

describe('app:// serves dist/renderer and nothing else', () => {
  const handler = () => createAppHandler(rendererDir);

  it('serves valid files with their type and the CSP', async () => {
    const cases: [string, string, string][] = [
      ['app://ratio/', 'text/html; charset=utf-8', '<!doctype html><title>Ratio</title>'],
      ['app://ratio/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Ratio</title>'],
      ['app://ratio/assets/index-abc.js', 'text/javascript; charset=utf-8', 'export {};'],
      ['app://ratio/assets/index-abc.css?v=1#x', 'text/css; charset=utf-8', 'body{}'],
      ['app://ratio/assets/my%20file.svg', 'image/svg+xml', '<svg/>'],
    ];
    for (const [url, type, body] of cases) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(type);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toBe(body);
    }
  });

  it('refuses paths that leave the root or hide something', async () => {
    const refused = [
      'app://ratio/../secret.txt',
      'app://ratio/assets/../../secret.txt',
      'app://ratio/%2e%2e/secret.txt',
      'app://ratio/%2E%2E/secret.txt',
      'app://ratio/.%2e/secret.txt',
      'app://ratio/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      'app://ratio/..%2fsecret.txt',
      'app://ratio/..%5csecret.txt',
      'app://ratio/..\\secret.txt',
      'app://ratio/assets\\..\\..\\secret.txt',
      'app://ratio//etc/passwd',
      `app://ratio/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      'app://ratio/C:/Windows/win.ini',
      'app://ratio/./index.html',
      'app://ratio/index.html%00.js',
      'app://ratio/%E0%A4%A',
      'app://evil/index.html',
      'http://ratio/index.html',
      'ratio-attachment://catalogue/index.html',
    ];
    for (const url of refused) {
      const response = await handler()(raw(url));
      expect(response.status, url).toBe(400);
      expect(await response.text()).not.toContain('secret');
    }
  });

  it('answers 404 for missing files and directories, 405 for other methods', async () => {
    expect((await handler()(raw('app://ratio/missing.js'))).status).toBe(404);
    expect((await handler()(raw('app://ratio/assets'))).status).toBe(404);
    expect((await handler()(raw('app://ratio/index.html', 'POST'))).status).toBe(405);
  });

  it('never serves outside the root even after URL normalisation', async () => {
    for (const url of ['app://ratio/../secret.txt', 'app://ratio/%2e%2e/secret.txt', 'app://ratio/a/../../secret.txt']) {
      const response = await handler()(new Request(url));
      expect(response.status, url).not.toBe(200);
    }
  });
});

describe('ratio-attachment:// serves only the open catalogue’s attachments', () => {
  const types = new Map<string, string>();
  const handler = (dir: string | null = attachmentsDir) =>
    createAttachmentHandler({ attachmentsDir: () => dir, mediaTypeOf: (sha) => Promise.resolve(types.get(sha) ?? null) });

  it('serves a stored file with its recorded type and a policy that runs nothing', async () => {
    types.set(pngSha, 'image/png');
    const response = await handler()(new Request(`ratio-attachment://catalogue/${pngSha}`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-security-policy')).toBe(ATTACHMENT_POLICY);
    expect(ATTACHMENT_POLICY).toContain('sandbox');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(png);
  });

  it('serves types a page could run as plain bytes', async () => {
    types.set(htmlSha, 'text/html');
    const response = await handler()(new Request(`ratio-attachment://catalogue/${htmlSha}`));
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
  });

  it('refuses anything but a SHA-256 under its host', async () => {
    const refused = [
      `ratio-attachment://catalogue/../catalogue.sqlite`,
      `ratio-attachment://catalogue/%2e%2e/catalogue.sqlite`,
      `ratio-attachment://catalogue/..%2fcatalogue.sqlite`,
      `ratio-attachment://catalogue/..\\catalogue.sqlite`,
      `ratio-attachment://catalogue//etc/passwd`,
      `ratio-attachment://catalogue/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      `ratio-attachment://catalogue/${pngSha.toUpperCase()}`,
      `ratio-attachment://catalogue/${pngSha}/x`,
      `ratio-attachment://catalogue/${pngSha.slice(1)}`,
      `ratio-attachment://other/${pngSha}`,
      `ratio-attachment://catalogue/`,
      `app://ratio/${pngSha}`,
    ];
    for (const url of refused) {
      const response = await handler()(raw(url));
      expect(response.status, url).toBe(400);
    }
  });

  it('answers 404 for unknown hashes and when no catalogue is open', async () => {
    expect((await handler()(raw(`ratio-attachment://catalogue/${'0'.repeat(64)}`))).status).toBe(404);
    expect((await handler(null)(raw(`ratio-attachment://catalogue/${pngSha}`))).status).toBe(404);
  });
});

describe('the Content-Security-Policy', () => {
  it('is the strict policy of the design', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' ratio-attachment: data:; object-src 'none'; base-uri 'none'; frame-src 'none'; form-action 'none'",
    );
  });

  it('has no high or medium finding in Electronegativity’s CSP evaluator', () => {
    // The same evaluator Electronegativity's CSP_GLOBAL_CHECK uses; that check cannot see a
    // header set by a protocol handler, so it is excluded there and run here instead.
    interface Finding {
      severity: number;
      description: string;
      directive: string;
    }
    interface Evaluator {
      CspParser: new (policy: string) => { csp: unknown };
      CspEvaluator: new (csp: unknown, version: unknown) => { evaluate(): Finding[] };
      Version: { CSP3: unknown };
      severities: Record<string, number>;
    }
    const csp = createRequire(import.meta.url)('@doyensec/csp-evaluator') as Evaluator;
    const findings = new csp.CspEvaluator(new csp.CspParser(CONTENT_SECURITY_POLICY).csp, csp.Version.CSP3).evaluate();
    const serious = findings.filter((f) => [csp.severities.HIGH, csp.severities.MEDIUM].includes(f.severity));
    expect(serious.map((f) => `${f.directive}: ${f.description}`)).toEqual([]);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { cleanupTemp, openTestCatalogue, tempDir, type TestCatalogue } from '../helpers.js';

/**
 * Defect 2: a new tab or a bookmark of the browser host failed with "A valid token is
 * required" (the token lived in one tab's sessionStorage). The launch URL now sets an
 * HttpOnly, SameSite=Strict cookie and redirects to the address without the token; the
 * cookie lets our own page in and nothing else.
 */

let t: TestCatalogue;
let host: RunningHost;
let base: string;
let cookie: string;

beforeEach(async () => {
  t = openTestCatalogue();
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ratio</title>');
  host = await startHost({
    handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }),
    rendererDir,
    attachment: (sha) => t.catalogue.attachmentFile(sha),
    filesDir: t.dir,
  });
  base = `http://127.0.0.1:${host.port}`;
  cookie = `ratio-token-${host.port}=${host.token}`;
});
afterEach(async () => {
  await host.close();
  t.close();
  cleanupTemp();
});

const api = (headers: Record<string, string>): Promise<Response> =>
  fetch(`${base}/api/catalogue.info`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' });

describe('the launch URL', () => {
  it('sets an HttpOnly, SameSite=Strict cookie for this port and redirects to the address without the token', async () => {
    const launch = await fetch(host.url, { redirect: 'manual' });
    expect(launch.status).toBe(303);
    expect(launch.headers.get('location')).toBe('/');
    const set = launch.headers.get('set-cookie') ?? '';
    expect(set.split(';')[0]).toBe(cookie);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*SameSite=Strict/i);
    expect(set).toMatch(/;\s*Path=\//i);
    // Other parameters stay; only the token leaves the address.
    const deep = await fetch(`${base}/index.html?token=${host.token}&lang=ru`, { redirect: 'manual' });
    expect(deep.headers.get('location')).toBe('/index.html?lang=ru');
  });

  it('gives no cookie for a wrong token', async () => {
    const wrong = await fetch(`${base}/?token=${'x'.repeat(32)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(200);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });
});

describe('a call authenticated by the cookie', () => {
  const page = { 'X-Ratio-Client': 'page' };

  it('is answered when our own page makes it', async () => {
    expect((await api({ Cookie: cookie, ...page, Origin: base })).status).toBe(200);
    expect((await api({ Cookie: cookie, ...page, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    // GETs a page cannot give headers to: an attachment (404: there is none, but it got past the token), the event stream.
    expect((await fetch(`${base}/attachments/${'0'.repeat(64)}`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(404);
    const events = new AbortController();
    const stream = await fetch(`${base}/api/events`, { headers: { Cookie: cookie }, signal: events.signal });
    expect(stream.status).toBe(200);
    events.abort();
  });

  it('is refused without the page’s header, from another origin or site, or with another cookie', async () => {
    // A form or a foreign page cannot add the custom header without a preflight the host never grants.
    expect((await api({ Cookie: cookie, Origin: base })).status).toBe(401);
    expect((await api({ Cookie: cookie, ...page, Origin: 'http://evil.example' })).status).toBe(403);
    // Same site, other port: SameSite does not tell them apart, the Origin check does.
    expect((await api({ Cookie: cookie, ...page, Origin: 'http://127.0.0.1:1' })).status).toBe(403);
    expect((await api({ Cookie: cookie, ...page, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(401);
    expect((await api({ Cookie: cookie, ...page, 'Sec-Fetch-Site': 'same-site', Origin: base })).status).toBe(401);
    // Neither an Origin nor Sec-Fetch-Site: not a browser's script of ours.
    expect((await api({ Cookie: cookie, ...page })).status).toBe(401);
    expect((await fetch(`${base}/attachments/${'0'.repeat(64)}`, { headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(401);
    expect((await api({ Cookie: `ratio-token-${host.port}=${'x'.repeat(32)}`, ...page, Origin: base })).status).toBe(401);
    expect((await api({ Cookie: `ratio-token-1=${host.token}`, ...page, Origin: base })).status).toBe(401);
    expect((await api({ ...page, Origin: base })).status).toBe(401);
  });

  it('can also move files, with the same rules', async () => {
    const target = await fetch(`${base}/files/export-target?name=all.csv`, { method: 'POST', headers: { Cookie: cookie, ...page, Origin: base } });
    expect(target.status).toBe(200);
    expect((await fetch(`${base}/files/export-target?name=all.csv`, { method: 'POST', headers: { Cookie: cookie, Origin: base } })).status).toBe(401);
  });
});

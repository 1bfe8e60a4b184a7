import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/server.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { startFileHost } from './file-host.js';
import { bundlePath, emptyCatalogue } from '../exchange/support.js';

let t: TestCatalogue;
let producer: TestCatalogue;
let host: RunningHost;
let base: string;
let bundle: Buffer;

beforeAll(async () => {
  producer = emptyCatalogue();
  await producer.client.call('entries.create', { kind: 'method', title: 'Steam decatising of worsted cloth', body: 'Wet steam through the roll.' });
  const out = bundlePath();
  await producer.client.call('exchange.export', { out });
  bundle = fs.readFileSync(out);

  t = emptyCatalogue();
  ({ host, base } = await startFileHost(t));
});
afterAll(async () => {
  await host.close();
  t.close();
  producer.close();
  cleanupTemp();
});

async function upload(name: string, body: Buffer): Promise<string> {
  const response = await fetch(`${base}/files/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Ratio-Token': host.token },
    body,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { value: { path: string } }).value.path;
}

async function call(op: string, request: unknown): Promise<{ status: number; body: { ok: boolean; error?: { code: string; message: string } } }> {
  const response = await fetch(`${base}/api/${op}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
    body: JSON.stringify(request),
  });
  return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string; message: string } } };
}

/** Words only a zip or inflate library says; a person reading the refusal should see none of them. */
const LIBRARY_TEXT = /central directory|signature not found|truncated|comment length|invalid (?:stored|block|distance|code)|yauzl|zlib|EOCD|\(/i;

describe('a refused bundle over the browser host', () => {
  const broken: [string, () => Buffer][] = [
    ['random bytes', () => crypto.randomBytes(5000)],
    ['the first half of a real bundle', () => bundle.subarray(0, Math.floor(bundle.length / 2))],
    ['a real bundle missing its last bytes', () => bundle.subarray(0, bundle.length - 5)],
    ['text that is not a zip', () => Buffer.from('PK this is not a zip archive at all')],
  ];
  for (const [what, bytes] of broken) {
    it(`answers 422 BUNDLE_REFUSED with one human sentence for ${what}`, async () => {
      const file = await upload('broken.ratio', bytes());
      for (const op of ['exchange.previewImport', 'exchange.import']) {
        const { status, body } = await call(op, { file });
        expect(status, op).toBe(422);
        expect(body.ok).toBe(false);
        expect(body.error?.code).toBe('BUNDLE_REFUSED');
        expect(body.error?.message).toMatch(/^The bundle was refused: [^()]+\.$/);
        expect(body.error?.message).not.toMatch(LIBRARY_TEXT);
        expect(body).not.toHaveProperty('stack');
      }
      expect(t.catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(0);
    });
  }

  it('answers an unknown signer without trust with 403 BUNDLE_UNTRUSTED, not 500', async () => {
    const file = await upload('unknown.ratio', bundle);
    const { status, body } = await call('exchange.import', { file });
    expect(body.error?.code).toBe('BUNDLE_UNTRUSTED');
    expect(status).toBe(403);
  });

  it('still answers a damaged request with 400 and an unknown operation with 404', async () => {
    expect((await call('exchange.previewImport', {})).status).toBe(400);
    expect((await call('exchange.nothing', {})).status).toBe(404);
  });
});

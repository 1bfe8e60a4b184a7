import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/server.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { startFileHost } from './file-host.js';
import { emptyCatalogue } from '../exchange/support.js';

/** A Markdown export is a folder: the browser host sends it as one zip. */
let t: TestCatalogue;
let host: RunningHost;
let base: string;

beforeAll(async () => {
  t = emptyCatalogue();
  ({ host, base } = await startFileHost(t));
});
afterAll(async () => {
  await host.close();
  t.close();
  cleanupTemp();
});

function zipEntries(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = new Map<string, string>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(found));
      zip.readEntry();
    });
  });
}

describe('downloading an exported folder', () => {
  it('sends a Markdown export made through the API as one zip of its files', async () => {
    await t.client.call('entries.create', { kind: 'method', title: 'Steam decatising', body: 'Two stages.' });
    const target = (await (
      await fetch(`${base}/files/export-target?name=ratio-markdown`, { method: 'POST', headers: { 'X-Ratio-Token': host.token } })
    ).json()) as {
      value: { path: string };
    };
    await t.client.call('exchange.exportMarkdown', { dir: target.value.path });
    // A link planted in the folder is not followed into the zip.
    fs.symlinkSync('/etc/passwd', path.join(target.value.path, 'planted.md'));
    const response = await fetch(`${base}/files/download?name=ratio-markdown.zip`, { headers: { 'X-Ratio-Token': host.token } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const entries = await zipEntries(Buffer.from(await response.arrayBuffer()));
    const markdown = [...entries.keys()].filter((name) => name.endsWith('.md'));
    expect(markdown).toHaveLength(1);
    expect(entries.get(markdown[0] as string)).toMatch(/Steam decatising/);
    expect([...entries.keys()]).not.toContain('planted.md');
  });

  it('answers 404 for a folder that is not an export, and 401 without the token', async () => {
    expect((await fetch(`${base}/files/download?name=${encodeURIComponent('../incoming.zip')}`, { headers: { 'X-Ratio-Token': host.token } })).status).toBe(
      404,
    );
    expect((await fetch(`${base}/files/download?name=nothing.zip`, { headers: { 'X-Ratio-Token': host.token } })).status).toBe(404);
    expect((await fetch(`${base}/files/download?name=ratio-markdown.zip`)).status).toBe(401);
  });
});

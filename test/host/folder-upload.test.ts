import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHost } from '../../electron/host/server.js';
import { cleanupTemp, tempDir, type TestCatalogue } from '../helpers.js';
import { startFileHost } from './file-host.js';
import { emptyCatalogue } from '../exchange/support.js';

/** A Markdown folder uploaded file by file (`<uuid>/<path>`) is put back together and imported. */
let producer: TestCatalogue;
let t: TestCatalogue;
let host: RunningHost;
let base: string;

beforeAll(async () => {
  producer = emptyCatalogue();
  t = emptyCatalogue();
  ({ host, base } = await startFileHost(t));
});
afterAll(async () => {
  await host.close();
  t.close();
  producer.close();
  cleanupTemp();
});

async function upload(name: string, body: Buffer): Promise<{ status: number; path?: string }> {
  const response = await fetch(`${base}/files/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', 'X-Ratio-Token': host.token },
    body,
  });
  const outcome = (await response.json()) as { ok: boolean; value?: { path: string } };
  return { status: response.status, path: outcome.value?.path };
}

describe('a folder uploaded to the browser host', () => {
  it('lands under one folder with its relative paths and imports as Markdown', async () => {
    const { id } = await producer.client.call('entries.create', {
      kind: 'method',
      title: 'Steam decatising of worsted cloth',
      body: 'Wet steam through the roll.',
    });
    await producer.client.call('attachments.add', { entryId: id, name: 'roll.txt', contentBase64: Buffer.from('the roll').toString('base64') });
    const dir = path.join(tempDir(), 'export');
    await producer.client.call('exchange.exportMarkdown', { dir });

    const batch = crypto.randomUUID();
    const saved: string[] = [];
    for (const relative of [`${id}.md`, `${id}.files/roll.txt`]) {
      const result = await upload(`${batch}/export/${relative}`, fs.readFileSync(path.join(dir, relative)));
      expect(result.status).toBe(200);
      saved.push(result.path ?? '');
    }
    const folder = path.join(t.dir, 'incoming', batch, 'export');
    expect(saved[0]).toBe(path.join(folder, `${id}.md`));
    expect(saved[1]).toBe(path.join(folder, `${id}.files`, 'roll.txt'));

    const response = await fetch(`${base}/api/exchange.importMarkdown`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
      body: JSON.stringify({ path: folder }),
    });
    expect(response.status).toBe(200);
    const report = ((await response.json()) as { value: { created: number; attachments: number } }).value;
    expect(report).toMatchObject({ created: 1, attachments: 1 });
  });

  it('refuses paths that climb out, are too deep or are empty, and never overwrites', async () => {
    const batch = crypto.randomUUID();
    for (const name of [`${batch}/../escape.md`, `${batch}/a/../../escape.md`, `${batch}/a/b/c/d/e.md`, `${batch}//a.md`, `${batch}/./a.md`]) {
      expect((await upload(name, Buffer.from('x'))).status, name).toBe(400);
    }
    expect(fs.existsSync(path.join(t.dir, 'incoming', 'escape.md'))).toBe(false);
    expect(fs.existsSync(path.join(t.dir, 'escape.md'))).toBe(false);
    // Segments are reduced to safe names; a second upload to the same place is refused, not written over.
    const first = await upload(`${batch}/folder/note.md`, Buffer.from('first'));
    expect(first.status).toBe(200);
    expect((await upload(`${batch}/folder/note.md`, Buffer.from('second'))).status).toBe(400);
    expect(fs.readFileSync(first.path ?? '', 'utf8')).toBe('first');
    // A name that is not `<uuid>/…` is a plain upload, reduced to its base name as before.
    const plain = await upload('some/where/table.csv', Buffer.from('id,title\n'));
    expect(path.dirname(plain.path ?? '')).toBe(path.join(t.dir, 'incoming'));
    expect(path.basename(plain.path ?? '')).toMatch(/^[0-9a-f-]{36}-table\.csv$/);
  });
});

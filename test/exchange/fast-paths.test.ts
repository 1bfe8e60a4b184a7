import fs from 'node:fs';
import crypto from 'node:crypto';
import path from 'node:path';
import yauzl from 'yauzl';
import { afterEach, describe, expect, it } from 'vitest';
import { entryRecord, entryRecords } from '../../electron/exchange/entry-records.js';
import { exportBundle } from '../../electron/exchange/export-bundle.js';
import { describeSelection } from '../../electron/exchange/selection.js';
import { ZipWriter } from '../../electron/exchange/zip-writer.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { bundlePath, demoCatalogue, emptyCatalogue } from './support.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

describe('export fast paths', () => {
  it('reads records in bulk exactly as entryRecord reads them one by one', async () => {
    const t = await demoCatalogue();
    open.push(t);
    const ids = t.catalogue.db.prepare('SELECT id FROM entries ORDER BY id DESC').pluck().all() as string[];
    const bulk = entryRecords(t.catalogue, [...ids, '01900000-0000-7000-8000-000000000000']);
    expect(bulk).toEqual(ids.map((id) => entryRecord(t.catalogue, id)));
    expect(bulk.some((r) => r.adoptions.some((a) => a.effects.length > 0))).toBe(true);
    expect(bulk.some((r) => r.links.length > 0)).toBe(true);
    expect(bulk.some((r) => r.state.attachments.length > 0)).toBe(true);
  });

  it('deflates attachments that shrink and stores compressed formats and noise', async () => {
    const t = emptyCatalogue();
    open.push(t);
    const { catalogue } = t;
    const entry = catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Decatising' }));
    const text = Buffer.from('Steam the cloth, cool it under pressure, then steam it again.\n'.repeat(2000));
    // A PNG signature in front of very compressible bytes: the signature decides, not the sample.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100_000)]);
    const noise = crypto.randomBytes(100_000);
    const names = new Map<string, string>();
    for (const [name, bytes] of [
      ['method.txt', text],
      ['drawing.png', png],
      ['noise.bin', noise],
    ] as const) {
      catalogue.addAttachment(entry.id, name, bytes, 'application/octet-stream');
      names.set(`attachments/${crypto.createHash('sha256').update(bytes).digest('hex')}`, name);
    }
    const out = bundlePath();
    await exportBundle(catalogue, { out, selection: describeSelection({}) });
    const archive = await yauzl.openPromise(out, { lazyEntries: true });
    const methods: Record<string, number> = {};
    for await (const e of archive.eachEntry()) {
      const name = names.get(e.fileName);
      if (name) methods[name] = e.compressionMethod;
    }
    archive.close();
    expect(methods).toEqual({ 'method.txt': 8, 'drawing.png': 0, 'noise.bin': 0 });
  });

  it('writes archives yauzl reads, with ZIP64 when there are more than 65,535 entries', async () => {
    const file = bundlePath('many.zip');
    const zip = await ZipWriter.create(file, new Date('2024-05-06T07:08:10Z'));
    const count = 70_000;
    for (let i = 0; i < count; i += 1) await zip.addBuffer(`f${i}`, Buffer.from(`content ${i} `.repeat(i % 5)), i % 2 === 0 ? 1 : null);
    const big = path.join(path.dirname(file), 'big.bin');
    fs.writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 7));
    await zip.addStoredFile(
      'big',
      big,
      3 * 1024 * 1024,
      () => undefined,
      () => undefined,
    );
    await zip.finish();
    const archive = await yauzl.openPromise(file, { lazyEntries: true, validateEntrySizes: true });
    expect(archive.entryCount).toBe(count + 1);
    let seen = 0;
    for await (const entry of archive.eachEntry()) {
      if (seen % 997 === 0 || entry.fileName === 'big') {
        const stream = await archive.openReadStreamPromise(entry);
        const chunks: Buffer[] = [];
        for await (const chunk of stream) chunks.push(chunk as Buffer);
        const data = Buffer.concat(chunks);
        if (entry.fileName === 'big') expect(data.equals(fs.readFileSync(big))).toBe(true);
        else expect(data.toString()).toBe(`content ${seen} `.repeat(seen % 5));
      }
      seen += 1;
    }
    archive.close();
    expect(seen).toBe(count + 1);
  }, 60_000);
});

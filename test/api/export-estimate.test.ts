import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { bundlePath, demoCatalogue, emptyCatalogue } from '../exchange/support.js';

let t: TestCatalogue | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
  cleanupTemp();
});

/** The estimate against the bundle actually written, as a ratio (1 = exact). */
async function estimateOverWritten(c: TestCatalogue, selection: Record<string, unknown> = {}): Promise<number> {
  const estimate = await c.client.call('exchange.estimateExport', selection);
  const out = bundlePath();
  const written = await c.client.call('exchange.export', { ...selection, out });
  expect(written.bytes).toBe(fs.statSync(out).size);
  expect(estimate.entries).toBe(written.entries);
  return estimate.bytes / written.bytes;
}

describe('export estimate', () => {
  it('is within 25 % of the demo catalogue’s bundle', async () => {
    t = await demoCatalogue();
    const ratio = await estimateOverWritten(t);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
    const some = await estimateOverWritten(t, { kind: 'invention' });
    expect(some).toBeGreaterThan(0.75);
    expect(some).toBeLessThan(1.25);
  });

  it('is within 25 % of a generated set with long texts, histories and text, random and PNG attachments', async () => {
    t = emptyCatalogue();
    const c = t;
    const words = ['steam', 'cloth', 'worsted', 'fulling', 'shrinkage', 'loom', 'warp', 'weft', 'decatising', 'press', 'roller', 'drum'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const text = (n: number): string => Array.from({ length: n }, () => words[next() % words.length]).join(' ');
    for (let i = 0; i < 120; i += 1) {
      const { id } = await c.client.call('entries.create', {
        kind: 'method',
        title: `Method ${i} ${text(5)}`,
        summary: text(40),
        body: text(300),
        tags: [`t/${i % 7}`],
      });
      if (i % 3 === 0) await c.client.call('entries.update', { id, patch: { body: text(320) } });
      if (i % 20 === 0) {
        const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), crypto.randomBytes(40_000)]);
        await c.client.call('attachments.add', { entryId: id, name: 'drawing.png', contentBase64: png.toString('base64') });
        await c.client.call('attachments.add', { entryId: id, name: 'notes.txt', contentBase64: Buffer.from(text(8000)).toString('base64') });
        await c.client.call('attachments.add', { entryId: id, name: 'data.bin', contentBase64: crypto.randomBytes(30_000).toString('base64') });
      }
    }
    const ratio = await estimateOverWritten(c);
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });
});

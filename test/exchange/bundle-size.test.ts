import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, tempDir } from '../helpers.js';
import { bigRecords, randomAttachments, writeBigBundle, zeroAttachments } from './bomb-craft.js';
import { measure } from './measure.js';
import { useTestKeys } from './support.js';
import { testSigner } from './zip-craft.js';

/*
 * Small bundles that ask for gigabytes. Each import runs in a child process (measure.ts)
 * that is killed as soon as its memory or staging passes a ceiling well above what these
 * tests allow, so a regression fails fast instead of filling the machine.
 */

const MB = 1024 * 1024;

let signer: ReturnType<typeof testSigner>;
let memoryBomb: string;
let memoryBombBytes: number;
let stagingBomb: string;
let stagingBombBytes: number;
let honest: string;
let attachments: string;
let attachmentsBytes: number;

beforeAll(() => {
  useTestKeys();
  signer = testSigner();
  const dir = tempDir('ratio-size-');
  // 3,000 valid entry records of just under 1 MiB each: 3 GB of JSON.
  memoryBomb = path.join(dir, 'memory.ratio');
  memoryBombBytes = writeBigBundle(memoryBomb, signer, bigRecords(3000, 'x'.repeat(510_000)), { entries: 3000, attachments: 0 });
  // 4,000 attachments of 1 MiB that deflate to almost nothing: 4 GB to stage.
  stagingBomb = path.join(dir, 'staging.ratio');
  stagingBombBytes = writeBigBundle(stagingBomb, signer, zeroAttachments(4000, MB), { entries: 0, attachments: 4000 });
  // 250 records of 1 MiB that compress like text does (about 70 times): no bomb, just big (250 MB of JSON).
  const block = crypto
    .randomBytes(8192)
    .toString('base64')
    .replace(/[^a-z]/gi, 'e')
    .slice(0, 8000);
  honest = path.join(dir, 'honest.ratio');
  writeBigBundle(honest, signer, bigRecords(250, block.repeat(64).slice(0, 510_000)), { entries: 250, attachments: 0 });
  // 200 attachments of 64 KiB that do not compress: no bomb, 12.5 MB to stage.
  attachments = path.join(dir, 'attachments.ratio');
  attachmentsBytes = writeBigBundle(attachments, signer, randomAttachments(200, 64 * 1024), { entries: 0, attachments: 200 });
});
afterAll(cleanupTemp);

describe('small bundles that ask for a lot', () => {
  it('refuses the 3,000-record memory bomb before reading a record, trusted or not, previewed or imported', async () => {
    expect(memoryBombBytes).toBeLessThan(6 * MB);
    const lines: string[] = [];
    for (const [mode, trust] of [
      ['import', false],
      ['preview', false],
      ['import', true],
      ['preview', true],
    ] as const) {
      const result = await measure(memoryBomb, mode, trust);
      expect(result).toMatchObject({ code: 'BUNDLE_REFUSED', read: { entries: 0, attachments: 0 } });
      expect(result.message).toMatch(/together expand more than 200 times/);
      expect(result.growthMB).toBeLessThanOrEqual(200);
      lines.push(`${mode}${trust ? ' with trust' : ''}: ${result.seconds.toFixed(1)} s, +${result.growthMB.toFixed(0)} MB`);
    }
    console.log(`memory bomb (${(memoryBombBytes / MB).toFixed(1)} MB, 3,000 records of 1 MiB) refused: ${lines.join('; ')}`);
  }, 120_000);

  it('refuses the 4,000-attachment staging bomb without staging a byte, trusted or not', async () => {
    expect(stagingBombBytes).toBeLessThan(6 * MB);
    for (const trust of [false, true]) {
      const result = await measure(stagingBomb, 'import', trust);
      expect(result).toMatchObject({ code: 'BUNDLE_REFUSED', read: { attachments: 0 } });
      expect(result.message).toMatch(/together expand more than 200 times/);
      expect(result.stagingPeak).toBeLessThanOrEqual(10 * MB);
      console.log(
        `staging bomb (${(stagingBombBytes / MB).toFixed(1)} MB, 4,000 × 1 MiB)${trust ? ' with trust' : ''}: refused in ${result.seconds.toFixed(1)} s, staged ${result.stagingPeak} bytes`,
      );
    }
  }, 120_000);

  it('reads nothing but the manifest of an unknown signer’s 250 MB of records until it is trusted, then one record at a time', async () => {
    const untrusted = await measure(honest, 'import', false);
    expect(untrusted).toMatchObject({ code: 'BUNDLE_UNTRUSTED', read: { entries: 0, attachments: 0 } });
    expect(untrusted.growthMB).toBeLessThanOrEqual(200);
    const preview = await measure(honest, 'preview', false);
    expect(preview).toMatchObject({ code: 'OK', entriesRead: false, new: 0, announced: { entries: 250 }, read: { entries: 0, attachments: 0 } });
    expect(preview.message).toMatch(/not registered here.*250 entries/);
    const trusted = await measure(honest, 'preview', true);
    expect(trusted).toMatchObject({ code: 'OK', entriesRead: true, new: 250, read: { entries: 250 } });
    expect(trusted.growthMB).toBeLessThanOrEqual(200);
    console.log(
      `250 records of 1 MiB: unknown signer refused in ${untrusted.seconds.toFixed(1)} s (+${untrusted.growthMB.toFixed(0)} MB), ` +
        `preview +${preview.growthMB.toFixed(0)} MB; trusted preview read all in ${trusted.seconds.toFixed(1)} s, +${trusted.growthMB.toFixed(0)} MB`,
    );
  }, 120_000);

  it('stages nothing of an unknown signer’s attachments', async () => {
    expect(attachmentsBytes).toBeGreaterThan(12 * MB);
    const untrusted = await measure(attachments, 'import', false);
    expect(untrusted).toMatchObject({ code: 'BUNDLE_UNTRUSTED', read: { attachments: 0 } });
    expect(untrusted.stagingPeak).toBe(0);
    const trusted = await measure(attachments, 'import', true);
    expect(trusted).toMatchObject({ code: 'OK', read: { attachments: 200 } });
  }, 120_000);
});

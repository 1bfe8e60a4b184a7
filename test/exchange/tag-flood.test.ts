import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, tempDir } from '../helpers.js';
import { writeBigBundle } from './bomb-craft.js';
import { measure } from './measure.js';
import { useTestKeys } from './support.js';
import { testSigner } from './zip-craft.js';

/** A vocabulary of `count` tags under 100 roots, each with one synonym: what a partner may send. */
function vocabulary(count: number): { path: string; synonyms: string[] }[] {
  const roots = Array.from({ length: 100 }, (_, i) => ({ path: `Root ${i}`, synonyms: [] as string[] }));
  const leaves = Array.from({ length: count - roots.length }, (_, i) => ({ path: `Root ${i % 100}/Tag ${i}`, synonyms: [`synonym ${i}`] }));
  return [...roots, ...leaves];
}

const files = new Map<number, string>();

beforeAll(() => {
  useTestKeys();
  const signer = testSigner();
  const dir = tempDir('ratio-tags-');
  for (const count of [1_000, 10_000, 100_000]) {
    const file = path.join(dir, `tags-${count}.ratio`);
    writeBigBundle(file, signer, [], { entries: 0, attachments: 0 }, vocabulary(count));
    files.set(count, file);
  }
});
afterAll(cleanupTemp);

describe('a tag vocabulary flood', () => {
  it('imports 1k, 10k and 100k tags in time that grows linearly', async () => {
    const cpu = new Map<number, number>();
    const lines: string[] = [];
    for (const count of [1_000, 10_000, 100_000]) {
      // Quadratic look-ups took minutes for a few thousand tags; a child that runs that long is stopped.
      const result = await measure(files.get(count) as string, 'import', true, 60);
      expect(result).toMatchObject({ code: 'OK', tagsCreated: count });
      cpu.set(count, result.importCpuSeconds);
      lines.push(`${count / 1000}k tags ${result.importSeconds.toFixed(2)} s (${result.importCpuSeconds.toFixed(2)} s CPU)`);
    }
    const [t10k, t100k] = [10_000, 100_000].map((n) => cpu.get(n) as number) as [number, number];
    // Processor time, not elapsed time, is compared: the machine may be busy with other work.
    console.log(`tag vocabulary import: ${lines.join(', ')}; 100k / 10k = ${(t100k / t10k).toFixed(1)} in CPU time`);
    expect(t100k).toBeLessThanOrEqual(15 * t10k);
    expect(t100k).toBeLessThan(45);
  }, 200_000);
});

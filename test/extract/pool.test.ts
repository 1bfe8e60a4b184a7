import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExtractPool, defaultPoolSize } from '../../electron/extract/pool.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { cleanupTemp, tempDir } from '../helpers.js';
import { pdfBomb, textPdf } from '../support/extract-files.js';

const tessdataDir = path.join(findResourcesDir(), 'tessdata');
const pools: ExtractPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  cleanupTemp();
});

/** A worker written in plain JavaScript that misbehaves on its first job and reads nothing after. */
function misbehaving(kind: 'oom' | 'hang' | 'crash'): URL {
  const first = {
    oom: 'const hoard = []; for (;;) hoard.push(new Array(1e5).fill(Math.random()));',
    hang: 'return;',
    crash: 'process.exit(3);',
  }[kind];
  const code = `import { parentPort } from 'node:worker_threads';
    import fs from 'node:fs';
    const marker = ${JSON.stringify(path.join(tempDir(), 'started'))};
    parentPort.on('message', (job) => {
      if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); ${first} }
      parentPort.postMessage({ id: job.id, kind: 'done', result: { detectedType: 'text/plain', pages: [], pageCount: 0 }, peakMemory: 1 });
    });`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

function file(bytes: Buffer, name = 'f'): string {
  const target = path.join(tempDir(), name);
  fs.writeFileSync(target, bytes);
  return target;
}

describe('the reader pool', () => {
  it('uses at most the cores less one, at least one', () => {
    const pool = new ExtractPool({ tessdataDir, size: 64 });
    pools.push(pool);
    expect(pool.size).toBe(defaultPoolSize());
    expect(pool.size).toBeGreaterThanOrEqual(1);
  });

  it('reads a file on a worker thread, reporting pages as it goes', async () => {
    const pool = new ExtractPool({ tessdataDir, size: 1, ocr: false });
    pools.push(pool);
    const seen: [number, number | null][] = [];
    const outcome = await pool.read({
      path: file(await textPdf(['one', 'two', 'three'])),
      name: 'x.pdf',
      languages: ['eng'],
      progress: (done, total) => seen.push([done, total]),
    });
    expect(outcome.ok && outcome.result.pages.map((p) => p.text)).toEqual(['one', 'two', 'three']);
    expect(seen).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(outcome.peakMemory).toBeGreaterThan(0);
  }, 60_000);

  it('fails a file whose worker runs out of memory, and reads the next on a new worker', async () => {
    const pool = new ExtractPool({ tessdataDir, size: 1, entry: misbehaving('oom'), limits: { workerHeapMb: 64 } });
    pools.push(pool);
    const first = await pool.read({ path: file(Buffer.from('a')), name: 'a', languages: ['eng'] });
    expect(first).toMatchObject({ ok: false, state: 'failed', error: "Reading it needed more than the reader's 64 MB of memory." });
    const second = await pool.read({ path: file(Buffer.from('b')), name: 'b', languages: ['eng'] });
    expect(second.ok).toBe(true);
    expect(pool.started).toBe(2);
  }, 60_000);

  it('stops a file that takes too long, and replaces a worker that exits', async () => {
    const slow = new ExtractPool({ tessdataDir, size: 1, entry: misbehaving('hang'), limits: { timeMs: 300 } });
    pools.push(slow);
    expect(await slow.read({ path: file(Buffer.from('a')), name: 'a', languages: ['eng'] })).toMatchObject({
      ok: false,
      error: 'Reading took longer than 0.3 s.',
    });
    expect((await slow.read({ path: file(Buffer.from('b')), name: 'b', languages: ['eng'] })).ok).toBe(true);
    const crashing = new ExtractPool({ tessdataDir, size: 1, entry: misbehaving('crash') });
    pools.push(crashing);
    expect(await crashing.read({ path: file(Buffer.from('a')), name: 'a', languages: ['eng'] })).toMatchObject({
      ok: false,
      error: 'The reader stopped (exit code 3).',
    });
    expect((await crashing.read({ path: file(Buffer.from('b')), name: 'b', languages: ['eng'] })).ok).toBe(true);
  }, 60_000);

  it('reports a hostile file as a state from the worker, and the worker goes on', async () => {
    const pool = new ExtractPool({ tessdataDir, size: 1, ocr: false, limits: { maxInflated: 8 * 1024 * 1024 } });
    pools.push(pool);
    const bomb = await pool.read({ path: file(pdfBomb(32 * 1024 * 1024)), name: 'bomb.pdf', languages: ['eng'] });
    expect(bomb).toMatchObject({ ok: false, state: 'too-large', detectedType: 'application/pdf' });
    const next = await pool.read({ path: file(Buffer.from('plain words')), name: 'n.txt', languages: ['eng'] });
    expect(next.ok && next.result.pages[0]?.text).toBe('plain words');
    expect(pool.started).toBe(1);
  }, 60_000);
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StagingFailed, StagingWriter } from '../../electron/exchange/staging-writer.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

describe('staging writer', () => {
  it('writes every file, never more than its limit at once', async () => {
    const dir = tempDir();
    const writer = new StagingWriter(3);
    let most = 0;
    const original = fs.promises.writeFile;
    let running = 0;
    fs.promises.writeFile = (async (...args: Parameters<typeof original>) => {
      running += 1;
      most = Math.max(most, running);
      try {
        await new Promise((r) => setTimeout(r, 2));
        return await original(...args);
      } finally {
        running -= 1;
      }
    }) as typeof original;
    try {
      for (let i = 0; i < 20; i += 1) await writer.write(path.join(dir, `f${i}`), Buffer.from(`file ${i}`));
      await writer.finish();
    } finally {
      fs.promises.writeFile = original;
    }
    expect(most).toBe(3);
    expect(fs.readdirSync(dir)).toHaveLength(20);
    expect(fs.readFileSync(path.join(dir, 'f7'), 'utf8')).toBe('file 7');
  });

  it('reports the first failed write and never overwrites a file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'taken'), 'mine');
    const writer = new StagingWriter(2);
    await writer.write(path.join(dir, 'ok'), Buffer.from('ok'));
    await writer.write(path.join(dir, 'taken'), Buffer.from('theirs'));
    await expect(writer.finish()).rejects.toBeInstanceOf(StagingFailed);
    await writer.settle();
    expect(fs.readFileSync(path.join(dir, 'taken'), 'utf8')).toBe('mine');
    await expect(writer.write(path.join(dir, 'later'), Buffer.from('x'))).rejects.toThrow(/EEXIST/);
  });
});

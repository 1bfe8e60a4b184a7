import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { exportBundle } from '../../electron/exchange/export-bundle.js';
import { describeSelection } from '../../electron/exchange/selection.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { useTestKeys } from '../exchange/support.js';
import { cleanupTemp, tempDir } from '../helpers.js';

const BUNDLE_ENTRIES = 5_000;
const WRITES = 2_000;
/** Bounds the test: no loop runs past this, whatever the machine. */
const DEADLINE_MS = 150_000;

let root: string;
let bundle: string;

beforeAll(async () => {
  useTestKeys();
  root = tempDir();
  const source = Catalogue.open(path.join(root, 'partner'), { create: true, actor: 'partner' });
  source.transaction(() => {
    for (let i = 0; i < BUNDLE_ENTRIES; i += 1) {
      source.entryService.create(
        EntryCreate.parse({
          kind: 'method',
          title: `Fulling method ${i}`,
          summary: 'Steam fulling of worsted cloth in batches '.repeat(4),
          body: 'The cloth is fulled in steam, then cropped and pressed. '.repeat(30),
          language: 'en',
          enterprise: 'Troitsk Fine Wool Factory',
          tags: [`finishing/f${i % 40}`],
        }),
      );
    }
  });
  bundle = path.join(root, 'partner.ratio');
  await exportBundle(source, { out: bundle, selection: describeSelection({}) });
  source.close();
}, 120_000);
afterAll(cleanupTemp);

describe('two writers at once', () => {
  it(
    `${WRITES} writes through the host during a ${BUNDLE_ENTRIES}-entry CLI import all succeed, and so does the import`,
    async () => {
      const dir = path.join(root, 'ours');
      const catalogue = Catalogue.open(dir, { create: true, actor: 'librarian' });
      const ids = catalogue.transaction(() =>
        Array.from({ length: 20 }, (_, i) => catalogue.entryService.create(EntryCreate.parse({ kind: 'proposal', title: `Local proposal ${i}` })).id),
      );
      let host: RunningHost | undefined;
      try {
        host = await startHost({ handlers: createHandlers(catalogue, { resourcesDir: findResourcesDir }), rendererDir: root, attachment: () => undefined });
        const url = `http://127.0.0.1:${host.port}/api`;
        const token = host.token;
        const write = async (i: number): Promise<{ ok: boolean; code?: string }> => {
          const [op, request] =
            i % 4 === 3
              ? ['tags.create', { path: `local/t${i}` }]
              : ['entries.update', { id: ids[i % ids.length], patch: { summary: `Revised ${i}`, tags: [`local/e${i % 7}`] } }];
          const response = await fetch(`${url}/${op}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': token },
            body: JSON.stringify(request),
          });
          const body = (await response.json()) as { ok: boolean; error?: { code: string } };
          return { ok: body.ok, code: body.error?.code };
        };

        const started = Date.now();
        // The host is writing before the import starts and keeps writing until it has ended, so
        // every moment of the import's write transaction has the host's writes against it.
        const first = await write(0);
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', path.resolve('electron/cli/main.ts'), '--catalogue', dir, '--json', 'import', bundle, '--trust'],
          { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        let exit: number | null | undefined;
        const exited = new Promise<void>((resolve) =>
          child.on('exit', (code) => {
            exit = code;
            resolve();
          }),
        );
        const failures: Record<string, number> = {};
        let done = 1;
        let writesAfterImport = 0;
        if (!first.ok) failures[first.code ?? '?'] = 1;
        let longestWait = 0;
        while ((done < WRITES || exit === undefined) && Date.now() - started < DEADLINE_MS) {
          if (exit !== undefined) writesAfterImport += 1;
          const sent = performance.now();
          const outcome = await write(done);
          longestWait = Math.max(longestWait, performance.now() - sent);
          done += 1;
          if (!outcome.ok) failures[outcome.code ?? '?'] = (failures[outcome.code ?? '?'] ?? 0) + 1;
        }
        if (exit === undefined) child.kill('SIGKILL');
        await exited;
        // The longest a write waited is about how long the import held the write lock.
        console.log(`${done} writes in ${Date.now() - started} ms beside the import; the longest took ${longestWait.toFixed(0)} ms`);

        expect(failures).toEqual({});
        expect(done).toBeGreaterThanOrEqual(WRITES);
        expect(writesAfterImport).toBeLessThan(done); // some writes ran while the import did
        expect(exit, stderr).toBe(0);
        expect((JSON.parse(stdout) as { new: number }).new).toBe(BUNDLE_ENTRIES);
        expect(catalogue.db.prepare('SELECT count(*) FROM entries').pluck().get()).toBe(BUNDLE_ENTRIES + ids.length);
        expect(catalogue.entryRepo.get(ids[0]!).revision).toBeGreaterThan(10);
      } finally {
        await host?.close();
        catalogue.close();
      }
    },
    DEADLINE_MS + 30_000,
  );
});

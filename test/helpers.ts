import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RatioClient } from '../shared/client.js';
import { createHandlers } from '../electron/api/handlers/index.js';
import { createLocalClient } from '../electron/api/local-client.js';
import { runCli } from '../electron/cli/program.js';
import { Catalogue } from '../electron/core/catalogue.js';
import { findResourcesDir } from '../electron/core/resources.js';

const made: string[] = [];

/** A fresh temporary folder, removed by `cleanupTemp`. */
export function tempDir(prefix = 'ratio-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function cleanupTemp(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface TestCatalogue {
  dir: string;
  catalogue: Catalogue;
  client: RatioClient;
  close(): void;
}

/** A new catalogue in a temporary folder, with a client that also checks every response against the contract. */
export function openTestCatalogue(dir = path.join(tempDir(), 'catalogue')): TestCatalogue {
  const catalogue = Catalogue.open(dir, { create: true, actor: 'tester' });
  const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir });
  const client = createLocalClient(handlers, {
    validateResponses: true,
    onInternalError: (error) => {
      throw error;
    },
  });
  return { dir, catalogue, client, close: () => catalogue.close() };
}

/** Awaits a promise expected to fail with a RatioError of `code`; returns its message. */
export async function failure(promise: Promise<unknown>, code: string): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const actual = (error as { code?: unknown }).code;
    if (actual !== code) throw new Error(`Expected ${code}, got ${String(actual)}: ${(error as Error).message}`);
    return (error as Error).message;
  }
  throw new Error(`Expected ${code}, but the call succeeded.`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs one `ratio` command line in-process, with HOME and the working folder at `cwd`. */
export async function runRatio(cwd: string, args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: { HOME: cwd },
    cwd,
    interactive: false,
  });
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as unknown };
}

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { RatioClient } from '../shared/client.js';
import type { RequestOf } from '../shared/contract/index.js';
import { createHandlers } from '../electron/api/handlers/index.js';
import { createLocalClient } from '../electron/api/local-client.js';
import { runCli } from '../electron/cli/program.js';
import { Catalogue } from '../electron/app/catalogue.js';
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

/**
 * A fresh catalogue for every test of the file, closed and its folder removed after each;
 * the object stands for whichever catalogue the running test has.
 */
export function useFreshCatalogue(): TestCatalogue {
  let current: TestCatalogue | undefined;
  beforeEach(() => {
    current = openTestCatalogue();
  });
  afterEach(() => {
    current?.close();
    current = undefined;
    cleanupTemp();
  });
  const now = (): TestCatalogue => {
    if (!current) throw new Error('The test catalogue exists only while a test runs.');
    return current;
  };
  return {
    get dir() {
      return now().dir;
    },
    get catalogue() {
      return now().catalogue;
    },
    get client() {
      return now().client;
    },
    close: () => now().close(),
  };
}

/** Creates a process method (unless the entry says otherwise) and returns its id. */
export async function addEntry(t: TestCatalogue, entry: Partial<RequestOf<'entries.create'>> & { title: string }): Promise<string> {
  return (await t.client.call('entries.create', { kind: 'method', ...entry })).id;
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

import fs from 'node:fs';
import path from 'node:path';
import { dumpCatalogue } from '../support/dump.js';
import { openTestCatalogue, tempDir, type TestCatalogue } from '../helpers.js';

/** Keys of test catalogues go to the run's temporary folder (test/global-setup.ts), never the user's data folder. */
export function useTestKeys(): void {
  process.env.RATIO_KEYS_DIR ??= tempDir('ratio-keys-');
}

export async function demoCatalogue(): Promise<TestCatalogue> {
  useTestKeys();
  const t = openTestCatalogue();
  await t.client.call('catalogue.loadDemo', {});
  return t;
}

export function emptyCatalogue(): TestCatalogue {
  useTestKeys();
  return openTestCatalogue();
}

export function bundlePath(name = 'bundle.ratio'): string {
  return path.join(tempDir(), name);
}

/** Content and bookkeeping, plus the files in the store: what "nothing was written" compares. */
export function fullState(t: TestCatalogue): string {
  const files = fs.readdirSync(path.join(t.dir, 'attachments')).sort();
  return `${dumpCatalogue(t.catalogue, { bookkeeping: true })}\n${files.join('\n')}`;
}

export function stagingLeft(t: TestCatalogue): boolean {
  return fs.existsSync(path.join(t.dir, '.staging'));
}

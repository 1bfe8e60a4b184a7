import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One folder for the signing keys test catalogues make, shared by every test file (workers
 * inherit the environment) and removed after the run, so no key pair lands in the user's
 * data folder or is left behind in the temporary one.
 */
export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-test-keys-'));
  process.env.RATIO_KEYS_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

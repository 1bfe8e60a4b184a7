import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trustKey } from '../../electron/exchange/keys.js';
import { cleanupTemp, failure, openTestCatalogue, runRatio, tempDir, type TestCatalogue } from '../helpers.js';

/** Each test gets a keys folder that does not exist yet, so its creation is tested too. */
let keysDir: string;
const savedKeysDir = process.env.RATIO_KEYS_DIR;
const opened: TestCatalogue[] = [];
beforeEach(() => {
  keysDir = path.join(tempDir(), 'keys');
  process.env.RATIO_KEYS_DIR = keysDir;
});
afterEach(() => {
  for (const t of opened.splice(0)) t.close();
  process.env.RATIO_KEYS_DIR = savedKeysDir;
  cleanupTemp();
});

function catalogue(dir?: string): TestCatalogue {
  const t = openTestCatalogue(dir);
  opened.push(t);
  return t;
}
const mode = (file: string): number => fs.statSync(file).mode & 0o777;
const keys = (t: TestCatalogue): Promise<{ fingerprint: string; keyFile: string; publicKey: string }> => t.client.call('exchange.keys', {});
const posix = process.platform !== 'win32';

describe('the signing key', () => {
  it.runIf(posix)('is made in a 0700 folder as a 0600 file, and recorded in the catalogue', async () => {
    const t = catalogue();
    const first = await keys(t);
    expect(mode(keysDir)).toBe(0o700);
    expect(mode(first.keyFile)).toBe(0o600);
    expect(
      t.catalogue.db
        .prepare('SELECT public_key FROM enterprises WHERE id = (SELECT value FROM settings WHERE key = ?)')
        .pluck()
        .get('exchange.selfEnterpriseId'),
    ).toBe(first.publicKey);
    expect((await keys(t)).fingerprint).toBe(first.fingerprint);
  });

  it.runIf(posix)('is refused while others can read it, and used again once it is 0600', async () => {
    const t = catalogue();
    const { keyFile, fingerprint } = await keys(t);
    fs.chmodSync(keyFile, 0o644);
    const message = await failure(keys(t), 'SIGNING_KEY_UNSAFE');
    expect(message).toContain(`chmod 600 ${keyFile}`);
    expect(message).toContain('mode 0644');
    await failure(t.client.call('exchange.export', { out: path.join(tempDir(), 'x.ratio') }), 'SIGNING_KEY_UNSAFE');
    fs.chmodSync(keyFile, 0o600);
    expect((await keys(t)).fingerprint).toBe(fingerprint);
  });

  it.runIf(posix)('is refused in a folder others can write', async () => {
    const t = catalogue();
    await keys(t);
    fs.chmodSync(keysDir, 0o777);
    expect(await failure(keys(t), 'SIGNING_KEY_UNSAFE')).toContain(`chmod 700 ${keysDir}`);
    fs.chmodSync(keysDir, 0o700);
    await keys(t);
  });

  it.runIf(posix)('is never made in a world-writable folder either', async () => {
    fs.mkdirSync(keysDir, { mode: 0o700 });
    fs.chmodSync(keysDir, 0o777);
    const t = catalogue();
    await failure(keys(t), 'SIGNING_KEY_UNSAFE');
    expect(fs.readdirSync(keysDir)).toEqual([]);
  });

  it('that went missing is refused, not silently made again', async () => {
    const t = catalogue();
    const { keyFile } = await keys(t);
    fs.rmSync(keyFile);
    expect(await failure(keys(t), 'SIGNING_KEY_UNSAFE')).toMatch(/is missing from .*import-identity.*rekey --yes/);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it('that was replaced by another key is refused', async () => {
    const t = catalogue();
    const { keyFile, fingerprint } = await keys(t);
    fs.writeFileSync(keyFile, crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    const message = await failure(keys(t), 'SIGNING_KEY_UNSAFE');
    expect(message).toContain(`this catalogue signs with (${fingerprint.slice(0, 16)}…)`);
    fs.writeFileSync(keyFile, 'not a key', { mode: 0o600 });
    expect(await failure(keys(t), 'SIGNING_KEY_UNSAFE')).toMatch(/cannot be read as a private key/);
  });

  it('is not replaced by registering a partner key under our own name', async () => {
    const t = catalogue();
    const mine = await t.client.call('exchange.keys', {});
    const other = crypto.createPublicKey(crypto.generateKeyPairSync('ed25519').privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    expect(() => trustKey(t.catalogue, mine.enterprise.name, other)).toThrow(/own enterprise/);
    expect(() => trustKey(t.catalogue, mine.enterprise.id, other)).toThrow(/own enterprise/);
    expect((await keys(t)).publicKey).toBe(mine.publicKey);
  });

  it('skips the permission checks on Windows, where the bits mean nothing', async () => {
    const t = catalogue();
    const { keyFile, fingerprint } = await keys(t);
    fs.chmodSync(keyFile, 0o644);
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...platform, value: 'win32' });
    try {
      expect((await keys(t)).fingerprint).toBe(fingerprint);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});

describe('ratio keys rekey / export-identity / import-identity', () => {
  const ratio = (cwd: string, cat: string, ...args: string[]): ReturnType<typeof runRatio> => runRatio(cwd, ['--catalogue', cat, ...args]);

  it('re-keys only when confirmed, keeping the old key file', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    const before = (await ratio(dir, cat, 'keys', '--json')).json() as { fingerprint: string; keyFile: string };
    const unconfirmed = await ratio(dir, cat, 'keys', 'rekey');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/--yes/);
    expect((await ratio(dir, cat, 'keys', '--json')).json()).toMatchObject({ fingerprint: before.fingerprint });

    const rekeyed = (await ratio(dir, cat, 'keys', 'rekey', '--yes', '--json')).json() as {
      fingerprint: string;
      previousFingerprint: string;
      retiredKeyFile: string;
    };
    expect(rekeyed.fingerprint).not.toBe(before.fingerprint);
    expect(rekeyed.previousFingerprint).toBe(before.fingerprint);
    expect(fs.existsSync(rekeyed.retiredKeyFile)).toBe(true);
    expect((await ratio(dir, cat, 'keys', '--json')).json()).toMatchObject({ fingerprint: rekeyed.fingerprint });

    // A missing key is refused with exit status 12; rekey is the deliberate way out.
    fs.rmSync(before.keyFile);
    expect((await ratio(dir, cat, 'keys')).code).toBe(12);
    expect((await ratio(dir, cat, 'keys', 'rekey', '--yes')).code).toBe(0);
  });

  it('backs up the identity and restores it with a catalogue whose key file is gone', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    await ratio(dir, cat, 'demo');
    const original = (await ratio(dir, cat, 'keys', '--name', 'Kulanovno', '--json')).json() as { fingerprint: string; keyFile: string };
    const saved = await ratio(dir, cat, 'keys', 'export-identity', 'identity.json');
    expect(saved.code).toBe(0);
    if (posix) expect(mode(path.join(dir, 'identity.json'))).toBe(0o600);
    expect((await ratio(dir, cat, 'keys', 'export-identity', 'identity.json')).code).toBe(4);

    // The catalogue is restored from a backup on a machine without the key.
    fs.cpSync(cat, path.join(dir, 'restored'), { recursive: true });
    process.env.RATIO_KEYS_DIR = path.join(tempDir(), 'keys');
    const restored = path.join(dir, 'restored');
    expect((await ratio(dir, restored, 'keys')).code).toBe(12);
    const imported = await ratio(dir, restored, 'keys', 'import-identity', 'identity.json', '--json');
    expect(imported.json()).toMatchObject({ fingerprint: original.fingerprint, enterprise: { name: 'Kulanovno' } });
    expect((await ratio(dir, restored, 'keys', '--json')).json()).toMatchObject({ fingerprint: original.fingerprint });
    expect((await ratio(dir, restored, 'export', '--out', 'all.ratio')).code).toBe(0);

    // Another catalogue's identity is refused, and so is a file that is not one.
    const other = path.join(dir, 'other');
    await ratio(dir, other, 'keys', '--name', 'Troitsk');
    expect((await ratio(dir, other, 'keys', 'import-identity', 'identity.json')).code).toBe(4);
    fs.writeFileSync(path.join(dir, 'junk.json'), '{"format":"x"}');
    expect((await ratio(dir, other, 'keys', 'import-identity', 'junk.json')).code).toBe(2);
  });
});

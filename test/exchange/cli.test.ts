import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';
import { useTestKeys } from './support.js';

afterEach(cleanupTemp);

function ratio(cwd: string, ...args: string[]): Promise<CliRun> {
  useTestKeys();
  return runRatio(cwd, args);
}

describe('ratio export / import / keys / trust', () => {
  it('exports, previews, refuses an unknown signer, imports with --trust, and refuses a damaged bundle', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a');
    const b = path.join(dir, 'b');
    expect((await ratio(dir, '--catalogue', a, 'demo')).code).toBe(0);
    const keys = JSON.parse((await ratio(dir, '--catalogue', a, 'keys', '--name', 'Kulanovno Office', '--json')).stdout) as { fingerprint: string };
    expect(keys.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const exported = await ratio(dir, '--catalogue', a, 'export', '--out', 'wool.ratio', '--tag', 'textiles/wool', '--json');
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as { entries: number }).entries).toBeGreaterThan(0);

    expect((await ratio(dir, '--catalogue', b, 'init')).code).toBe(0);
    const preview = JSON.parse((await ratio(dir, '--catalogue', b, 'import', 'wool.ratio', '--dry-run', '--json')).stdout) as Record<string, unknown>;
    expect(preview).toMatchObject({
      signature: 'unknown-signer',
      identical: 0,
      updated: 0,
      older: 0,
      conflicts: 0,
      attachments: expect.any(Number),
      tagsCreated: [],
    });
    const untrusted = await ratio(dir, '--catalogue', b, 'import', 'wool.ratio');
    expect(untrusted.code).toBe(7);
    expect(untrusted.stderr.trim().split('\n')).toHaveLength(1);

    const trusted = await ratio(dir, '--catalogue', b, 'trust', 'wool.ratio', '--enterprise', 'Kulanovno Office', '--json');
    expect(JSON.parse(trusted.stdout)).toMatchObject({ fingerprint: keys.fingerprint });
    const imported = JSON.parse((await ratio(dir, '--catalogue', b, 'import', 'wool.ratio', '--json')).stdout) as Record<string, unknown>;
    // The preview of the unknown signer read only the manifest: what it announced is what was imported.
    expect(preview).toMatchObject({ entriesRead: false, new: 0 });
    expect(imported).toMatchObject({ signature: 'valid', new: (preview.announced as { entries: number }).entries, changed: true });
    const again = await ratio(dir, '--catalogue', b, 'import', 'wool.ratio');
    expect(again.stdout).toMatch(/already imported; nothing changed/);

    const bytes = fs.readFileSync(path.join(dir, 'wool.ratio'));
    fs.writeFileSync(path.join(dir, 'bad.ratio'), bytes.subarray(0, bytes.length - 30));
    const refused = await ratio(dir, '--catalogue', b, 'import', 'bad.ratio');
    expect(refused.code).toBe(6);
    expect(refused.stderr).toMatch(/^ratio: The bundle was refused: .+\.\n$/);
  });

  it('round-trips CSV and Markdown folders', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a');
    await ratio(dir, '--catalogue', a, 'demo');
    expect((await ratio(dir, '--catalogue', a, 'export-csv', '--out', 'e.csv')).code).toBe(0);
    const csv = fs.readFileSync(path.join(dir, 'e.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFid,kind,title')).toBe(true);
    expect((await ratio(dir, '--catalogue', path.join(dir, 'c'), 'init')).code).toBe(0);
    const imported = JSON.parse((await ratio(dir, '--catalogue', path.join(dir, 'c'), 'import-csv', 'e.csv', '--json')).stdout) as { created: number };
    expect(imported.created).toBe(52);
    const again = JSON.parse((await ratio(dir, '--catalogue', path.join(dir, 'c'), 'import-csv', 'e.csv', '--json')).stdout) as { unchanged: number };
    expect(again.unchanged).toBe(52);
    await ratio(dir, '--catalogue', path.join(dir, 'c'), 'export-csv', '--out', 'e2.csv');
    expect(fs.readFileSync(path.join(dir, 'e2.csv'), 'utf8')).toBe(csv);

    expect((await ratio(dir, '--catalogue', a, 'export-markdown', '--dir', 'md')).code).toBe(0);
    await ratio(dir, '--catalogue', path.join(dir, 'm'), 'init');
    const md = JSON.parse((await ratio(dir, '--catalogue', path.join(dir, 'm'), 'import-markdown', 'md', '--json')).stdout) as {
      created: number;
      attachments: number;
    };
    expect(md.created).toBe(52);
    expect(md.attachments).toBeGreaterThan(0);
    await ratio(dir, '--catalogue', path.join(dir, 'm'), 'export-markdown', '--dir', 'md2');
    for (const name of fs.readdirSync(path.join(dir, 'md')).filter((n) => n.endsWith('.md'))) {
      expect(fs.readFileSync(path.join(dir, 'md2', name), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'md', name), 'utf8'));
    }
  });

  it('trusts a base64 key containing "/" as a key, a key file by path, and refuses what is neither', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    await ratio(dir, '--catalogue', cat, 'init');
    const rawKey = (): Buffer => crypto.createPublicKey(crypto.generateKeyPairSync('ed25519').privateKey).export({ format: 'der', type: 'spki' }).subarray(12);
    let slashed = rawKey();
    while (!slashed.toString('base64').includes('/')) slashed = rawKey();
    const key = slashed.toString('base64');
    const trusted = await ratio(dir, '--catalogue', cat, 'trust', key, '--enterprise', 'Troitsk', '--json');
    expect(trusted.stderr).toBe('');
    expect(trusted.json()).toMatchObject({ publicKey: key, fingerprint: crypto.createHash('sha256').update(slashed).digest('hex') });

    const other = rawKey();
    fs.mkdirSync(path.join(dir, 'keys'));
    fs.writeFileSync(path.join(dir, 'keys', 'partner'), `${other.toString('hex')}\n`);
    expect((await ratio(dir, '--catalogue', cat, 'trust', 'keys/partner', '--enterprise', 'Kulanovno', '--json')).json()).toMatchObject({
      publicKey: other.toString('base64'),
    });

    const neither = await ratio(dir, '--catalogue', cat, 'trust', 'keys/missing.pub', '--enterprise', 'X');
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('ratio: "keys/missing.pub" is neither a public key (44 characters of base64, 64 hex digits or a PEM block) nor a file.\n');
  });
});

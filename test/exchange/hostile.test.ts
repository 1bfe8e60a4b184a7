import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { Catalogue } from '../../electron/app/catalogue.js';
import { dumpCatalogue } from '../support/dump.js';
import { sweepOrphanBlobs } from '../../electron/exchange/blob-sweep.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';
import { trustKey } from '../../electron/exchange/keys.js';
import type { BundleLimits } from '../../electron/exchange/limits.js';
import { cleanupTemp, tempDir, type TestCatalogue } from '../helpers.js';
import { emptyCatalogue, fullState, stagingLeft } from './support.js';
import { craftZip, localHeader, resign, testSigner, unpack, zipOf, type RawEntry } from './zip-craft.js';
import { EntryCreate } from '../../shared/schemas/entry.js';

let source: TestCatalogue;
let target: TestCatalogue;
let valid: Map<string, Buffer>;
let validFile: string;
const signer = testSigner();
let attachmentName: string;

beforeAll(async () => {
  source = emptyCatalogue();
  const c = source.client;
  const a = await c.call('entries.create', {
    kind: 'method',
    title: 'Two-stage decatising',
    tags: ['textiles/wool'],
    enterprise: 'Kulanovno Fine Wool Factory',
  });
  const b = await c.call('entries.create', { kind: 'proposal', title: 'Pneumatic clamp', tags: ['machine-building/fixtures'] });
  await c.call('entries.create', { kind: 'invention', title: 'Flame hardening' });
  await c.call('attachments.add', { entryId: a.id, name: 'press.svg', contentBase64: Buffer.from('<svg>press</svg>').toString('base64') });
  await c.call('enterprises.create', { name: 'Troitsk Fine Wool Factory' });
  await c.call('adoptions.add', {
    entryId: a.id,
    enterprise: 'Troitsk Fine Wool Factory',
    date: '1960-01-04',
    effects: [{ indicator: 'First-grade output', before: 82.4, after: 88, unit: '%' }],
  });
  await c.call('links.add', { from: b.id, to: a.id, type: 'related' });
  validFile = path.join(tempDir('ratio-hostile-'), 'valid.ratio');
  const exported = await c.call('exchange.export', { out: validFile, enterpriseName: 'Kulanovno Exchange Office' });
  expect(exported.entries).toBe(3);
  valid = await unpack(validFile);
  attachmentName = [...valid.keys()].find((n) => n.startsWith('attachments/')) as string;
  target = emptyCatalogue();
  await target.client.call('entries.create', { kind: 'method', title: 'Already here' });
  trustKey(target.catalogue, 'Kulanovno Exchange Office', Buffer.from(signer.publicKeyBase64, 'base64'));
});
afterAll(() => {
  source.close();
  target.close();
  cleanupTemp();
});

function write(bytes: Buffer): string {
  const file = path.join(tempDir('ratio-hostile-'), 'b.ratio');
  fs.writeFileSync(file, bytes);
  return file;
}

const run = (file: string, limits?: Partial<BundleLimits>, progress?: (e: { task: string; done: number; total: number }) => void) =>
  importBundle(target.catalogue, file, { dryRun: false, onConflict: 'keep-local', trust: false, actor: null, limits, progress });

/** The import fails with BUNDLE_REFUSED saying `why`, writes nothing, and leaves no staging folder. */
async function refused(bytes: Buffer, why: RegExp, limits?: Partial<BundleLimits>): Promise<void> {
  const before = fullState(target);
  const error = await run(write(bytes), limits).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RatioError);
  expect((error as RatioError).code).toBe('BUNDLE_REFUSED');
  expect((error as RatioError).message).toMatch(why);
  expect(fullState(target)).toBe(before);
  expect(stagingLeft(target)).toBe(false);
}

const signed = (edit?: (files: Map<string, Buffer>) => void, manifestEdit?: (m: Record<string, unknown>) => void): Map<string, Buffer> => {
  const files = new Map(valid);
  edit?.(files);
  return resign(files, signer, manifestEdit);
};

describe('hostile bundles', () => {
  it('control: a re-signed bundle from a trusted key imports (so the refusals below are real)', async () => {
    const other = emptyCatalogue();
    try {
      trustKey(other.catalogue, 'Kulanovno Exchange Office', Buffer.from(signer.publicKeyBase64, 'base64'));
      const report = await importBundle(other.catalogue, write(zipOf(signed())), { dryRun: false, onConflict: 'keep-local', trust: false, actor: null });
      expect(report).toMatchObject({ signature: 'valid', new: 3, attachments: 1 });
    } finally {
      other.close();
    }
  });

  it.each([
    ['../x', /climbs out/],
    ['/abs', /absolute path/],
    ['C:\\x', /backslash|drive letter/],
    ['C:x', /drive letter/],
    ['..\\x', /backslash/],
    ['a//b', /empty or "\." segment/],
    ['a\u0001b', /control characters/],
    ['tab\there', /control characters/],
    ['del\u007f', /control characters/],
  ])('refuses the entry name %j', async (name, why) => {
    await refused(zipOf(signed(), [{ name, data: Buffer.from('x') }]), why);
  });

  it('refuses symbolic links', async () => {
    await refused(zipOf(signed(), [{ name: 'link', data: Buffer.from('/etc/passwd'), externalAttributes: 0o120777 << 16 }]), /symbolic link/);
  });

  it('refuses duplicate names, also when they differ only by case or Unicode normalisation', async () => {
    await refused(zipOf(signed(), [{ name: 'tags.json', data: Buffer.from('[]') }]), /appears twice/);
    await refused(zipOf(signed(), [{ name: 'TAGS.json', data: Buffer.from('[]') }]), /collide/);
    const nfc = 'caf\u00e9';
    const nfd = 'cafe\u0301';
    await refused(
      craftZip([
        { name: nfc, data: Buffer.from('1') },
        { name: nfd, data: Buffer.from('2') },
      ]),
      /collide/,
    );
  });

  it('refuses too many entries', async () => {
    await refused(zipOf(signed()), /more than the limit of 3|more than 3 entries/, { maxEntries: 3 });
  });

  it('refuses zip bombs: a high ratio, a total over the cap, and sizes that lie', async () => {
    const zeros = Buffer.alloc(4 * 1024 * 1024);
    await refused(zipOf(signed(), [{ name: 'bomb', data: zeros, method: 8 }]), /expands more than/);
    await refused(zipOf(signed()), /add up to more than/, { maxTotalBytes: 1000 });
    // manifest.json's header claims 10 bytes; the deflated stream holds far more.
    const files = signed();
    const entries: RawEntry[] = [...files].map(([name, data]) => ({ name, data, method: 8, ...(name === 'manifest.json' ? { declaredSize: 10 } : {}) }));
    await refused(craftZip(entries), /more bytes than its header declares|damaged|cannot be read/);
    // The same for an entry record, which is inflated ahead with its neighbours, and for one claiming more than it holds.
    // The manifest agrees with the lie, so only inflating the record can tell.
    const record = [...files.keys()].find((name) => name.startsWith('entries/')) as string;
    for (const [lie, why] of [
      [10, /holds more bytes than its header declares/],
      [100_000, /holds fewer bytes than its header declares/],
    ] as const) {
      const agreeing = signed(undefined, (m) => {
        for (const f of m.files as { path: string; size: number }[]) if (f.path === record) f.size = lie;
      });
      const lying: RawEntry[] = [...agreeing].map(([name, data]) => ({ name, data, method: 8, ...(name === record ? { declaredSize: lie } : {}) }));
      await refused(craftZip(lying), why);
    }
    // A stored entry whose two sizes disagree.
    await refused(zipOf(signed(), [{ name: 'x', data: Buffer.from('abc'), declaredCompressedSize: 2 }]), /declares different|size mismatch/);
  });

  it('refuses overlapping entries', async () => {
    // Entry "inner" lives inside the data of entry "outer": both local headers are genuine.
    const inner: RawEntry = { name: 'inner', data: Buffer.from('hello') };
    const innerBytes = Buffer.concat([localHeader(inner, inner.data), inner.data]);
    const outer: RawEntry = { name: 'outer', data: innerBytes };
    const outerHeader = localHeader(outer, innerBytes);
    await refused(
      craftZip([outer, { ...inner, offsetOverride: outerHeader.length, payload: Buffer.alloc(0), declaredCompressedSize: 5 }]),
      /overlap|local file header|runs into/,
    );
  });

  it('refuses encrypted entries and unsupported compression', async () => {
    await refused(zipOf(signed(), [{ name: 'secret', data: Buffer.from('x'), method: 8, flags: 0x0801 }]), /encrypted/);
    await refused(zipOf(signed(), [{ name: 'bz', data: Buffer.from('x'), method: 12 }]), /compression method 12/);
  });

  it('refuses truncated, corrupt and foreign archives', async () => {
    const bytes = fs.readFileSync(validFile);
    await refused(bytes.subarray(0, Math.floor(bytes.length / 2)), /not a zip archive|damaged/);
    await refused(bytes.subarray(0, bytes.length - 5), /not a zip archive|damaged/);
    await refused(crypto.randomBytes(5000), /not a zip archive|damaged/);
    const corrupt = Buffer.from(bytes);
    corrupt.fill(0x41, 200, 600);
    await refused(corrupt, /refused/);
  });

  it('refuses a missing or tampered signature or manifest', async () => {
    const files = signed();
    const noSig = new Map(files);
    noSig.delete('manifest.sig');
    await refused(zipOf(noSig), /not signed/);
    const badSig = new Map(files);
    const sig = Buffer.from(badSig.get('manifest.sig') as Buffer);
    sig[5] = (sig[5] as number) ^ 1;
    badSig.set('manifest.sig', sig);
    await refused(zipOf(badSig), /signature does not match/);
    const tampered = new Map(files);
    tampered.set(
      'manifest.json',
      Buffer.from((files.get('manifest.json') as Buffer).toString('utf8').replace('Kulanovno Exchange Office', 'Kulanovno Exchange Offica')),
    );
    await refused(zipOf(tampered), /signature does not match/);
    const noManifest = new Map(files);
    noManifest.delete('manifest.json');
    await refused(zipOf(noManifest), /no manifest\.json/);
  });

  it('refuses files missing from the manifest or from the archive', async () => {
    const extra = signed();
    extra.set('entries/01900000-0000-7000-8000-000000000000.json', Buffer.from('{}'));
    await refused(zipOf(extra), /not in manifest\.json/);
    const missing = signed();
    missing.delete(attachmentName);
    await refused(zipOf(missing), /missing from the archive/);
  });

  it('refuses a wrong hash or size', async () => {
    const wrongHash = signed();
    const tags = Buffer.from(wrongHash.get('tags.json') as Buffer);
    tags[2] = (tags[2] as number) ^ 0x20;
    wrongHash.set('tags.json', tags);
    await refused(zipOf(wrongHash), /does not match its SHA-256/);
    const blob = signed();
    blob.set(attachmentName, Buffer.from('<svg>PRESS</svg>'));
    await refused(zipOf(blob), /does not match its SHA-256/);
    const wrongSize = signed(undefined, (m) => {
      (m.files as { path: string; size: number }[]).forEach((f) => {
        if (f.path === 'tags.json') f.size += 1;
      });
    });
    await refused(zipOf(wrongSize), /bytes but manifest\.json says/);
  });

  it('refuses malformed and deeply nested JSON and __proto__ keys', async () => {
    await refused(zipOf(signed((f) => f.set('tags.json', Buffer.from('[{"path": ')))), /not valid JSON/);
    await refused(zipOf(signed((f) => f.set('tags.json', Buffer.from(`${'['.repeat(100)}${']'.repeat(100)}`)))), /nested more than/);
    await refused(zipOf(signed((f) => f.set('enterprises.json', Buffer.from('[{"__proto__": {"polluted": true}}]')))), /forbidden key "__proto__"/);
    const entry = [...valid.keys()].find((n) => n.startsWith('entries/')) as string;
    await refused(zipOf(signed((f) => f.set(entry, Buffer.from('{"constructor": {"prototype": {}}}')))), /forbidden key/);
    await refused(zipOf(signed((f) => f.set(entry, Buffer.from('{"id": 5}')))), /is malformed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an unknown format version', async () => {
    await refused(zipOf(signed(undefined, (m) => (m.formatVersion = 2))), /format version 2/);
  });

  it('refuses references to attachments the bundle lacks', async () => {
    const files = signed((f) => f.delete(attachmentName));
    await refused(zipOf(resign(files, signer, (m) => ((m.counts as { attachments: number }).attachments = 0))), /which the bundle lacks/);
  });

  it('rolls everything back when a failure strikes at record N of M', async () => {
    const file = write(zipOf(signed()));
    const before = fullState(target);
    await expect(
      run(file, undefined, (e) => {
        if (e.task === 'Importing entries' && e.done === 2) throw new Error('injected failure at record 2 of 3');
      }),
    ).rejects.toThrow('injected failure');
    expect(fullState(target)).toBe(before);
    expect(stagingLeft(target)).toBe(false);
  });

  /** Runs an import of the valid bundle into `dir` in a child process and kills it inside its transaction. */
  async function killDuringApply(dir: string): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'child-import.ts'), dir, validFile, '2'], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('PAUSED')) resolve();
        if (out.includes('FINISHED')) reject(new Error('the child finished instead of pausing'));
      });
      child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)));
    });
    expect(fs.existsSync(path.join(dir, '.staging'))).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
  }

  it('leaves the catalogue as it was when the process is killed during apply', async () => {
    const dir = path.join(tempDir('ratio-kill-'), 'catalogue');
    const cat = Catalogue.open(dir, { create: true, actor: 'parent' });
    await Promise.resolve();
    cat.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Before the kill' }));
    const before = dumpCatalogue(cat, { bookkeeping: true });
    cat.close();
    await killDuringApply(dir);
    const after = Catalogue.open(dir, { create: false, actor: null });
    try {
      expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(dumpCatalogue(after, { bookkeeping: true })).toBe(before);
      // The next import sweeps the dead process's staging folder.
      await importBundle(after, validFile, { dryRun: true, onConflict: 'keep-local', trust: false, actor: null });
      expect(fs.existsSync(path.join(dir, '.staging'))).toBe(false);
    } finally {
      after.close();
    }
  });

  it('sweeps the attachment files a killed import left in the store, at the next import, and nothing else', async () => {
    const dir = path.join(tempDir('ratio-kill-'), 'catalogue');
    const cat = Catalogue.open(dir, { create: true, actor: 'parent' });
    const kept = cat.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Has an attachment' }));
    cat.addAttachment(kept.id, 'kept.txt', Buffer.from('referenced'), 'text/plain');
    cat.close();
    await killDuringApply(dir);
    const store = path.join(dir, 'attachments');
    const orphan = attachmentName.slice('attachments/'.length);
    expect(fs.readdirSync(store)).toContain(orphan);
    // The orphan is older than the sweep's margin; a fresh unreferenced file (a write not yet committed elsewhere) is not.
    const old = new Date(Date.now() - 10 * 60_000);
    for (const name of fs.readdirSync(store)) fs.utimesSync(path.join(store, name), old, old);
    const fresh = crypto.createHash('sha256').update('in flight').digest('hex');
    fs.writeFileSync(path.join(store, fresh), 'in flight');
    const after = Catalogue.open(dir, { create: false, actor: null });
    try {
      const referenced = after.db.prepare('SELECT sha256 FROM blobs').pluck().all() as string[];
      // While another import is staging (a live process's staging folder), nothing is swept.
      const busy = path.join(dir, '.staging', `${process.pid}-busy`);
      fs.mkdirSync(busy, { recursive: true });
      expect(sweepOrphanBlobs(after, path.join(dir, '.staging'))).toBe(0);
      expect(fs.readdirSync(store)).toContain(orphan);
      fs.rmSync(busy, { recursive: true });
      // The next import (of a bundle that does not need that file) sweeps it.
      const other = emptyCatalogue();
      const out = path.join(tempDir('ratio-kill-'), 'other.ratio');
      try {
        await other.client.call('entries.create', { kind: 'invention', title: 'Unrelated' });
        await other.client.call('exchange.export', { out });
      } finally {
        other.close();
      }
      await importBundle(after, out, { dryRun: false, onConflict: 'keep-local', trust: true, actor: null });
      expect(fs.readdirSync(store).sort()).toEqual([...referenced, fresh].sort());
      expect(after.blobs.read(referenced[0] as string).toString()).toBe('referenced');
    } finally {
      after.close();
    }
  }, 60_000);

  it('says a full disk while staging is a full disk, not a refused bundle', async () => {
    const file = write(zipOf(signed()));
    const before = fullState(target);
    const original = fs.promises.writeFile;
    fs.promises.writeFile = (() => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))) as typeof original;
    let error: unknown;
    try {
      await run(file);
    } catch (e) {
      error = e;
    } finally {
      fs.promises.writeFile = original;
    }
    expect(error).toBeInstanceOf(RatioError);
    expect((error as RatioError).code).toBe('DISK_FULL');
    expect((error as RatioError).message).toMatch(/disk is full.*nothing was written/);
    expect(fullState(target)).toBe(before);
    expect(stagingLeft(target)).toBe(false);
  });

  it('survives fuzzing: mutated bundles never crash the reader and never import partly', async () => {
    const base = zipOf(signed());
    const reference = emptyCatalogue();
    trustKey(reference.catalogue, 'Kulanovno Exchange Office', Buffer.from(signer.publicKeyBase64, 'base64'));
    await importBundle(reference.catalogue, write(base), { dryRun: false, onConflict: 'keep-local', trust: false, actor: null });
    const imported = dumpCatalogue(reference.catalogue);
    reference.close();

    let seed = 0x5eed;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    const pristineDir = path.join(tempDir('ratio-fuzz-'), 'pristine');
    const fuzzDir = path.join(tempDir('ratio-fuzz-'), 'catalogue');
    const setup = Catalogue.open(pristineDir, { create: true, actor: null });
    trustKey(setup, 'Kulanovno Exchange Office', Buffer.from(signer.publicKeyBase64, 'base64'));
    const pristine = dumpCatalogue(setup, { bookkeeping: true });
    setup.close();
    fs.cpSync(pristineDir, fuzzDir, { recursive: true });
    let fuzzed = Catalogue.open(fuzzDir, { create: false, actor: null });
    const file = path.join(tempDir('ratio-fuzz-'), 'm.ratio');
    let refusedCount = 0;
    let acceptedCount = 0;
    // Every refusal must close the bundle file, whatever stage it failed at.
    const openFiles = (): number => (fs.existsSync('/proc/self/fd') ? fs.readdirSync('/proc/self/fd').length : 0);
    const filesBefore = openFiles();
    try {
      for (let i = 0; i < 2000; i += 1) {
        let bytes = Buffer.from(base);
        const kind = random(3);
        if (kind === 0) {
          for (let k = 0; k <= random(4); k += 1) bytes[random(bytes.length)] = random(256);
        } else if (kind === 1) {
          bytes = bytes.subarray(0, random(bytes.length));
        } else {
          const at = random(bytes.length);
          bytes = Buffer.concat([bytes.subarray(0, at), crypto.randomBytes(1 + random(8)), bytes.subarray(at)]);
        }
        fs.writeFileSync(file, bytes);
        try {
          await importBundle(fuzzed, file, { dryRun: false, onConflict: 'keep-local', trust: false, actor: null });
          acceptedCount += 1;
          // A mutation that still verifies (a timestamp, say) must import the whole bundle, exactly.
          expect(dumpCatalogue(fuzzed)).toBe(imported);
          fuzzed.close();
          fs.rmSync(fuzzDir, { recursive: true, force: true });
          fs.cpSync(pristineDir, fuzzDir, { recursive: true });
          fuzzed = Catalogue.open(fuzzDir, { create: false, actor: null });
        } catch (error) {
          if (!(error instanceof RatioError)) throw error;
          expect(['BUNDLE_REFUSED', 'BUNDLE_UNTRUSTED']).toContain(error.code);
          refusedCount += 1;
          expect(dumpCatalogue(fuzzed, { bookkeeping: true })).toBe(pristine);
        }
        expect(fs.existsSync(path.join(fuzzDir, '.staging'))).toBe(false);
      }
    } finally {
      fuzzed.close();
    }
    expect(refusedCount).toBeGreaterThan(1500);
    expect(refusedCount + acceptedCount).toBe(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(openFiles()).toBeLessThan(filesBefore + 10);
  }, 120_000);
});

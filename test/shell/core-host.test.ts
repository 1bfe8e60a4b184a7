import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProgressReport } from '../../shared/bridge.js';
import type { Outcome } from '../../shared/client.js';
import { createCoreHost, type CoreHost } from '../../electron/shell/core-host.js';
import type { CoreReplies, CoreRequest } from '../../electron/shell/core-messages.js';

let base: string;
let dir: string;
let host: CoreHost;
let progress: ProgressReport[];

async function ok<K extends CoreRequest['kind']>(message: Extract<CoreRequest, { kind: K }>): Promise<CoreReplies[K]> {
  const reply = await host.handle(message);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as CoreReplies[K];
}

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-core-host-'));
  dir = path.join(base, 'catalogue');
  progress = [];
  host = createCoreHost({ resourcesDir: null, nativeBinding: null, actor: 'tester' }, (report) => progress.push(report));
});

afterEach(async () => {
  await host.handle({ kind: 'close' });
  fs.rmSync(base, { recursive: true, force: true });
});

const entryCount = async (): Promise<number> => {
  const outcome = await ok({ kind: 'call', op: 'catalogue.info', request: {} });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return (outcome.value as { entries: number }).entries;
};

describe('the core host', () => {
  it('answers CATALOGUE_MISSING before a catalogue is open', async () => {
    expect(await ok({ kind: 'call', op: 'catalogue.info', request: {} })).toEqual({
      ok: false,
      error: { code: 'CATALOGUE_MISSING', message: 'No catalogue is open.' },
    });
  });

  it('opens (creating on first run), dispatches through the contract and reports progress', async () => {
    const opened = await ok({ kind: 'open', dir, create: true });
    expect(opened).toEqual({ dir, attachmentsDir: path.join(dir, 'attachments'), created: true });
    const demo = await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    expect(demo.ok).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(await entryCount()).toBeGreaterThan(40);
    expect((await ok({ kind: 'open', dir, create: true })).created).toBe(false);
  });

  it('rejects a bad payload with INVALID_INPUT and an unknown operation with UNKNOWN_OPERATION', async () => {
    await ok({ kind: 'open', dir, create: true });
    const bad = await ok({ kind: 'call', op: 'entries.get', request: { id: 42, extra: true } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const unknown = await ok({ kind: 'call', op: 'shell.exec', request: {} });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_OPERATION' } });
  });

  it('explains a folder it cannot open: not a catalogue, newer, missing', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'catalogue.sqlite'), 'not sqlite at all, just text');
    expect(await host.handle({ kind: 'open', dir, create: true })).toMatchObject({ ok: false, error: { code: 'NOT_A_CATALOGUE' } });

    const newer = path.join(base, 'newer');
    await ok({ kind: 'open', dir: newer, create: true });
    await ok({ kind: 'close' });
    const db = new Database(path.join(newer, 'catalogue.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    expect(await host.handle({ kind: 'open', dir: newer, create: false })).toMatchObject({ ok: false, error: { code: 'CATALOGUE_NEWER' } });
    expect(await host.handle({ kind: 'open', dir: path.join(base, 'none'), create: false })).toMatchObject({ ok: false, error: { code: 'CATALOGUE_MISSING' } });
  });

  it.skipIf(process.getuid?.() === 0)('explains a folder it cannot write', async () => {
    const locked = path.join(base, 'locked');
    fs.mkdirSync(locked);
    fs.chmodSync(locked, 0o500);
    expect(await host.handle({ kind: 'open', dir: locked, create: true })).toMatchObject({ ok: false, error: { code: 'CATALOGUE_UNWRITABLE' } });
  });

  it('backs up online and restores, keeping the previous database as .bak', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const full = await entryCount();
    const backup = path.join(base, 'backups', 'ratio-backup.sqlite');
    fs.mkdirSync(path.dirname(backup));
    const made = await ok({ kind: 'backup', destination: backup });
    expect(made.bytes).toBeGreaterThan(0);
    expect(fs.existsSync(`${backup}.partial`)).toBe(false);
    expect(progress.some((p) => p.task === 'Backing up the catalogue')).toBe(true);

    // Change the catalogue after the backup, then restore: the change is gone.
    const list = await ok({ kind: 'call', op: 'entries.list', request: { limit: 1 } });
    const first = (list as { ok: true; value: { entries: { id: string }[] } }).value.entries[0];
    expect(first).toBeDefined();
    expect((await ok({ kind: 'call', op: 'entries.delete', request: { id: first?.id } })).ok).toBe(true);
    expect(await entryCount()).toBe(full - 1);

    const restored = await ok({ kind: 'restore', source: backup });
    expect(restored.previous).toBe(path.join(dir, 'catalogue.sqlite.bak'));
    expect(fs.existsSync(restored.previous)).toBe(true);
    expect(await entryCount()).toBe(full);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.restore-'))).toEqual([]);
  });

  it('refuses to restore a file that is not a catalogue and keeps the catalogue as it was', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const before = await entryCount();
    const foreign = path.join(base, 'foreign.sqlite');
    const db = new Database(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    for (const source of [foreign, path.join(base, 'missing.sqlite'), path.join(base, 'catalogue')]) {
      const reply = await host.handle({ kind: 'restore', source });
      expect(reply.ok, source).toBe(false);
    }
    expect(await entryCount()).toBe(before);
    expect(fs.existsSync(path.join(dir, 'catalogue.sqlite.bak'))).toBe(false);
  });

  it('compacts the open catalogue in place, every entry kept; refused, and nothing changed, while another program has it open', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const full = await entryCount();
    // Free pages to give back: every entry's postings rewritten.
    await ok({ kind: 'call', op: 'catalogue.reindex', request: {} });
    const other = new Database(path.join(dir, 'catalogue.sqlite'));
    other.prepare('SELECT count(*) FROM entries').get();
    const refused = await host.handle({ kind: 'compact' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CATALOGUE_BUSY' } });
    other.close();
    expect(await entryCount()).toBe(full);

    const compacted = await ok({ kind: 'compact' });
    expect(compacted.bytesAfter).toBeLessThan(compacted.bytesBefore);
    expect(compacted.pageSize).toBe(16384);
    expect(progress.some((p) => p.task === 'Compacting the catalogue' && p.done === 1)).toBe(true);
    expect(await entryCount()).toBe(full);
    const found = await ok({ kind: 'call', op: 'search.query', request: { query: 'wool' } });
    expect((found as { ok: true; value: { total: number } }).value.total).toBeGreaterThan(0);
  });

  it('refuses a backup onto the catalogue itself', async () => {
    await ok({ kind: 'open', dir, create: true });
    expect(await host.handle({ kind: 'backup', destination: path.join(dir, 'catalogue.sqlite') })).toMatchObject({ ok: false, error: { code: 'FILE_ERROR' } });
  });

  it('tells the recorded media type of an attachment, and nothing for other input', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const sha = fs.readdirSync(path.join(dir, 'attachments')).find((f) => /^[0-9a-f]{64}$/.test(f));
    expect(sha).toBeDefined();
    const { mediaType } = await ok({ kind: 'media-type', sha256: sha ?? '' });
    expect(mediaType).toMatch(/^image\//);
    expect(await ok({ kind: 'media-type', sha256: "' OR 1=1 --" })).toEqual({ mediaType: null });
  });
});

describe('requests that arrive while an import runs (the core answers each message at once)', () => {
  /** A catalogue with the demo exported to a bundle, and an empty catalogue to import it into. */
  async function bundleAndTarget(): Promise<{ bundle: string; target: string; demoEntries: number }> {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const demoEntries = await entryCount();
    const bundle = path.join(base, 'demo.ratio');
    const exported = await ok({ kind: 'call', op: 'exchange.export', request: { out: bundle } });
    expect(exported.ok).toBe(true);
    const target = path.join(base, 'target');
    await ok({ kind: 'open', dir: target, create: true });
    return { bundle, target, demoEntries };
  }

  const entriesIn = (catalogueDir: string): number => {
    const db = new Database(path.join(catalogueDir, 'catalogue.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('opening another catalogue waits until the import has finished; nothing is lost', async () => {
    const { bundle, target, demoEntries } = await bundleAndTarget();
    const other = path.join(base, 'other');
    // Sent back to back, as the window and a menu can: the open must not close the database
    // under the import, which awaits file I/O while it verifies the bundle.
    const importing = host.handle({ kind: 'call', op: 'exchange.import', request: { file: bundle, trust: true } });
    const opening = host.handle({ kind: 'open', dir: other, create: true });
    const imported = await importing;
    expect(imported.ok && (imported.value as Outcome<unknown>)).toMatchObject({ ok: true, value: { changed: true, new: demoEntries } });
    expect(await opening).toMatchObject({ ok: true, value: { dir: other, created: true } });
    expect(await entryCount()).toBe(0);
    expect(entriesIn(target)).toBe(demoEntries);
  });

  it('closing (quit) waits for the import, and requests after the close find no catalogue', async () => {
    const { bundle, target, demoEntries } = await bundleAndTarget();
    const importing = host.handle({ kind: 'call', op: 'exchange.import', request: { file: bundle, trust: true } });
    const closing = host.handle({ kind: 'close' });
    const after = host.handle({ kind: 'call', op: 'catalogue.info', request: {} });
    expect(await importing).toMatchObject({ ok: true, value: { ok: true } });
    expect(await closing).toEqual({ ok: true, value: { closed: true } });
    expect(await after).toMatchObject({ ok: true, value: { ok: false, error: { code: 'CATALOGUE_MISSING' } } });
    expect(entriesIn(target)).toBe(demoEntries);
  });

  it('restoring waits for a running backup, and the backup is whole', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const first = path.join(base, 'first.sqlite');
    await ok({ kind: 'backup', destination: first });
    const second = path.join(base, 'second.sqlite');
    const backingUp = host.handle({ kind: 'backup', destination: second });
    const restoring = host.handle({ kind: 'restore', source: first });
    expect(await backingUp).toMatchObject({ ok: true });
    expect(await restoring).toMatchObject({ ok: true });
    expect(entriesIn(path.dirname(path.join(dir, 'catalogue.sqlite')))).toBeGreaterThan(40);
    const copy = new Database(second, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n).toBeGreaterThan(40);
    copy.close();
  });

  it('answers media type and attachment name for main to open an attachment', async () => {
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'call', op: 'catalogue.loadDemo', request: {} });
    const sha = fs.readdirSync(path.join(dir, 'attachments')).find((f) => /^[0-9a-f]{64}$/.test(f)) ?? '';
    const info = await ok({ kind: 'attachment-info', sha256: sha });
    expect(info.mediaType).toMatch(/^image\//);
    expect(info.name).toMatch(/\.(svg|png)$/);
    expect(await ok({ kind: 'attachment-info', sha256: 'f'.repeat(64) })).toEqual({ mediaType: null, name: null });
    expect(await ok({ kind: 'attachment-info', sha256: '../x' })).toEqual({ mediaType: null, name: null });
  });

  it('reports a database module that cannot be loaded as NATIVE_MODULE, not as a bad catalogue', async () => {
    const broken = path.join(base, 'better_sqlite3.node');
    fs.writeFileSync(broken, 'not a shared library');
    const native = createCoreHost({ resourcesDir: null, nativeBinding: broken, actor: null }, () => undefined);
    const fresh = await native.handle({ kind: 'open', dir: path.join(base, 'fresh'), create: true });
    expect(fresh).toMatchObject({
      ok: false,
      error: { code: 'NATIVE_MODULE', message: expect.stringContaining('database module (better-sqlite3) cannot be loaded') },
    });
    // An existing catalogue is not called "not a Ratio catalogue" either.
    await ok({ kind: 'open', dir, create: true });
    await ok({ kind: 'close' });
    const existing = await native.handle({ kind: 'open', dir, create: false });
    expect(existing).toMatchObject({ ok: false, error: { code: 'NATIVE_MODULE' } });
    expect(existing.ok === false && existing.error.message).toContain('The catalogue was not touched');
    const missing = createCoreHost({ resourcesDir: null, nativeBinding: path.join(base, 'absent.node'), actor: null }, () => undefined);
    expect(await missing.handle({ kind: 'open', dir, create: false })).toMatchObject({ ok: false, error: { code: 'NATIVE_MODULE' } });
  });
});

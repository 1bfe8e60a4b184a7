import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { importBundle, type ImportOptions } from '../../electron/exchange/import-bundle.js';
import { trustKey } from '../../electron/exchange/keys.js';
import { cleanupTemp, tempDir, type TestCatalogue } from '../helpers.js';
import { emptyCatalogue } from './support.js';
import { canonicalJson, resign, testSigner, unpack, zipOf, type TestSigner } from './zip-craft.js';

/*
 * What a trusted partner can and cannot do: it speaks only for itself (its key's enterprise,
 * its own bundle ids), it updates only the entries it brought, and its revisions become
 * this catalogue's, numbered here.
 */

const B = { id: '01900000-0000-7000-8000-0000000000bb', name: 'B Exchange Office' };
const C = { id: '01900000-0000-7000-8000-0000000000cc', name: 'C Exchange Office' };
const signerB = testSigner();
const signerC = testSigner();

interface Rec {
  id: string;
  revision: number;
  state: Record<string, unknown>;
  updatedAt: string;
  history: { number: number; at: string; author: string | null; action: string; changed: string[]; snapshot: Record<string, unknown>; contentHash: string }[];
}

let material: Map<string, Buffer>;
let otherMaterial: Map<string, Buffer>;
const open: TestCatalogue[] = [];

beforeAll(async () => {
  const s = emptyCatalogue();
  open.push(s);
  const first = await s.client.call('entries.create', { kind: 'method', title: 'Two-stage decatising', tags: ['textiles/wool'] });
  await s.client.call('entries.update', { id: first.id, patch: { body: 'Steam, cool under pressure, steam again.' } });
  await s.client.call('entries.create', { kind: 'proposal', title: 'Pneumatic clamp' });
  const file = path.join(tempDir('ratio-own-'), 's.ratio');
  await s.client.call('exchange.export', { out: file, enterpriseName: 'Source Office' });
  material = await unpack(file);
  await s.client.call('entries.create', { kind: 'invention', title: 'Flame hardening' });
  const other = path.join(tempDir('ratio-own-'), 's2.ratio');
  await s.client.call('exchange.export', {
    out: other,
    ids: [s.catalogue.db.prepare("SELECT id FROM entries WHERE title = 'Flame hardening'").pluck().get() as string],
  });
  otherMaterial = await unpack(other);
});
afterEach(() => {
  for (const t of open.splice(1)) t.close();
});
afterAll(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

function target(): TestCatalogue {
  const t = emptyCatalogue();
  open.push(t);
  trustKey(t.catalogue, B.name, Buffer.from(signerB.publicKeyBase64, 'base64'), B.id);
  trustKey(t.catalogue, C.name, Buffer.from(signerC.publicKeyBase64, 'base64'), C.id);
  return t;
}

/** `files` as a bundle signed by `signer`, claiming to come from `producer`. */
function bundle(files: Map<string, Buffer>, signer: TestSigner, producer: { id: string; name: string }, edit?: (m: Record<string, unknown>) => void): string {
  const signed = resign(files, signer, (m) => {
    const p = m.producer as Record<string, unknown>;
    p.enterpriseId = producer.id;
    p.name = producer.name;
    edit?.(m);
  });
  const file = path.join(tempDir('ratio-own-'), `${crypto.randomBytes(4).toString('hex')}.ratio`);
  fs.writeFileSync(file, zipOf(signed));
  return file;
}

const recordNames = (files: Map<string, Buffer>): string[] => [...files.keys()].filter((n) => n.startsWith('entries/'));
const readRecord = (bytes: Buffer): Rec => JSON.parse(bytes.toString('utf8')) as Rec;
const hashOf = (snapshot: unknown): string => crypto.createHash('sha256').update(canonicalJson(snapshot)).digest('hex');

/** The record with one more revision that changes `patch`, as a partner that knows the current state would send. */
function withUpdate(record: Rec, patch: Record<string, unknown>, number = record.revision + 1): Rec {
  const snapshot = { ...record.state, ...patch };
  const history = [
    ...record.history,
    { number, at: '2031-01-01T00:00:00.000Z', author: 'Someone Else', action: 'update', changed: Object.keys(patch), snapshot, contentHash: hashOf(snapshot) },
  ];
  return { ...record, state: snapshot, revision: number, updatedAt: '2031-01-01T00:00:00.000Z', history };
}

/** The files of `from` with every record replaced by `change` of it (and nothing but the records named by `keep`, if given). */
function editRecords(from: Map<string, Buffer>, change: (r: Rec) => Rec, keep?: (r: Rec) => boolean): Map<string, Buffer> {
  const files = new Map(from);
  for (const name of recordNames(from)) {
    const record = readRecord(from.get(name) as Buffer);
    if (keep && !keep(record)) {
      files.delete(name);
      continue;
    }
    files.set(name, Buffer.from(canonicalJson(change(record))));
  }
  return files;
}

const counted = (m: Record<string, unknown>, files: Map<string, Buffer>): void => {
  (m.counts as { entries: number }).entries = recordNames(files).length;
};

async function run(t: TestCatalogue, file: string, options: Partial<ImportOptions> = {}) {
  return importBundle(t.catalogue, file, { dryRun: false, onConflict: 'keep-local', trust: false, actor: 'librarian', ...options });
}

async function refusal(promise: Promise<unknown>): Promise<RatioError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RatioError);
  return error as RatioError;
}

describe('a partner speaks only for itself', () => {
  it('refuses a bundle signed with B’s key that says it comes from someone else', async () => {
    const t = target();
    for (const claim of [C, { id: C.id, name: B.name }, { id: B.id, name: C.name }, { id: '01900000-0000-7000-8000-0000000000dd', name: 'Nobody Known' }]) {
      const error = await refusal(run(t, bundle(material, signerB, claim)));
      expect(error.code).toBe('BUNDLE_REFUSED');
      expect(error.message).toMatch(/registered for B Exchange Office/);
    }
    expect(t.catalogue.stats().entries).toBe(0);
    const honest = await run(t, bundle(material, signerB, B));
    expect(honest).toMatchObject({ signature: 'valid', producer: B.name, new: 2 });
  });

  it('records and shows the signer as registered here, not the name its manifest claims', async () => {
    const t = emptyCatalogue();
    open.push(t);
    trustKey(t.catalogue, 'Bee, as we call them', Buffer.from(signerB.publicKeyBase64, 'base64'), B.id);
    const report = await run(t, bundle(material, signerB, B));
    expect(report).toMatchObject({ producer: 'Bee, as we call them', producerId: B.id, claimedProducer: B.name });
    const entry = await t.client.call('entries.get', { id: report.entries[0]?.id ?? '' });
    expect(entry.provenance.map((p) => p.producer)).toEqual(['Bee, as we call them']);
    expect((await t.client.call('exchange.imports', {})).imports.map((i) => i.producer)).toEqual(['Bee, as we call them']);
  });

  it('keeps bundles apart that two producers gave the same id', async () => {
    const t = target();
    const id = '01900000-0000-7000-8000-00000000abcd';
    const fromC = await run(
      t,
      bundle(material, signerC, C, (m) => (m.bundleId = id)),
    );
    expect(fromC).toMatchObject({ new: 2, alreadyImported: false });
    const reused = bundle(otherMaterial, signerB, B, (m) => (m.bundleId = id));
    const fromB = await run(t, reused);
    expect(fromB).toMatchObject({ new: 1, alreadyImported: false, changed: true });
    const provenance = async (entryId: string) => (await t.client.call('entries.get', { id: entryId })).provenance.map((p) => `${p.bundleId} ${p.producer}`);
    expect(await provenance(fromB.entries[0]?.id ?? '')).toEqual([`${id} ${B.name}`]);
    expect(await provenance(fromC.entries[0]?.id ?? '')).toEqual([`${id} ${C.name}`]);
    expect(t.catalogue.db.prepare('SELECT producer_id FROM bundles WHERE producer_bundle_id = ? ORDER BY producer_name').pluck().all(id)).toEqual([B.id, C.id]);
    // Each producer's bundle, imported again, is recognised as its own.
    expect(await run(t, reused)).toMatchObject({ alreadyImported: true, changed: false });
  });
});

describe('a partner updates only what it brought', () => {
  it('turns an update to an entry made here into a conflict for the person to decide', async () => {
    const t = target();
    const local = await t.client.call('entries.create', { kind: 'method', title: 'Made here' });
    const out = path.join(tempDir('ratio-own-'), 'ours.ratio');
    await t.client.call('exchange.export', { out, enterpriseName: 'Our Office' });
    const ours = await unpack(out);
    const forged = bundle(
      editRecords(ours, (r) => withUpdate(r, { title: 'Taken over', status: 'rejected' })),
      signerB,
      B,
    );
    const report = await run(t, forged);
    expect(report.entries).toEqual([expect.objectContaining({ id: local.id, class: 'conflict', reason: 'not-theirs', resolution: 'keep-local' })]);
    expect(report).toMatchObject({ updated: 0, conflicts: 1, keptLocal: 1 });
    expect((await t.client.call('entries.get', { id: local.id })).title).toBe('Made here');
    // The person may still take it: then it is recorded as coming from B.
    const taken = await run(t, forged, { onConflict: 'take-incoming' });
    expect(taken).toMatchObject({ tookIncoming: 1 });
    expect((await t.client.call('entries.get', { id: local.id })).title).toBe('Taken over');
    const last = t.catalogue.db.prepare('SELECT action, author, source_id FROM revisions WHERE entry_id = ? ORDER BY number DESC LIMIT 1').get(local.id);
    expect(last).toEqual({ action: 'import', author: 'librarian', source_id: B.id });
  });

  it('turns B’s update to an entry that came from C into a conflict, while C may update it', async () => {
    const t = target();
    const first = await run(t, bundle(material, signerC, C));
    expect(first.new).toBe(2);
    const updated = editRecords(material, (r) => withUpdate(r, { summary: 'rewritten' }));
    const fromB = await run(t, bundle(updated, signerB, B));
    expect(fromB.entries.map((e) => [e.class, e.reason])).toEqual([
      ['conflict', 'not-theirs'],
      ['conflict', 'not-theirs'],
    ]);
    for (const e of first.entries) expect((await t.client.call('entries.get', { id: e.id })).summary).not.toBe('rewritten');
    const fromC = await run(t, bundle(updated, signerC, C));
    expect(fromC).toMatchObject({ updated: 2, conflicts: 0 });
    for (const e of first.entries) expect((await t.client.call('entries.get', { id: e.id })).summary).toBe('rewritten');
  });
});

describe('incoming revisions are this catalogue’s', () => {
  /** The record with two revisions, numbered 5 and 1,000,000 (the largest number a bundle may carry) by its producer. */
  const poisoned = (): Map<string, Buffer> =>
    editRecords(
      material,
      (r) => {
        const numbers = [5, 1_000_000];
        return { ...r, revision: 1_000_000, history: r.history.map((h, i) => ({ ...h, number: numbers[i] as number })) };
      },
      (r) => r.history.length === 2,
    );

  it('numbers them here, after the local ones, and keeps the producer’s account only as claimed', async () => {
    const t = target();
    const files = poisoned();
    const report = await run(
      t,
      bundle(files, signerB, B, (m) => counted(m, files)),
    );
    const id = report.entries[0]?.id ?? '';
    const rows = t.catalogue.db.prepare('SELECT number, action, author, source_id, claimed FROM revisions WHERE entry_id = ? ORDER BY number').all(id) as {
      number: number;
      action: string;
      author: string;
      source_id: string;
      claimed: string;
    }[];
    expect(rows.map((r) => [r.number, r.action, r.author, r.source_id])).toEqual([
      [1, 'import', 'librarian', B.id],
      [2, 'import', 'librarian', B.id],
    ]);
    expect(rows.map((r) => (JSON.parse(r.claimed) as { number: number }).number)).toEqual([5, 1_000_000]);
    expect((await t.client.call('entries.history', { id })).revisions.map((r) => [r.number, r.source, r.claimed?.number])).toEqual([
      [1, B.name, 5],
      [2, B.name, 1_000_000],
    ]);

    // An update B sends later is appended after the local revisions, whatever B numbers it.
    const next = editRecords(files, (r) =>
      withUpdate({ ...r, revision: 7, history: r.history.map((h, i) => ({ ...h, number: i + 6 })) }, { summary: 'later' }, 900),
    );
    expect(
      (
        await run(
          t,
          bundle(next, signerB, B, (m) => counted(m, next)),
        )
      ).updated,
    ).toBe(1);
    expect(t.catalogue.db.prepare('SELECT number FROM revisions WHERE entry_id = ? ORDER BY number').pluck().all(id)).toEqual([1, 2, 3]);
  });

  it('never lets a poisoned revision number block a later export', async () => {
    const t = target();
    const files = poisoned();
    const report = await run(
      t,
      bundle(files, signerB, B, (m) => counted(m, files)),
    );
    const id = report.entries[0]?.id ?? '';
    // A local edit, then an export: another catalogue reads it.
    await t.client.call('entries.update', { id, patch: { title: 'Edited here' } });
    const out = path.join(tempDir('ratio-own-'), 'onward.ratio');
    await t.client.call('exchange.export', { out, enterpriseName: 'Onward Office' });
    const u = emptyCatalogue();
    open.push(u);
    const onward = await u.client.call('exchange.import', { file: out, trust: true });
    expect(onward).toMatchObject({ new: 1 });
    expect((await u.client.call('entries.history', { id })).revisions.map((r) => r.number)).toEqual([1, 2, 3]);
  });
});

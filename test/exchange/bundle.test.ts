import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpCatalogue } from '../support/dump.js';
import { cleanupTemp, failure, type TestCatalogue } from '../helpers.js';
import { bundlePath, demoCatalogue, emptyCatalogue, stagingLeft } from './support.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});
const track = <T extends TestCatalogue>(t: T): T => {
  open.push(t);
  return t;
};

async function trustEachOther(a: TestCatalogue, b: TestCatalogue, nameA = 'Kulanovno Exchange Office', nameB = 'Troitsk Exchange Office'): Promise<void> {
  const ka = await a.client.call('exchange.keys', { enterpriseName: nameA });
  const kb = await b.client.call('exchange.keys', { enterpriseName: nameB });
  await b.client.call('exchange.trust', { source: ka.publicKey, enterprise: nameA });
  await a.client.call('exchange.trust', { source: kb.publicKey, enterprise: nameB });
}

describe('bundles', () => {
  it('round-trips the demo catalogue exactly and a second import changes nothing', async () => {
    const source = track(await demoCatalogue());
    const target = track(emptyCatalogue());
    const out = bundlePath();
    const exported = await source.client.call('exchange.export', { out });
    expect(exported.entries).toBe(52);
    expect(exported.attachments).toBeGreaterThan(0);

    // An unknown signer's bundle is described from its manifest alone; trusting it (without registering) shows the entries.
    const untrusted = await target.client.call('exchange.previewImport', { file: out });
    expect(untrusted).toMatchObject({
      signature: 'unknown-signer',
      entriesRead: false,
      new: 0,
      entries: [],
      dryRun: true,
      announced: { entries: 52, attachments: exported.attachments },
    });
    expect(untrusted.message).toMatch(/not registered here.*52 entries/);
    const preview = await target.client.call('exchange.previewImport', { file: out, trust: true });
    expect(preview).toMatchObject({ signature: 'unknown-signer', entriesRead: true, new: 52, dryRun: true });
    // The preview lists the incoming files by type with their sizes, each distinct file once.
    const files = source.catalogue.db
      .prepare(
        'SELECT a.media_type AS mediaType, count(*) AS count, sum(b.size) AS bytes FROM (SELECT DISTINCT sha256, media_type FROM entry_attachments) a JOIN blobs b ON b.sha256 = a.sha256 GROUP BY a.media_type',
      )
      .all() as { mediaType: string; count: number; bytes: number }[];
    expect(preview.attachmentTypes).toEqual(expect.arrayContaining(files));
    expect(preview.attachmentTypes).toHaveLength(files.length);
    expect(preview.attachmentTypes.map((r) => r.count).reduce((x, y) => x + y, 0)).toBe(exported.attachments);
    expect(untrusted.attachmentTypes).toEqual([]);
    expect(target.catalogue.db.prepare('SELECT count(*) FROM enterprises WHERE public_key IS NOT NULL').pluck().get()).toBe(0);
    await failure(target.client.call('exchange.import', { file: out }), 'BUNDLE_UNTRUSTED');
    expect(target.catalogue.stats().entries).toBe(0);

    const first = await target.client.call('exchange.import', { file: out, trust: true });
    expect(first).toMatchObject({ new: 52, identical: 0, updated: 0, conflicts: 0, changed: true, attachments: exported.attachments });
    expect(first.tagsCreated.length).toBeGreaterThan(0);
    expect(dumpCatalogue(target.catalogue)).toBe(dumpCatalogue(source.catalogue));
    // Each revision is this catalogue's: written by the import, its source the signer, the producer's account kept as claimed.
    const producer = target.catalogue.enterprises.find(exported.producer.name);
    const sourceRevisions = source.catalogue.db.prepare('SELECT entry_id, number, at, author, action FROM revisions ORDER BY entry_id, number').all() as {
      entry_id: string;
      number: number;
      at: string;
      author: string | null;
      action: string;
    }[];
    const targetRevisions = target.catalogue.db
      .prepare('SELECT entry_id, number, action, source_id, claimed FROM revisions ORDER BY entry_id, number')
      .all() as {
      entry_id: string;
      number: number;
      action: string;
      source_id: string;
      claimed: string;
    }[];
    expect(targetRevisions).toEqual(
      sourceRevisions.map((r) => ({
        entry_id: r.entry_id,
        number: r.number,
        action: 'import',
        source_id: producer,
        claimed: JSON.stringify({ action: r.action, at: r.at, author: r.author, number: r.number }),
      })),
    );

    const before = dumpCatalogue(target.catalogue, { bookkeeping: true });
    const second = await target.client.call('exchange.import', { file: out });
    expect(second).toMatchObject({ signature: 'valid', changed: false, alreadyImported: true, identical: 52, new: 0 });
    expect(second.message).toMatch(/already imported; nothing changed/);
    expect(dumpCatalogue(target.catalogue, { bookkeeping: true })).toBe(before);
    expect(stagingLeft(target)).toBe(false);

    const detail = await target.client.call('entries.get', { id: first.entries[0]?.id ?? '' });
    expect(detail.provenance).toEqual([expect.objectContaining({ bundleId: exported.bundle })]);
    const log = await target.client.call('exchange.imports', {});
    expect(log.imports).toHaveLength(1);
    expect(log.imports[0]?.counts).toMatchObject({ new: 52 });
  });

  it('classifies new, identical, newer, older and conflicting entries and resolves conflicts per entry', async () => {
    const a = track(emptyCatalogue());
    const b = track(emptyCatalogue());
    await trustEachOther(a, b);
    const mk = (title: string) => a.client.call('entries.create', { kind: 'method', title, tags: ['textiles/wool'] });
    const [same, newer, older, clash, keepBoth] = [await mk('Same'), await mk('Newer'), await mk('Older'), await mk('Clash'), await mk('Both')];
    const first = bundlePath('first.ratio');
    await a.client.call('exchange.export', { out: first });
    expect((await b.client.call('exchange.import', { file: first })).new).toBe(5);

    await a.client.call('entries.update', { id: newer.id, patch: { summary: 'changed at the producer' } });
    await b.client.call('entries.update', { id: older.id, patch: { summary: 'changed here only' } });
    await a.client.call('entries.update', { id: clash.id, patch: { summary: 'theirs' } });
    await b.client.call('entries.update', { id: clash.id, patch: { summary: 'ours' } });
    await a.client.call('entries.update', { id: keepBoth.id, patch: { body: 'theirs' } });
    await b.client.call('entries.update', { id: keepBoth.id, patch: { body: 'ours' } });
    const fresh = await mk('Fresh');
    const second = bundlePath('second.ratio');
    await a.client.call('exchange.export', { out: second });

    const preview = await b.client.call('exchange.previewImport', { file: second });
    const classOf = (id: string) => preview.entries.find((e) => e.id === id)?.class;
    expect([classOf(same.id), classOf(newer.id), classOf(older.id), classOf(clash.id), classOf(fresh.id)]).toEqual([
      'identical',
      'newer',
      'older',
      'conflict',
      'new',
    ]);

    const result = await b.client.call('exchange.import', { file: second, onConflict: 'take-incoming', resolutions: { [keepBoth.id]: 'keep-both' } });
    expect(result).toMatchObject({ new: 1, identical: 1, updated: 1, older: 1, conflicts: 2, tookIncoming: 1, keptBoth: 1 });
    expect((await b.client.call('entries.get', { id: newer.id })).summary).toBe('changed at the producer');
    expect((await b.client.call('entries.get', { id: older.id })).summary).toBe('changed here only');
    const clashed = await b.client.call('entries.get', { id: clash.id });
    expect(clashed.summary).toBe('theirs');
    const history = await b.client.call('entries.history', { id: clash.id });
    // The first revision arrived in a bundle, so it is this catalogue's 'import' (the producer's 'create' is what it claims).
    expect(history.revisions.map((r) => r.action)).toEqual(['import', 'update', 'import']);
    const both = await b.client.call('entries.get', { id: keepBoth.id });
    expect(both.body).toBe('ours');
    const variantLink = both.links.find((l) => l.type === 'related' && l.direction === 'incoming');
    expect(variantLink).toBeDefined();
    expect((await b.client.call('entries.get', { id: variantLink?.from ?? '' })).body).toBe('theirs');
    // The newer entry's history carries the producer's revision, numbered here after the local ones.
    expect((await b.client.call('entries.history', { id: newer.id })).revisions.map((r) => r.number)).toEqual([1, 2]);

    // Again: nothing changes, and the variant is recognised rather than duplicated.
    const again = await b.client.call('exchange.import', { file: second, onConflict: 'keep-both' });
    expect(again).toMatchObject({ changed: false, new: 0, conflicts: 0 });
    expect(b.catalogue.stats().entries).toBe(7);
  });

  it('maps incoming tags onto local tags by synonym and lists the tags it creates', async () => {
    const a = track(emptyCatalogue());
    const b = track(emptyCatalogue());
    await trustEachOther(a, b);
    await b.client.call('tags.create', { path: 'textiles/wool', synonyms: ['шерсть'] });
    await a.client.call('entries.create', { kind: 'method', title: 'Cloth', tags: ['шерсть', 'finishing/steam'] });
    const out = bundlePath();
    await a.client.call('exchange.export', { out });
    const r = await b.client.call('exchange.import', { file: out });
    expect(r.tagsCreated).toEqual(['finishing', 'finishing/steam']);
    const entry = await b.client.call('entries.get', { id: r.entries[0]?.id ?? '' });
    expect(entry.tags).toEqual(['finishing/steam', 'textiles/wool']);
    expect((await b.client.call('exchange.import', { file: out })).changed).toBe(false);
  });

  it('exports a delta of what changed since the last bundle sent to an enterprise', async () => {
    const a = track(emptyCatalogue());
    const b = track(emptyCatalogue());
    await trustEachOther(a, b);
    const one = await a.client.call('entries.create', { kind: 'method', title: 'One' });
    await a.client.call('entries.create', { kind: 'method', title: 'Two' });
    const full = await a.client.call('exchange.export', { out: bundlePath('1.ratio'), to: 'Troitsk Exchange Office', sinceLast: true });
    expect(full.entries).toBe(2);
    const none = await a.client.call('exchange.export', { out: bundlePath('2.ratio'), to: 'Troitsk Exchange Office', sinceLast: true });
    expect(none.entries).toBe(0);
    await a.client.call('entries.update', { id: one.id, patch: { title: 'One, revised' } });
    await a.client.call('entries.create', { kind: 'invention', title: 'Three' });
    const delta = await a.client.call('exchange.export', { out: bundlePath('3.ratio'), to: 'Troitsk Exchange Office', sinceLast: true });
    expect(delta.entries).toBe(2);
    expect(delta.recipient?.name).toBe('Troitsk Exchange Office');
    // Filters and explicit ids.
    expect((await a.client.call('exchange.export', { out: bundlePath('4.ratio'), kind: 'invention' })).entries).toBe(1);
    expect((await a.client.call('exchange.export', { out: bundlePath('5.ratio'), ids: [one.id] })).entries).toBe(1);
  });

  it('refuses a bundle signed with a key other than the one registered for its producer', async () => {
    const a = track(emptyCatalogue());
    const b = track(emptyCatalogue());
    await trustEachOther(a, b);
    await b.client.call('exchange.trust', { source: Buffer.alloc(32, 9).toString('base64'), enterprise: 'Kulanovno Exchange Office' }).catch(() => undefined);
    await a.client.call('entries.create', { kind: 'method', title: 'One' });
    const out = bundlePath();
    await a.client.call('exchange.export', { out });
    const message = await failure(b.client.call('exchange.import', { file: out }), 'BUNDLE_REFUSED');
    expect(message).toMatch(/not the key registered for Kulanovno Exchange Office/);
    expect(fs.existsSync(path.join(b.dir, '.staging'))).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { newId } from '../../electron/core/ids.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

async function entry(title: string): Promise<string> {
  return (await t.client.call('entries.create', { kind: 'invention', title })).id;
}

describe('ExchangeLedger', () => {
  it('finds a received bundle by its producer and the producer’s id, and lists what it brought', async () => {
    const { ledger, enterprises } = t.catalogue;
    const producer = enterprises.create({ name: 'Troitsk Worsted Mill', place: '', industry: '' }).id;
    const other = enterprises.create({ name: 'Kuntsevo Fine Cloth Mill', place: '', industry: '' }).id;
    const [b, a] = [await entry('Steam finishing'), await entry('A carding drum')];
    const bundleId = newId();
    ledger.recordBundle({
      id: bundleId,
      producerBundleId: bundleId,
      producerId: producer,
      producerName: 'Troitsk Worsted Mill',
      createdAt: '2026-01-01T00:00:00Z',
      receivedAt: '2026-01-02T00:00:00Z',
      counts: '{}',
    });
    for (const id of [b, a, a]) ledger.addProvenance(id, bundleId);

    expect(ledger.receivedBundle(producer, bundleId)).toBe(bundleId);
    expect(ledger.receivedBundle(other, bundleId)).toBeUndefined();
    expect(ledger.hasBundle(bundleId)).toBe(true);
    expect(ledger.hasProvenance(a, bundleId)).toBe(true);
    expect(ledger.entriesOfBundle(bundleId).map((e) => e.title)).toEqual(['A carding drum', 'Steam finishing']);
    expect(t.catalogue.relations.provenanceOf(a)).toEqual([{ bundleId, producer: 'Troitsk Worsted Mill', receivedAt: '2026-01-02T00:00:00Z' }]);
  });

  it('keeps the import log newest first, with its counts parsed', () => {
    const { ledger } = t.catalogue;
    const [first, second] = [newId(), newId()];
    ledger.recordImport({ id: first, bundleId: newId(), producerName: 'A', at: '2026-01-01T00:00:00Z', actor: null, signature: 'valid', counts: '{"new":2}' });
    ledger.recordImport({
      id: second,
      bundleId: newId(),
      producerName: 'B',
      at: '2026-01-03T00:00:00Z',
      actor: 'tester',
      signature: 'trusted-on-import',
      counts: '{"new":0}',
    });
    expect(ledger.importLog().map((r) => [r.id, r.producer, r.counts])).toEqual([
      [second, 'B', { new: 0 }],
      [first, 'A', { new: 2 }],
    ]);
  });

  it('registers, finds and revokes keys, and lists keyed partners first', () => {
    const { ledger, enterprises } = t.catalogue;
    const plain = enterprises.create({ name: 'Alpha Mill', place: '', industry: '' }).id;
    const keyed = enterprises.create({ name: 'Zeta Mill', place: '', industry: '' }).id;
    const key = Buffer.alloc(32, 7).toString('base64');
    ledger.setPublicKey(keyed, key, '2026-01-01T00:00:00Z');

    expect(ledger.keyHolder(key)).toEqual({ id: keyed, name: 'Zeta Mill' });
    expect(ledger.enterpriseByName('zeta mill')).toEqual({ id: keyed, name: 'Zeta Mill', public_key: key });
    expect(ledger.partners().map((p) => p.name)).toEqual(['Zeta Mill', 'Alpha Mill']);
    expect(ledger.revokeKey(plain, '2026-01-02T00:00:00Z')).toBe(false);
    expect(ledger.revokeKey(keyed, '2026-01-02T00:00:00Z')).toBe(true);
    expect(ledger.keyHolder(key)).toBeUndefined();
  });

  it('remembers what each recipient last received of each entry', async () => {
    const { ledger, enterprises } = t.catalogue;
    const recipient = enterprises.create({ name: 'Kuntsevo Fine Cloth Mill', place: '', industry: '' }).id;
    const id = await entry('Steam finishing');
    const send = (hash: string): void =>
      t.catalogue.transaction(() =>
        ledger.recordExport({
          id: newId(),
          recipientId: recipient,
          recipientName: 'Kuntsevo Fine Cloth Mill',
          createdAt: '2026-01-01T00:00:00Z',
          selection: '{}',
          counts: '{}',
          entries: [{ entryId: id, recordHash: hash }],
        }),
      );
    send('a'.repeat(64));
    send('b'.repeat(64));
    expect([...ledger.sentRecordHashes(recipient)]).toEqual([[id, 'b'.repeat(64)]]);
    expect(ledger.partners().find((p) => p.id === recipient)?.bundlesSent).toBe(2);
  });

  it('keeps an entry’s first origin, and the latest variant of an incoming id', async () => {
    const { ledger, enterprises } = t.catalogue;
    const [first, second] = ['Alpha Mill', 'Zeta Mill'].map((name) => enterprises.create({ name, place: '', industry: '' }).id);
    const id = await entry('Steam finishing');
    expect(ledger.originOf(id)).toBeUndefined();
    ledger.recordOrigin(id, first as string);
    ledger.recordOrigin(id, second as string);
    expect(ledger.originOf(id)).toBe(first);

    const incoming = newId();
    const [v1, v2] = [await entry('Copy one'), await entry('Copy two')];
    ledger.recordVariant(incoming, v1, '2026-01-01T00:00:00Z');
    ledger.recordVariant(incoming, v2, '2026-01-02T00:00:00Z');
    expect(ledger.variantOf(incoming)).toBe(v2);
  });
});

describe('RevisionRepository, as the one writer of revisions', () => {
  it('writes an imported revision with its source and claim, and reads its lineage back', async () => {
    const { revisionRepo, enterprises } = t.catalogue;
    const source = enterprises.create({ name: 'Troitsk Worsted Mill', place: '', industry: '' }).id;
    const id = await entry('Steam finishing');
    const first = revisionRepo.rowsOf(id)[0];
    revisionRepo.recordImported({
      entryId: id,
      number: 2,
      at: '2026-02-01T00:00:00Z',
      author: 'tester',
      changed: ['title'],
      canonical: { text: first?.snapshot ?? '', hash: 'c'.repeat(64) },
      sourceId: source,
      claimed: '{"action":"update","at":"2026-01-31T00:00:00Z","author":null,"number":7}',
    });
    expect(revisionRepo.lineageOf(id)).toEqual([
      { content_hash: first?.content_hash, action: 'create', changed: first?.changed, source_id: null },
      { content_hash: 'c'.repeat(64), action: 'import', changed: '["title"]', source_id: source },
    ]);
    expect(revisionRepo.firstAt(id)).toBe(first?.at);
    expect(revisionRepo.get(id, 2)).toMatchObject({ action: 'import', source: 'Troitsk Worsted Mill', claimed: { number: 7, action: 'update' } });
  });
});

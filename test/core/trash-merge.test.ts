import { describe, expect, it } from 'vitest';
import { dumpCatalogue } from '../support/dump.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('trash', () => {
  it('keeps a deleted entry whole: listed, readable, restored with its adoptions, effects, links and attachments', async () => {
    const id = await addEntry(t, { title: 'Steam decatising', body: 'Two stages.', tags: ['textiles/wool'], enterprise: 'Kulanovno' });
    const other = await addEntry(t, { title: 'Cloth press' });
    await t.client.call('attachments.add', { entryId: id, name: 'drawing.txt', contentBase64: b64('drawing') });
    await t.client.call('enterprises.create', { name: 'Troitsk' });
    await t.client.call('adoptions.add', {
      entryId: id,
      enterprise: 'Troitsk',
      date: '1960-02-01',
      note: 'Both shifts',
      effects: [{ indicator: 'Pieces returned', before: 4.1, after: 2.3, unit: '%', better: 'lower' }],
    });
    await t.client.call('links.add', { from: id, to: other, type: 'related' });
    await t.client.call('links.add', { from: other, to: id, type: 'supersedes' });
    const before = await t.client.call('entries.get', { id });

    await t.client.call('entries.delete', { id });
    expect(await failure(t.client.call('entries.get', { id }), 'NOT_FOUND')).toMatch(/in the trash/);
    const [item] = (await t.client.call('trash.list', {})).entries;
    expect(item).toMatchObject({ id, title: 'Steam decatising', enterprise: 'Kulanovno', tags: ['textiles/wool'], revision: 2 });
    const trashed = await t.client.call('trash.get', { id });
    expect(trashed).toMatchObject({ title: 'Steam decatising', body: 'Two stages.', attachments: [{ name: 'drawing.txt' }] });
    expect(trashed.adoptions).toEqual(before.adoptions);
    expect(trashed.links.map((l) => [l.type, l.direction, l.otherTitle]).sort()).toEqual([
      ['related', 'outgoing', 'Cloth press'],
      ['supersedes', 'incoming', 'Cloth press'],
    ]);

    const restored = await t.client.call('trash.restore', { id });
    expect(restored.revision).toBe(4);
    const after = await t.client.call('entries.get', { id });
    expect({ ...after, revision: 0, updatedAt: '' }).toEqual({ ...before, revision: 0, updatedAt: '' });
    expect((await t.client.call('trash.list', {})).total).toBe(0);
  });

  it('restores through entries.restore too, and pages the list newest first', async () => {
    const ids = [await addEntry(t, { title: 'A' }), await addEntry(t, { title: 'B' }), await addEntry(t, { title: 'C' })];
    await t.client.call('enterprises.create', { name: 'Kulanovno' });
    await t.client.call('adoptions.add', { entryId: ids[0] as string, enterprise: 'Kulanovno', date: '1960-01-01' });
    for (const id of ids) await t.client.call('entries.delete', { id });
    const page = await t.client.call('trash.list', { limit: 2 });
    expect(page.total).toBe(3);
    expect(page.entries.map((e) => e.title)).toEqual(['C', 'B']);
    expect((await t.client.call('trash.list', { limit: 2, offset: 2 })).entries.map((e) => e.title)).toEqual(['A']);
    await t.client.call('entries.restore', { id: ids[0] as string, number: 1 });
    expect((await t.client.call('entries.get', { id: ids[0] as string })).adoptions).toHaveLength(1);
  });
});

describe('merging duplicates', () => {
  it('moves tags, links, adoptions and attachments to the kept entry and trashes the other as its duplicate, in one undo step', async () => {
    const keep = await addEntry(t, { title: 'Steam decatising of worsted', tags: ['textiles/wool'] });
    const other = await addEntry(t, { title: 'Decatising worsted with steam', tags: ['textiles/wool', 'finishing'] });
    const third = await addEntry(t, { title: 'Cloth press' });
    await t.client.call('attachments.add', { entryId: keep, name: 'drawing.txt', contentBase64: b64('kept drawing') });
    await t.client.call('attachments.add', { entryId: other, name: 'drawing.txt', contentBase64: b64('other drawing') });
    await t.client.call('attachments.add', { entryId: other, name: 'same.txt', contentBase64: b64('kept drawing') });
    await t.client.call('enterprises.create', { name: 'Troitsk' });
    const adoption = await t.client.call('adoptions.add', { entryId: other, enterprise: 'Troitsk', date: '1960-02-01' });
    await t.client.call('links.add', { from: third, to: other, type: 'related' });
    await t.client.call('links.add', { from: other, to: keep, type: 'related' });
    const before = dumpCatalogue(t.catalogue);
    const keepRevisions = (await t.client.call('entries.history', { id: keep })).revisions.length;

    const merged = await t.client.call('entries.merge', { keep, other });
    expect(merged).toMatchObject({ trashed: other, tagsAdded: 1, attachmentsAdded: 1, adoptionsMoved: 1, linksMoved: 1 });
    const kept = await t.client.call('entries.get', { id: keep });
    expect(kept.tags).toEqual(['finishing', 'textiles/wool']);
    expect(kept.attachments.map((a) => a.name)).toEqual(['drawing.txt', 'drawing (2).txt']);
    expect(kept.adoptions.map((a) => a.id)).toEqual([adoption.id]);
    expect(kept.links.map((l) => [l.from, l.to, l.type])).toEqual([[third, keep, 'related']]);
    expect((await t.client.call('entries.history', { id: keep })).revisions).toHaveLength(keepRevisions + 1);
    expect((await t.client.call('entries.history', { id: other })).revisions.at(-1)?.action).toBe('delete');
    const [item] = (await t.client.call('trash.list', {})).entries;
    expect(item).toMatchObject({ id: other, mergedInto: { id: keep, title: 'Steam decatising of worsted' } });
    expect((await t.client.call('trash.get', { id: other })).links).toEqual([
      { from: other, to: keep, type: 'duplicate-of', otherTitle: 'Steam decatising of worsted', direction: 'outgoing' },
    ]);

    await t.client.call('entries.undo', { token: merged.undo });
    const strip = (dump: string) =>
      (JSON.parse(dump) as { entries: { history: unknown; revision: number; updatedAt: string }[] }).entries.map(
        ({ history: _h, revision: _r, updatedAt: _u, ...rest }) => rest,
      );
    expect(strip(dumpCatalogue(t.catalogue))).toEqual(strip(before));
  });

  it('never proposes a pair marked "not a duplicate" again; proposes pairs across languages by links and shared classification', async () => {
    const en = await addEntry(t, { title: 'Steam decatising of worsted cloth', language: 'en', classification: ['D06C 23/04'], tags: ['textiles/wool'] });
    const ru = await addEntry(t, { title: 'Декатировка камвольной ткани паром', language: 'ru', classification: ['D06C 23/04'], tags: ['textiles/wool'] });
    const zh = await addEntry(t, { title: '精纺呢绒蒸汽蒸呢', language: 'zh', classification: ['B24B 1/00'] });
    await t.client.call('links.add', { from: zh, to: en, type: 'related' });
    const { candidates } = await t.client.call('entries.duplicates', {});
    const pairs = candidates.map((c) => [[c.a.id, c.b.id].sort().join(' '), c.reason]);
    expect(pairs).toContainEqual([[en, ru].sort().join(' '), 'classification']);
    expect(pairs).toContainEqual([[en, zh].sort().join(' '), 'linked']);
    await t.client.call('entries.notDuplicate', { a: en, b: ru });
    const again = (await t.client.call('entries.duplicates', {})).candidates.map((c) => [c.a.id, c.b.id].sort().join(' '));
    expect(again).not.toContain([en, ru].sort().join(' '));
    expect(again).toContain([en, zh].sort().join(' '));
  });
});

describe('enterprises', () => {
  it('merges one into another: entries (with revisions), adoptions, bundles and keys; refuses two keys and our own', async () => {
    const id = await addEntry(t, { title: 'x', enterprise: 'Kulanovno Mill' });
    await t.client.call('enterprises.create', { name: 'Kulanovno Fine Wool Factory' });
    await t.client.call('adoptions.add', { entryId: id, enterprise: 'Kulanovno Mill', date: '1960-01-01' });
    const key = Buffer.alloc(32, 7).toString('base64');
    await t.client.call('exchange.trust', { source: key, enterprise: 'Kulanovno Mill' });
    const merged = await t.client.call('enterprises.merge', { from: 'Kulanovno Mill', into: 'Kulanovno Fine Wool Factory' });
    expect(merged).toMatchObject({ entries: 1, adoptions: 1, keyMoved: true });
    const entry = await t.client.call('entries.get', { id });
    expect(entry.enterprise?.name).toBe('Kulanovno Fine Wool Factory');
    expect(entry.adoptions[0]?.enterprise.name).toBe('Kulanovno Fine Wool Factory');
    expect((await t.client.call('entries.history', { id })).revisions.at(-1)?.changed).toEqual(['enterprise']);
    const list = (await t.client.call('enterprises.list', {})).enterprises;
    expect(list.map((e) => [e.name, e.publicKey])).toEqual([['Kulanovno Fine Wool Factory', key]]);

    await t.client.call('exchange.trust', { source: Buffer.alloc(32, 9).toString('base64'), enterprise: 'Troitsk' });
    expect(await failure(t.client.call('enterprises.merge', { from: 'Troitsk', into: 'Kulanovno Fine Wool Factory' }), 'CONFLICT')).toMatch(
      /both have a registered signing key/,
    );
    const own = await t.client.call('catalogue.setOwnEnterprise', { name: 'Glukhovo' });
    expect(await failure(t.client.call('enterprises.merge', { from: own.name, into: 'Troitsk' }), 'CONFLICT')).toMatch(/own enterprise/);
    expect((await t.client.call('enterprises.list', {})).enterprises.filter((e) => e.isSelf).map((e) => e.name)).toEqual(['Glukhovo']);
  });

  it('deletes only what nothing refers to, saying what does', async () => {
    const id = await addEntry(t, { title: 'x', enterprise: 'Kulanovno' });
    await t.client.call('adoptions.add', { entryId: id, enterprise: 'Kulanovno', date: '1960-01-01' });
    expect(await failure(t.client.call('enterprises.delete', { ref: 'Kulanovno' }), 'CONFLICT')).toBe(
      '"Kulanovno" cannot be deleted: 1 entry comes from it, 1 adoption names it. Merge it into another enterprise instead.',
    );
    await t.client.call('entries.update', { id, patch: { enterprise: null } });
    await t.client.call('entries.delete', { id });
    // The trashed entry's adoption would need it on restore.
    expect(await failure(t.client.call('enterprises.delete', { ref: 'Kulanovno' }), 'CONFLICT')).toMatch(/1 adoption of an entry in the trash names it/);
    await t.client.call('enterprises.create', { name: 'Typo' });
    await t.client.call('enterprises.delete', { ref: 'Typo' });
    const own = await t.client.call('catalogue.setOwnEnterprise', { name: 'Glukhovo' });
    expect(await failure(t.client.call('enterprises.delete', { ref: own.id }), 'CONFLICT')).toMatch(/own enterprise/);
  });

  it('names this catalogue’s enterprise: the placeholder of a first export is not a name; a partner with a key cannot be us', async () => {
    expect((await t.client.call('catalogue.info', {})).ownEnterprise).toBeNull();
    const keys = await t.client.call('exchange.keys', {});
    expect((await t.client.call('catalogue.info', {})).ownEnterprise).toEqual({ id: keys.enterprise.id, name: keys.enterprise.name, named: false });
    const named = await t.client.call('catalogue.setOwnEnterprise', { name: 'Kulanovno Fine Wool Factory' });
    expect(named).toEqual({ id: keys.enterprise.id, name: 'Kulanovno Fine Wool Factory', named: true });
    await t.client.call('exchange.trust', { source: Buffer.alloc(32, 3).toString('base64'), enterprise: 'Troitsk' });
    expect(await failure(t.client.call('catalogue.setOwnEnterprise', { name: 'troitsk' }), 'CONFLICT')).toMatch(/already exists/);
  });

  it('adopts an enterprise the entries already name as ours when it has no key', async () => {
    await addEntry(t, { title: 'x', enterprise: 'Kulanovno' });
    const own = await t.client.call('catalogue.setOwnEnterprise', { name: 'kulanovno' });
    expect(own).toMatchObject({ name: 'Kulanovno', named: true });
    expect((await t.client.call('enterprises.list', {})).enterprises).toHaveLength(1);
  });
});

describe('tags', () => {
  it('refuses to delete a tag entries carry, with a count; untagEntries gives each entry a revision', async () => {
    const a = await addEntry(t, { title: 'a', tags: ['textiles/wool'] });
    await addEntry(t, { title: 'b', tags: ['textiles'] });
    expect(await failure(t.client.call('tags.delete', { path: 'textiles' }), 'CONFLICT')).toMatch(/on 2 entries/);
    await t.client.call('tags.create', { path: 'empty' });
    expect(await t.client.call('tags.delete', { path: 'empty' })).toEqual({ entriesUntagged: 0 });
    expect(await t.client.call('tags.delete', { path: 'textiles', untagEntries: true })).toEqual({ entriesUntagged: 2 });
    const history = (await t.client.call('entries.history', { id: a })).revisions;
    expect(history.at(-1)?.changed).toEqual(['tags']);
    expect((await t.client.call('tags.list', {})).tags).toEqual([]);
  });
});

describe('adoptions and their effects', () => {
  it('edits an adoption; the dashboard signs a change by which way is better, in percentage points for percentages', async () => {
    const id = await addEntry(t, { title: 'Steam decatising' });
    await t.client.call('enterprises.create', { name: 'Troitsk' });
    const adoption = await t.client.call('adoptions.add', { entryId: id, enterprise: 'Troitsk', date: '1960-02-01' });
    await t.client.call('enterprises.create', { name: 'Glukhovo' });
    await t.client.call('adoptions.update', {
      id: adoption.id,
      enterprise: 'Glukhovo',
      date: '1960-03-01',
      effects: [
        { indicator: 'Pieces returned', before: 4.1, after: 2.3, unit: '%', period: 'first month', better: 'lower' },
        { indicator: 'Output', before: 310, after: 365, unit: 't per shift', better: 'higher' },
        { indicator: 'Noise', before: 80, after: 85, unit: 'dB' },
      ],
    });
    const [updated] = (await t.client.call('entries.get', { id })).adoptions;
    expect(updated).toMatchObject({ enterprise: { name: 'Glukhovo' }, date: '1960-03-01', note: '' });
    const effects = (await t.client.call('catalogue.dashboard', {})).effects;
    expect(effects.map((e) => [e.indicator, e.change, e.improvement, e.percentagePoints, e.better])).toEqual([
      ['Pieces returned', -1.8, 1.8, true, 'lower'],
      ['Output', 55, 55, false, 'higher'],
      ['Noise', 5, null, false, null],
    ]);
  });
});

describe('creating an entry with its attachments', () => {
  it('is one revision (a new entry with two attachments opens at revision 1)', async () => {
    const entry = await t.client.call('entries.create', {
      kind: 'method',
      title: 'Steam decatising',
      attachments: [
        { name: 'drawing.txt', contentBase64: b64('drawing') },
        { name: 'photo.png', mediaType: 'image/png', contentBase64: b64('png') },
      ],
    });
    expect(entry.revision).toBe(1);
    expect(entry.attachments.map((a) => [a.name, a.mediaType, a.size])).toEqual([
      ['drawing.txt', 'text/plain', 7],
      ['photo.png', 'image/png', 3],
    ]);
    const { revisions } = await t.client.call('entries.history', { id: entry.id });
    expect(revisions).toHaveLength(1);
    expect((await t.client.call('entries.revision', { id: entry.id, number: 1 })).snapshot.attachments).toEqual(entry.attachments);
    const bad = (attachments: unknown) => t.client.call('entries.create', { kind: 'method', title: 'x', attachments } as never);
    expect(await failure(bad([{ name: 'a/b.txt', contentBase64: 'eA==' }]), 'INVALID_INPUT')).toMatch(/path/);
    expect(
      await failure(
        bad([
          { name: 'a.txt', contentBase64: 'eA==' },
          { name: 'a.txt', contentBase64: 'eA==' },
        ]),
        'INVALID_INPUT',
      ),
    ).toMatch(/same name/);
    expect(await failure(bad([{ name: 'a.txt', contentBase64: '***' }]), 'INVALID_INPUT')).toMatch(/base64/);
  });
});

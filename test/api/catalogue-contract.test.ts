import { describe, expect, it } from 'vitest';
import type { Entry } from '../../shared/schemas/entry.js';
import { catalogueOperations } from '../../shared/contract/catalogue.js';
import type { RequestOf } from '../../shared/contract/index.js';
import { searchOperations } from '../../shared/contract/search.js';

/** The catalogue and search operations; exchange has its own suite (test/exchange/). */
type CatalogueOperation = keyof typeof catalogueOperations | keyof typeof searchOperations;
const CATALOGUE_OPERATIONS = [...Object.keys(catalogueOperations), ...Object.keys(searchOperations)] as CatalogueOperation[];
import { failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const method: Required<Omit<RequestOf<'entries.create'>, 'id' | 'createdAt' | 'attachments'>> = {
  kind: 'method',
  title: 'Finishing thick woollen cloth',
  summary: 'Two-stage steam decatising.',
  body: '# Steps\n\n1. Steam.\n2. Press.',
  status: 'implemented',
  language: 'en',
  enterprise: 'Kulanovno Fine Wool Factory',
  registration: 'RP-1959-0142',
  authors: ['A. Petrov'],
  tags: ['textiles/wool', 'finishing'],
  classification: ['d06c23/04'],
};

async function createEntry(overrides: Partial<typeof method> = {}) {
  return t.client.call('entries.create', { ...method, ...overrides });
}

/** Every operation of the contract, with its happy path and at least one bad input. */
const cases: Record<CatalogueOperation, { happy: () => Promise<void>; bad: () => Promise<void> }> = {
  'catalogue.info': {
    happy: async () => {
      await createEntry();
      const info = await t.client.call('catalogue.info', {});
      expect(info.entries).toBe(1);
      expect(info.path).toBe(t.dir);
    },
    bad: async () => {
      await failure(t.client.call('catalogue.info', { extra: 1 } as never), 'INVALID_INPUT');
    },
  },
  'catalogue.stats': {
    happy: async () => {
      await createEntry();
      const s = await t.client.call('catalogue.stats', {});
      expect(s).toMatchObject({ entries: 1, enterprises: 1, revisions: 1, byKind: [{ key: 'method', count: 1 }] });
    },
    bad: async () => {
      await failure(t.client.call('catalogue.stats', null as never), 'INVALID_INPUT').catch(() => undefined);
      await failure(t.client.call('catalogue.stats', 'x' as never), 'INVALID_INPUT');
    },
  },
  'catalogue.loadDemo': {
    happy: async () => {
      const first = await t.client.call('catalogue.loadDemo', {});
      expect(first.entriesAdded).toBeGreaterThanOrEqual(40);
      expect(first.conceptsAdded).toBeGreaterThanOrEqual(150);
      const second = await t.client.call('catalogue.loadDemo', {});
      expect(second).toEqual({ entriesAdded: 0, enterprisesAdded: 0, adoptionsAdded: 0, linksAdded: 0, attachmentsAdded: 0, conceptsAdded: 0 });
    },
    bad: async () => {
      await failure(t.client.call('catalogue.loadDemo', { force: true } as never), 'INVALID_INPUT');
    },
  },
  'catalogue.dashboard': {
    happy: async () => {
      const e = await createEntry({ title: 'Thick cloth finishing' });
      await t.client.call('enterprises.create', { name: 'Troitsk Fine Wool Factory' });
      await t.client.call('adoptions.add', {
        entryId: e.id,
        enterprise: 'Troitsk Fine Wool Factory',
        date: '1960-02-01',
        effects: [{ indicator: 'First-grade output', before: 82.4, after: 88, unit: '%' }],
      });
      const d = await t.client.call('catalogue.dashboard', {});
      expect(d.perYear).toEqual([{ year: new Date().getUTCFullYear(), kind: 'method', count: 1 }]);
      expect(d.effects).toMatchObject([{ title: 'Thick cloth finishing', enterprise: 'Troitsk Fine Wool Factory', before: 82.4, after: 88 }]);
      expect(d.network).toEqual([{ from: 'Kulanovno Fine Wool Factory', to: 'Troitsk Fine Wool Factory', entries: 1, via: 'adoption' }]);
    },
    bad: async () => {
      await failure(t.client.call('catalogue.dashboard', { year: 1960 } as never), 'INVALID_INPUT');
    },
  },
  'entries.duplicates': {
    happy: async () => {
      const a = await createEntry({ title: 'Finishing of thick woollen cloth' });
      const b = await createEntry({ title: 'Finishing thick woollen cloth' });
      await createEntry({ title: 'Roof support for thin coal seams' });
      const { candidates } = await t.client.call('entries.duplicates', {});
      expect(candidates).toHaveLength(1);
      expect([candidates[0]?.a.id, candidates[0]?.b.id].sort()).toEqual([a.id, b.id].sort());
      await t.client.call('links.add', { from: b.id, to: a.id, type: 'duplicate-of' });
      expect((await t.client.call('entries.duplicates', {})).candidates).toEqual([]);
    },
    bad: async () => {
      await failure(t.client.call('entries.duplicates', { threshold: 2 }), 'INVALID_INPUT');
    },
  },
  'entries.create': {
    happy: async () => {
      const e = await createEntry();
      expect(e.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      expect(e.classification).toEqual(['D06C 23/04']);
      expect(e.tags).toEqual(['finishing', 'textiles/wool']);
      expect(e.enterprise?.name).toBe('Kulanovno Fine Wool Factory');
      expect(e.revision).toBe(1);
    },
    bad: async () => {
      expect(await failure(createEntry({ title: '   ' }), 'INVALID_INPUT')).toMatch(/title/i);
      expect(await failure(createEntry({ kind: 'idea' as never }), 'INVALID_INPUT')).toMatch(/proposal, invention, method/);
      expect(await failure(createEntry({ classification: ['not a code'] }), 'INVALID_INPUT')).toMatch(/classification code/);
      expect(await failure(createEntry({ tags: ['a//b'] }), 'INVALID_INPUT')).toMatch(/tag path/);
      await failure(t.client.call('entries.create', { ...method, colour: 'red' } as never), 'INVALID_INPUT');
      const e = await createEntry();
      await failure(t.client.call('entries.create', { ...method, id: e.id }), 'CONFLICT');
    },
  },
  'entries.get': {
    happy: async () => {
      const e = await createEntry();
      const d = await t.client.call('entries.get', { id: e.id });
      expect(d).toMatchObject({ id: e.id, adoptions: [], links: [], provenance: [] });
    },
    bad: async () => {
      await failure(t.client.call('entries.get', { id: 'nope' }), 'INVALID_INPUT');
      await failure(t.client.call('entries.get', { id: '01900000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    },
  },
  'entries.update': {
    happy: async () => {
      const e = await createEntry();
      const u = await t.client.call('entries.update', { id: e.id, patch: { status: 'archived', title: 'New title' }, expectedRevision: 1 });
      expect(u).toMatchObject({ status: 'archived', title: 'New title', revision: 2 });
      const same = await t.client.call('entries.update', { id: e.id, patch: { status: 'archived' } });
      expect(same.revision).toBe(2);
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('entries.update', { id: e.id, patch: {} }), 'INVALID_INPUT');
      await failure(t.client.call('entries.update', { id: e.id, patch: { status: 'lost' as never } }), 'INVALID_INPUT');
      await failure(t.client.call('entries.update', { id: e.id, patch: { title: 'x' }, expectedRevision: 7 }), 'CONFLICT');
      await failure(t.client.call('entries.update', { id: '01900000-0000-7000-8000-000000000000', patch: { title: 'x' } }), 'NOT_FOUND');
    },
  },
  'entries.delete': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('entries.delete', { id: e.id });
      await failure(t.client.call('entries.get', { id: e.id }), 'NOT_FOUND');
      const history = await t.client.call('entries.history', { id: e.id });
      expect(history.revisions.map((r) => r.action)).toEqual(['create', 'delete']);
    },
    bad: async () => {
      await failure(t.client.call('entries.delete', { id: '01900000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    },
  },
  'entries.list': {
    happy: async () => {
      await createEntry();
      await createEntry({ kind: 'invention', title: 'Roof support', tags: ['mining/roof-support'], enterprise: 'Stalino Coal Combine' });
      const all = await t.client.call('entries.list', {});
      expect(all.total).toBe(2);
      expect((await t.client.call('entries.list', { kind: 'invention' })).entries.map((e) => e.title)).toEqual(['Roof support']);
      expect((await t.client.call('entries.list', { tag: 'textiles' })).entries.map((e) => e.title)).toEqual([method.title]);
      expect((await t.client.call('entries.list', { tag: 'wool' })).total).toBe(1);
      expect((await t.client.call('entries.list', { enterprise: 'stalino coal combine' })).total).toBe(1);
      expect((await t.client.call('entries.list', { status: 'draft' })).total).toBe(0);
      expect((await t.client.call('entries.list', { limit: 1 })).entries).toHaveLength(1);
    },
    bad: async () => {
      await failure(t.client.call('entries.list', { kind: 'x' as never }), 'INVALID_INPUT');
      await failure(t.client.call('entries.list', { tag: 'no-such-tag' }), 'NOT_FOUND');
      await failure(t.client.call('entries.list', { limit: 0 }), 'INVALID_INPUT');
    },
  },
  'entries.resolveId': {
    happy: async () => {
      const e = await createEntry();
      expect((await t.client.call('entries.resolveId', { prefix: e.id.slice(0, 13) })).id).toBe(e.id);
    },
    bad: async () => {
      await failure(t.client.call('entries.resolveId', { prefix: 'ab' }), 'INVALID_INPUT');
      await failure(t.client.call('entries.resolveId', { prefix: 'ffffffff' }), 'NOT_FOUND');
      const a = await createEntry();
      await createEntry();
      // UUIDv7 ids made within the same minute share their first 8 characters (the clock).
      expect(await failure(t.client.call('entries.resolveId', { prefix: a.id.slice(0, 8) }), 'INVALID_INPUT')).toMatch(/more than one/i);
    },
  },
  'entries.tag': {
    happy: async () => {
      const e = await createEntry();
      const tagged = await t.client.call('entries.tag', { id: e.id, add: ['methods/steam'], remove: ['finishing'] });
      expect(tagged.tags).toEqual(['methods/steam', 'textiles/wool']);
      expect(tagged.revision).toBe(2);
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('entries.tag', { id: e.id, remove: ['not-there'] }), 'NOT_FOUND');
      await failure(t.client.call('entries.tag', { id: e.id, add: ['/'] }), 'INVALID_INPUT');
    },
  },
  'entries.history': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('entries.update', { id: e.id, patch: { summary: 'changed' } });
      const h = await t.client.call('entries.history', { id: e.id });
      expect(h.revisions.map((r) => [r.number, r.action, r.author])).toEqual([
        [1, 'create', 'tester'],
        [2, 'update', 'tester'],
      ]);
      expect(h.revisions[1]?.changed).toEqual(['summary']);
    },
    bad: async () => {
      await failure(t.client.call('entries.history', { id: '01900000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    },
  },
  'entries.revision': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('entries.update', { id: e.id, patch: { summary: 'changed' } });
      expect((await t.client.call('entries.revision', { id: e.id, number: 1 })).snapshot.summary).toBe(method.summary);
      expect((await t.client.call('entries.revision', { id: e.id, number: 2 })).snapshot.summary).toBe('changed');
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('entries.revision', { id: e.id, number: 9 }), 'NOT_FOUND');
      await failure(t.client.call('entries.revision', { id: e.id, number: 0 }), 'INVALID_INPUT');
    },
  },
  'entries.restore': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('entries.update', { id: e.id, patch: { title: 'Wrong', tags: ['other'] } });
      const restored = await t.client.call('entries.restore', { id: e.id, number: 1 });
      expect(restored).toMatchObject({ title: method.title, tags: e.tags, revision: 3 });
      await t.client.call('entries.delete', { id: e.id });
      const revived = await t.client.call('entries.restore', { id: e.id, number: 2 });
      expect(revived).toMatchObject({ id: e.id, title: 'Wrong', revision: 5 });
    },
    bad: async () => {
      const e = await createEntry();
      await t.client.call('entries.delete', { id: e.id });
      await failure(t.client.call('entries.restore', { id: e.id, number: 2 }), 'INVALID_INPUT');
      await failure(t.client.call('entries.restore', { id: e.id, number: 3 }), 'NOT_FOUND');
    },
  },
  'tags.list': {
    happy: async () => {
      await createEntry();
      const { tags } = await t.client.call('tags.list', {});
      expect(tags.map((x) => [x.path, x.count, x.totalCount])).toEqual([
        ['finishing', 1, 1],
        ['textiles', 0, 1],
        ['textiles/wool', 1, 1],
      ]);
    },
    bad: async () => {
      await failure(t.client.call('tags.list', { depth: 2 } as never), 'INVALID_INPUT');
    },
  },
  'tags.create': {
    happy: async () => {
      const tag = await t.client.call('tags.create', { path: 'mining/ventilation', synonyms: ['вентиляция', '通风'] });
      expect(tag).toMatchObject({ path: 'mining/ventilation', synonyms: ['вентиляция', '通风'] });
    },
    bad: async () => {
      await t.client.call('tags.create', { path: 'mining' });
      await failure(t.client.call('tags.create', { path: 'Mining' }), 'CONFLICT');
      await failure(t.client.call('tags.create', { path: '' }), 'INVALID_INPUT');
    },
  },
  'tags.rename': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('tags.rename', { from: 'textiles/wool', to: 'textiles/fine-wool' });
      expect((await t.client.call('entries.get', { id: e.id })).tags).toEqual(['finishing', 'textiles/fine-wool']);
      const moved = await t.client.call('tags.rename', { from: 'finishing', to: 'processes/finishing' });
      expect(moved.path).toBe('processes/finishing');
      expect((await t.client.call('entries.get', { id: e.id })).tags).toEqual(['processes/finishing', 'textiles/fine-wool']);
    },
    bad: async () => {
      await createEntry();
      await failure(t.client.call('tags.rename', { from: 'nope', to: 'x' }), 'NOT_FOUND');
      await failure(t.client.call('tags.rename', { from: 'finishing', to: 'textiles/wool' }), 'CONFLICT');
      await failure(t.client.call('tags.rename', { from: 'textiles', to: 'textiles/wool/textiles' }), 'INVALID_INPUT');
    },
  },
  'tags.merge': {
    happy: async () => {
      const a = await createEntry({ tags: ['wool-finishing'] });
      const b = await createEntry({ tags: ['finishing', 'wool-finishing'] });
      const result = await t.client.call('tags.merge', { from: 'wool-finishing', into: 'finishing' });
      expect(result.into.synonyms).toContain('wool-finishing');
      expect((await t.client.call('entries.get', { id: a.id })).tags).toEqual(['finishing']);
      expect((await t.client.call('entries.get', { id: b.id })).tags).toEqual(['finishing']);
      // The old name still finds the tag, as a synonym.
      expect((await t.client.call('entries.list', { tag: 'wool-finishing' })).total).toBe(2);
    },
    bad: async () => {
      await createEntry();
      await failure(t.client.call('tags.merge', { from: 'finishing', into: 'finishing' }), 'INVALID_INPUT');
      await failure(t.client.call('tags.merge', { from: 'textiles', into: 'textiles/wool' }), 'INVALID_INPUT');
      await failure(t.client.call('tags.merge', { from: 'nope', into: 'finishing' }), 'NOT_FOUND');
    },
  },
  'tags.setSynonyms': {
    happy: async () => {
      await createEntry();
      const tag = await t.client.call('tags.setSynonyms', { path: 'textiles/wool', synonyms: ['шерсть', '呢绒'] });
      expect(tag.synonyms.sort()).toEqual(['шерсть', '呢绒'].sort());
      expect((await t.client.call('entries.list', { tag: 'шерсть' })).total).toBe(1);
    },
    bad: async () => {
      await createEntry();
      await failure(t.client.call('tags.setSynonyms', { path: 'textiles/wool', synonyms: ['a/b'] }), 'INVALID_INPUT');
    },
  },
  'tags.delete': {
    happy: async () => {
      const e = await createEntry();
      expect((await t.client.call('tags.delete', { path: 'textiles', untagEntries: true })).entriesUntagged).toBe(1);
      expect((await t.client.call('entries.get', { id: e.id })).tags).toEqual(['finishing']);
    },
    bad: async () => {
      await failure(t.client.call('tags.delete', { path: 'nope' }), 'NOT_FOUND');
    },
  },
  'enterprises.list': {
    happy: async () => {
      await createEntry();
      const { enterprises } = await t.client.call('enterprises.list', {});
      expect(enterprises).toMatchObject([{ name: 'Kulanovno Fine Wool Factory', entryCount: 1 }]);
    },
    bad: async () => {
      await failure(t.client.call('enterprises.list', { all: true } as never), 'INVALID_INPUT');
    },
  },
  'enterprises.create': {
    happy: async () => {
      const e = await t.client.call('enterprises.create', {
        name: 'Troitsk Fine Wool Factory',
        place: 'Troitsk, Moscow region',
        industry: 'fine-wool textiles',
      });
      expect(e).toMatchObject({ name: 'Troitsk Fine Wool Factory', place: 'Troitsk, Moscow region', entryCount: 0, publicKey: null });
    },
    bad: async () => {
      await t.client.call('enterprises.create', { name: 'Troitsk' });
      await failure(t.client.call('enterprises.create', { name: 'TROITSK' }), 'CONFLICT');
      await failure(t.client.call('enterprises.create', { name: '' }), 'INVALID_INPUT');
    },
  },
  'enterprises.update': {
    happy: async () => {
      await t.client.call('enterprises.create', { name: 'Troitsk' });
      const e = await t.client.call('enterprises.update', { ref: 'troitsk', name: 'Troitsk Fine Wool Factory', industry: 'wool' });
      expect(e).toMatchObject({ name: 'Troitsk Fine Wool Factory', industry: 'wool' });
    },
    bad: async () => {
      await t.client.call('enterprises.create', { name: 'A' });
      await t.client.call('enterprises.create', { name: 'B' });
      await failure(t.client.call('enterprises.update', { ref: 'A', name: 'b' }), 'CONFLICT');
      await failure(t.client.call('enterprises.update', { ref: 'C', name: 'D' }), 'NOT_FOUND');
    },
  },
  'adoptions.add': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('enterprises.create', { name: 'Troitsk Fine Wool Factory' });
      const a = await t.client.call('adoptions.add', {
        entryId: e.id,
        enterprise: 'Troitsk Fine Wool Factory',
        date: '1960-02-01',
        effects: [{ indicator: 'First-grade output', before: 82.4, after: 88, unit: '%', period: 'first month' }],
      });
      expect(a.effects[0]).toMatchObject({ indicator: 'First-grade output', before: 82.4, after: 88, note: '' });
      expect((await t.client.call('entries.get', { id: e.id })).adoptions).toHaveLength(1);
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('adoptions.add', { entryId: e.id, enterprise: 'Nobody', date: '1960-02-01' }), 'NOT_FOUND');
      await failure(t.client.call('adoptions.add', { entryId: e.id, enterprise: 'Kulanovno Fine Wool Factory', date: '1960-02-30' }), 'INVALID_INPUT');
      await failure(
        t.client.call('adoptions.add', {
          entryId: e.id,
          enterprise: 'Kulanovno Fine Wool Factory',
          date: '1960-02-01',
          effects: [{ indicator: 'x', before: Number.NaN }],
        }),
        'INVALID_INPUT',
      );
    },
  },
  'adoptions.remove': {
    happy: async () => {
      const e = await createEntry();
      const a = await t.client.call('adoptions.add', { entryId: e.id, enterprise: 'Kulanovno Fine Wool Factory', date: '1960-02-01' });
      await t.client.call('adoptions.remove', { id: a.id });
      expect((await t.client.call('entries.get', { id: e.id })).adoptions).toEqual([]);
    },
    bad: async () => {
      await failure(t.client.call('adoptions.remove', { id: '01900000-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    },
  },
  'links.add': {
    happy: async () => {
      const a = await createEntry();
      const b = await createEntry({ title: 'Improved finishing' });
      await t.client.call('links.add', { from: b.id, to: a.id, type: 'supersedes' });
      const links = (await t.client.call('entries.get', { id: a.id })).links;
      expect(links).toEqual([{ from: b.id, to: a.id, type: 'supersedes', otherTitle: 'Improved finishing', direction: 'incoming' }]);
    },
    bad: async () => {
      const a = await createEntry();
      await failure(t.client.call('links.add', { from: a.id, to: a.id, type: 'related' }), 'INVALID_INPUT');
      await failure(t.client.call('links.add', { from: a.id, to: '01900000-0000-7000-8000-000000000000', type: 'related' }), 'NOT_FOUND');
      await failure(t.client.call('links.add', { from: a.id, to: a.id, type: 'cousin' as never }), 'INVALID_INPUT');
    },
  },
  'links.remove': {
    happy: async () => {
      const a = await createEntry();
      const b = await createEntry();
      await t.client.call('links.add', { from: a.id, to: b.id, type: 'related' });
      await t.client.call('links.remove', { from: a.id, to: b.id, type: 'related' });
      expect((await t.client.call('entries.get', { id: a.id })).links).toEqual([]);
    },
    bad: async () => {
      const a = await createEntry();
      const b = await createEntry();
      await failure(t.client.call('links.remove', { from: a.id, to: b.id, type: 'related' }), 'NOT_FOUND');
    },
  },
  'attachments.add': {
    happy: async () => {
      const e = await createEntry();
      const content = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
      const updated = await t.client.call('attachments.add', { entryId: e.id, name: 'press.svg', contentBase64: content.toString('base64') });
      const [a] = updated.attachments;
      expect(a).toMatchObject({ name: 'press.svg', mediaType: 'image/svg+xml', size: content.length });
      expect(t.catalogue.blobs.read(a!.sha256).equals(content)).toBe(true);
      expect(updated.revision).toBe(2);
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('attachments.add', { entryId: e.id, name: '../evil', contentBase64: 'AA==' }), 'INVALID_INPUT');
      await failure(t.client.call('attachments.add', { entryId: e.id, name: 'x.bin', contentBase64: '***' }), 'INVALID_INPUT');
      await failure(t.client.call('attachments.add', { entryId: '01900000-0000-7000-8000-000000000000', name: 'x.bin', contentBase64: 'AA==' }), 'NOT_FOUND');
    },
  },
  'attachments.remove': {
    happy: async () => {
      const e = await createEntry();
      await t.client.call('attachments.add', { entryId: e.id, name: 'a.txt', contentBase64: Buffer.from('a').toString('base64') });
      const removed = await t.client.call('attachments.remove', { entryId: e.id, name: 'a.txt' });
      expect(removed.attachments).toEqual([]);
      // The earlier revision still restores the attachment: blobs are kept.
      const restored = await t.client.call('entries.restore', { id: e.id, number: 2 });
      expect(restored.attachments.map((a) => a.name)).toEqual(['a.txt']);
    },
    bad: async () => {
      const e = await createEntry();
      await failure(t.client.call('attachments.remove', { entryId: e.id, name: 'none.txt' }), 'NOT_FOUND');
    },
  },
  // Search: the cases here only cover the contract; test/search/ covers behaviour.
  'search.query': {
    happy: async () => {
      const e = await createEntry();
      const result = await t.client.call('search.query', { query: 'finishing', filters: { kind: ['method'] } });
      expect(result.hits.map((h) => h.id)).toEqual([e.id]);
    },
    bad: async () => {
      await failure(t.client.call('search.query', { query: 'title:' }), 'INVALID_INPUT');
      await failure(t.client.call('search.query', { query: 'x', filters: { tags: ['no-such-tag'] } }), 'NOT_FOUND');
    },
  },
  'search.facets': {
    happy: async () => {
      const method = await createEntry();
      await createEntry({ kind: 'proposal', title: 'Finishing cloth by hand' });
      const all = await t.client.call('search.facets', { query: 'finishing' });
      expect(all.total).toBe(2);
      expect(all.facets.kind.map((k) => [k.key, k.count]).sort()).toEqual([
        ['method', 1],
        ['proposal', 1],
      ]);
      const methods = await t.client.call('search.facets', { query: 'finishing', filters: { kind: ['method'] } });
      expect(methods.total).toBe(1);
      const page = await t.client.call('search.query', { query: 'finishing', filters: { kind: ['method'] } });
      expect(page.hits.map((h) => h.id)).toEqual([method.id]);
      expect(page.facets).toEqual(methods.facets);
    },
    bad: async () => {
      await failure(t.client.call('search.facets', { query: 'x', filters: { yearFrom: 2000, yearTo: 1990 } }), 'INVALID_INPUT');
      await failure(t.client.call('search.facets', { query: 'x', filters: { tags: ['no-such-tag'] } }), 'NOT_FOUND');
      await failure(t.client.call('search.facets', { query: 'x', limit: 5 } as never), 'INVALID_INPUT');
    },
  },
  'search.similar': {
    happy: async () => {
      const e = await createEntry();
      const twin = await createEntry({ title: 'Finishing thick woollen cloth again' });
      await createEntry({ title: 'Casting bronze bells', summary: 'Molten bronze.', body: 'Pour.', tags: [], classification: [] });
      const { hits } = await t.client.call('search.similar', { id: e.id });
      expect(hits[0]?.id).toBe(twin.id);
      expect(hits.map((h) => h.id)).not.toContain(e.id);
    },
    bad: async () => {
      await failure(t.client.call('search.similar', { id: '0190f3a1-0000-7000-8000-000000000000' }), 'NOT_FOUND');
    },
  },
  'catalogue.reindex': {
    happy: async () => {
      await createEntry();
      expect(await t.client.call('catalogue.reindex', {})).toMatchObject({ entries: 1 });
    },
    bad: async () => {
      await failure(t.client.call('catalogue.reindex', { all: true } as never), 'INVALID_INPUT');
    },
  },
};

describe('every service operation', () => {
  it('has cases for every catalogue and search operation', () => {
    expect(Object.keys(cases).sort()).toEqual([...CATALOGUE_OPERATIONS].sort());
  });
  for (const op of CATALOGUE_OPERATIONS) {
    it(`${op}: happy path`, () => cases[op].happy());
    it(`${op}: bad input gets a typed error`, () => cases[op].bad());
  }
});

describe('revisions', () => {
  it('records one revision per change, with what changed, and nothing for a no-op', async () => {
    const e = await createEntry();
    await t.client.call('entries.update', { id: e.id, patch: { title: 'A' } });
    await t.client.call('entries.update', { id: e.id, patch: { title: 'A' } });
    await t.client.call('entries.tag', { id: e.id, add: ['new-tag'] });
    await t.client.call('attachments.add', { entryId: e.id, name: 'x.txt', contentBase64: 'eA==' });
    const { revisions } = await t.client.call('entries.history', { id: e.id });
    expect(revisions.map((r) => r.changed)).toEqual([expect.any(Array), ['title'], ['tags'], ['attachments']]);
  });

  it('restores every revision exactly', async () => {
    const e = await createEntry();
    const { adoptions: _a, links: _l, provenance: _p, variantOf: _v, variants: _vs, ...first } = await t.client.call('entries.get', { id: e.id });
    const states: Entry[] = [first];
    const update = async (patch: RequestOf<'entries.update'>['patch']): Promise<Entry> => {
      const { undo: _u, ...entry } = await t.client.call('entries.update', { id: e.id, patch });
      return entry;
    };
    states.push(await update({ body: 'Body two', authors: ['B. Ivanov', 'C. Li'] }));
    states.push(await update({ classification: ['D06C 7/02'], enterprise: null }));
    const comparable = (x: Entry) => ({ ...x, revision: 0, updatedAt: '' });
    for (const [i, state] of states.entries()) {
      const restored = await t.client.call('entries.restore', { id: e.id, number: i + 1 });
      expect(comparable(restored)).toEqual(comparable(state));
    }
  });

  it('rolls the whole change back when part of it fails', async () => {
    const e = await createEntry();
    t.catalogue.db.exec("CREATE TRIGGER boom BEFORE INSERT ON revisions WHEN NEW.number = 2 BEGIN SELECT RAISE(ABORT, 'injected'); END");
    await expect(t.client.call('entries.update', { id: e.id, patch: { title: 'Never', tags: ['never-tag'] } })).rejects.toThrow();
    const after = await t.client.call('entries.get', { id: e.id });
    expect(after.title).toBe(method.title);
    expect((await t.client.call('tags.list', {})).tags.map((x) => x.path)).not.toContain('never-tag');
  });
});

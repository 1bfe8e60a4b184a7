import { describe, expect, it } from 'vitest';
import { curationOperations } from '../../shared/contract/curation.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Op = keyof typeof curationOperations;

/** Every curation operation, with its happy path and at least one bad input (mostly the boundary's refusals). */
const cases: Record<Op, { happy: () => Promise<void>; bad: () => Promise<void> }> = {
  'entries.bulk': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Steam decatising', status: 'draft' });
      const preview = await t.client.call('entries.bulk', { selection: { by: 'ids', ids: [a] }, changes: { status: 'accepted' }, dryRun: true });
      expect(preview).toMatchObject({ dryRun: true, selected: 1, changed: 1, undo: null, revisions: 0 });
      expect((await t.client.call('entries.get', { id: a })).status).toBe('draft');
    },
    bad: async () => {
      await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids: [] }, changes: { status: 'accepted' } }), 'INVALID_INPUT');
      const a = await addEntry(t, { title: 'x' });
      expect(await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids: [a] }, changes: {} }), 'INVALID_INPUT')).toMatch(/at least one change/);
      expect(
        await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids: [a] }, changes: { trash: true, status: 'accepted' } }), 'INVALID_INPUT'),
      ).toMatch(/trash cannot be combined/);
      expect(
        await failure(t.client.call('entries.bulk', { selection: { by: 'everything' } as never, changes: { status: 'accepted' } }), 'INVALID_INPUT'),
      ).toMatch(/ids|search|savedSearch/);
    },
  },
  'entries.undo': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Steam decatising', status: 'draft' });
      const { undo } = await t.client.call('entries.update', { id: a, patch: { status: 'accepted' } });
      const undone = await t.client.call('entries.undo', { token: undo as string });
      expect(undone).toMatchObject({ kind: 'update', entries: 1 });
      expect((await t.client.call('entries.get', { id: a })).status).toBe('draft');
    },
    bad: async () => {
      await failure(t.client.call('entries.undo', { token: 'nope' }), 'INVALID_INPUT');
      await failure(t.client.call('entries.undo', { token: '01890a5d-ac96-774b-bcce-b302099a8057' }), 'NOT_FOUND');
    },
  },
  'entries.merge': {
    happy: async () => {
      const keep = await addEntry(t, { title: 'Steam decatising', tags: ['a'] });
      const other = await addEntry(t, { title: 'Steam decatising (copy)', tags: ['b'] });
      const merged = await t.client.call('entries.merge', { keep, other });
      expect(merged).toMatchObject({ trashed: other, tagsAdded: 1 });
      expect((await t.client.call('entries.get', { id: keep })).tags).toEqual(['a', 'b']);
    },
    bad: async () => {
      const a = await addEntry(t, { title: 'x' });
      expect(await failure(t.client.call('entries.merge', { keep: a, other: a }), 'INVALID_INPUT')).toMatch(/itself/);
      await failure(t.client.call('entries.merge', { keep: a, other: '01890a5d-ac96-774b-bcce-b302099a8057' }), 'NOT_FOUND');
    },
  },
  'entries.notDuplicate': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Steam decatising of cloth' });
      const b = await addEntry(t, { title: 'Steam decatising of cloth' });
      expect((await t.client.call('entries.duplicates', {})).candidates).toHaveLength(1);
      await t.client.call('entries.notDuplicate', { a: b, b: a });
      expect((await t.client.call('entries.duplicates', {})).candidates).toHaveLength(0);
    },
    bad: async () => {
      const a = await addEntry(t, { title: 'x' });
      await failure(t.client.call('entries.notDuplicate', { a, b: a }), 'INVALID_INPUT');
      await failure(t.client.call('entries.notDuplicate', { a, b: '01890a5d-ac96-774b-bcce-b302099a8057' }), 'NOT_FOUND');
    },
  },
  'trash.list': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Gone' });
      await t.client.call('entries.delete', { id: a });
      const list = await t.client.call('trash.list', {});
      expect(list.total).toBe(1);
      expect(list.entries[0]).toMatchObject({ id: a, title: 'Gone', deletedBy: 'tester', revision: 1, mergedInto: null });
    },
    bad: async () => {
      await failure(t.client.call('trash.list', { limit: 0 }), 'INVALID_INPUT');
    },
  },
  'trash.get': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Gone', body: 'Body' });
      await t.client.call('entries.delete', { id: a });
      expect(await t.client.call('trash.get', { id: a })).toMatchObject({ id: a, title: 'Gone', body: 'Body', revision: 1 });
    },
    bad: async () => {
      const a = await addEntry(t, { title: 'Here' });
      await failure(t.client.call('trash.get', { id: a }), 'NOT_FOUND');
    },
  },
  'trash.restore': {
    happy: async () => {
      const a = await addEntry(t, { title: 'Gone' });
      await t.client.call('entries.delete', { id: a });
      expect((await t.client.call('trash.restore', { id: a })).title).toBe('Gone');
      expect((await t.client.call('trash.list', {})).total).toBe(0);
    },
    bad: async () => {
      const a = await addEntry(t, { title: 'Here' });
      await failure(t.client.call('trash.restore', { id: a }), 'CONFLICT');
      await failure(t.client.call('trash.restore', { id: '01890a5d-ac96-774b-bcce-b302099a8057' }), 'NOT_FOUND');
    },
  },
  'savedSearches.list': {
    happy: async () => {
      await t.client.call('savedSearches.create', { name: 'Wool', query: 'wool' });
      expect((await t.client.call('savedSearches.list', {})).searches.map((s) => s.name)).toEqual(['Wool']);
    },
    bad: async () => {
      await failure(t.client.call('savedSearches.list', { x: 1 } as never), 'INVALID_INPUT');
    },
  },
  'savedSearches.create': {
    happy: async () => {
      await addEntry(t, { title: 'x', tags: ['textiles/wool'] });
      const saved = await t.client.call('savedSearches.create', { name: 'Wool', query: 'wool', filters: { tags: ['textiles/wool'] }, sort: 'newest' });
      expect(saved).toMatchObject({ name: 'Wool', query: 'wool', filters: { tags: ['textiles/wool'] }, sort: 'newest' });
    },
    bad: async () => {
      await failure(t.client.call('savedSearches.create', { name: ' ' }), 'INVALID_INPUT');
      expect(await failure(t.client.call('savedSearches.create', { name: 'x', filters: { tags: ['nothing'] } }), 'NOT_FOUND')).toMatch(/nothing/);
      await t.client.call('savedSearches.create', { name: 'Wool' });
      expect(await failure(t.client.call('savedSearches.create', { name: 'wool' }), 'CONFLICT')).toMatch(/already exists/);
    },
  },
  'savedSearches.update': {
    happy: async () => {
      const saved = await t.client.call('savedSearches.create', { name: 'Wool', query: 'wool' });
      expect(await t.client.call('savedSearches.update', { id: saved.id, name: 'Fine wool', sort: 'title' })).toMatchObject({
        name: 'Fine wool',
        query: 'wool',
        sort: 'title',
      });
    },
    bad: async () => {
      await failure(t.client.call('savedSearches.update', { id: '01890a5d-ac96-774b-bcce-b302099a8057', name: 'x' }), 'NOT_FOUND');
      const saved = await t.client.call('savedSearches.create', { name: 'Wool' });
      await failure(t.client.call('savedSearches.update', { id: saved.id, sort: 'best' as never }), 'INVALID_INPUT');
    },
  },
  'savedSearches.delete': {
    happy: async () => {
      const saved = await t.client.call('savedSearches.create', { name: 'Wool' });
      await t.client.call('savedSearches.delete', { id: saved.id });
      expect((await t.client.call('savedSearches.list', {})).searches).toEqual([]);
    },
    bad: async () => {
      await failure(t.client.call('savedSearches.delete', { id: '01890a5d-ac96-774b-bcce-b302099a8057' }), 'NOT_FOUND');
    },
  },
  'enterprises.merge': {
    happy: async () => {
      const a = await addEntry(t, { title: 'x', enterprise: 'Kulanovno Mill' });
      await t.client.call('enterprises.create', { name: 'Kulanovno Fine Wool Factory' });
      const result = await t.client.call('enterprises.merge', { from: 'Kulanovno Mill', into: 'Kulanovno Fine Wool Factory' });
      expect(result).toMatchObject({ entries: 1, keyMoved: false });
      expect((await t.client.call('entries.get', { id: a })).enterprise?.name).toBe('Kulanovno Fine Wool Factory');
    },
    bad: async () => {
      await t.client.call('enterprises.create', { name: 'A' });
      expect(await failure(t.client.call('enterprises.merge', { from: 'A', into: 'A' }), 'INVALID_INPUT')).toMatch(/itself/);
      await failure(t.client.call('enterprises.merge', { from: 'A', into: 'Nowhere' }), 'NOT_FOUND');
    },
  },
  'enterprises.delete': {
    happy: async () => {
      await t.client.call('enterprises.create', { name: 'Typo Mill' });
      await t.client.call('enterprises.delete', { ref: 'typo mill' });
      expect((await t.client.call('enterprises.list', {})).enterprises).toEqual([]);
    },
    bad: async () => {
      await addEntry(t, { title: 'x', enterprise: 'Kulanovno' });
      expect(await failure(t.client.call('enterprises.delete', { ref: 'Kulanovno' }), 'CONFLICT')).toMatch(/1 entry comes from it/);
      await failure(t.client.call('enterprises.delete', { ref: 'Nowhere' }), 'NOT_FOUND');
    },
  },
  'catalogue.setOwnEnterprise': {
    happy: async () => {
      const own = await t.client.call('catalogue.setOwnEnterprise', { name: 'Kulanovno Fine Wool Factory' });
      expect(own).toMatchObject({ name: 'Kulanovno Fine Wool Factory', named: true });
      expect((await t.client.call('catalogue.info', {})).ownEnterprise).toEqual(own);
    },
    bad: async () => {
      await failure(t.client.call('catalogue.setOwnEnterprise', { name: '' }), 'INVALID_INPUT');
    },
  },
  'tags.move': {
    happy: async () => {
      await addEntry(t, { title: 'x', tags: ['wool', 'textiles'] });
      const moved = await t.client.call('tags.move', { path: 'wool', parent: 'textiles' });
      expect(moved).toMatchObject({ path: 'textiles/wool', totalCount: 1 });
      expect((await t.client.call('tags.move', { path: 'textiles/wool', parent: null })).path).toBe('wool');
    },
    bad: async () => {
      await t.client.call('tags.create', { path: 'textiles/wool/fine' });
      expect(await failure(t.client.call('tags.move', { path: 'textiles', parent: 'textiles/wool/fine' }), 'INVALID_INPUT')).toMatch(/below it/);
      expect(await failure(t.client.call('tags.move', { path: 'textiles', parent: 'textiles' }), 'INVALID_INPUT')).toMatch(/below it/);
      await failure(t.client.call('tags.move', { path: 'textiles', parent: 'nothing' }), 'NOT_FOUND');
    },
  },
  'adoptions.update': {
    happy: async () => {
      const a = await addEntry(t, { title: 'x' });
      await t.client.call('enterprises.create', { name: 'Troitsk' });
      const adoption = await t.client.call('adoptions.add', { entryId: a, enterprise: 'Troitsk', date: '1960-02-01' });
      const updated = await t.client.call('adoptions.update', {
        id: adoption.id,
        note: 'Second shift too',
        effects: [{ indicator: 'Pieces returned', before: 4.1, after: 2.3, unit: '%', better: 'lower' }],
      });
      expect(updated).toMatchObject({ note: 'Second shift too', date: '1960-02-01', effects: [{ indicator: 'Pieces returned', better: 'lower' }] });
    },
    bad: async () => {
      await failure(t.client.call('adoptions.update', { id: '01890a5d-ac96-774b-bcce-b302099a8057', note: 'x' }), 'NOT_FOUND');
      const a = await addEntry(t, { title: 'x' });
      await t.client.call('enterprises.create', { name: 'Troitsk' });
      const adoption = await t.client.call('adoptions.add', { entryId: a, enterprise: 'Troitsk', date: '1960-02-01' });
      expect(await failure(t.client.call('adoptions.update', { id: adoption.id }), 'INVALID_INPUT')).toMatch(/at least one/);
      await failure(t.client.call('adoptions.update', { id: adoption.id, effects: [{ indicator: 'x', better: 'sideways' as never }] }), 'INVALID_INPUT');
      await failure(t.client.call('adoptions.update', { id: adoption.id, date: '1960-02-30' }), 'INVALID_INPUT');
      await failure(t.client.call('adoptions.update', { id: adoption.id, enterprise: 'Nowhere' }), 'NOT_FOUND');
    },
  },
};

describe('every curation operation', () => {
  it('has cases for every curation operation of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(curationOperations).sort());
  });
  for (const op of Object.keys(cases) as Op[]) {
    it(`${op}: happy path`, () => cases[op].happy());
    it(`${op}: bad input gets a typed error`, () => cases[op].bad());
  }
});

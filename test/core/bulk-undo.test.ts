import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import type { ProgressEvent } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { dumpCatalogue } from '../support/dump.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

/** The catalogue's content without histories: what an undo brings back (history only grows). */
function content(): unknown {
  const dump = JSON.parse(dumpCatalogue(t.catalogue)) as { entries: { history: unknown; revision: number; updatedAt: string }[]; deleted: unknown };
  return {
    ...dump,
    deleted: undefined,
    entries: dump.entries.map(({ history: _h, revision: _r, updatedAt: _u, ...rest }) => rest),
  };
}

async function twelve(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    ids.push(
      await addEntry(t, {
        title: `Wool finishing ${i}`,
        status: i < 4 ? 'accepted' : 'draft',
        tags: i % 2 === 0 ? ['textiles/wool'] : ['mining'],
        enterprise: i < 6 ? 'Kulanovno' : null,
      }),
    );
  }
  return ids;
}

describe('bulk curation', () => {
  it('previews exactly: per change how many entries and which, leaving out those already in that state', async () => {
    const ids = await twelve();
    const before = content();
    const preview = await t.client.call('entries.bulk', {
      selection: { by: 'ids', ids },
      changes: { addTags: ['textiles/wool', 'checked'], removeTags: ['mining'], status: 'accepted', enterprise: 'Troitsk' },
      dryRun: true,
    });
    const byChange = Object.fromEntries(preview.changes.map((c) => [`${c.change} ${c.value ?? ''}`, c]));
    expect(byChange['addTag textiles/wool']?.ids).toEqual(ids.filter((_, i) => i % 2 === 1));
    expect(byChange['addTag checked']?.count).toBe(12);
    expect(byChange['removeTag mining']?.ids).toEqual(ids.filter((_, i) => i % 2 === 1));
    expect(byChange['status accepted']?.ids).toEqual(ids.slice(4));
    expect(byChange['enterprise Troitsk']?.count).toBe(12);
    expect(preview).toMatchObject({ dryRun: true, selected: 12, changed: 12, newTags: ['checked'], newEnterprise: 'Troitsk', revisions: 0, undo: null });
    expect(preview.sample).toHaveLength(12);
    expect(content()).toEqual(before);
  });

  it('applies as one transaction, one revision per changed entry, one undo step that restores every entry', async () => {
    const ids = await twelve();
    const before = content();
    const events: ProgressEvent[] = [];
    const client = createLocalClient(createHandlers(t.catalogue, { resourcesDir: findResourcesDir, progress: (e) => events.push(e) }), {
      validateResponses: true,
    });
    const result = await client.call('entries.bulk', {
      selection: { by: 'search', query: 'wool', filters: { tags: ['textiles'] } },
      changes: { addTags: ['checked'], status: 'implemented', enterprise: 'Troitsk' },
    });
    expect(result).toMatchObject({ dryRun: false, selected: 6, changed: 6, revisions: 6 });
    expect(events.at(-1)).toMatchObject({ done: 6, total: 6 });
    for (const [i, id] of ids.entries()) {
      const entry = await t.client.call('entries.get', { id });
      const history = (await t.client.call('entries.history', { id })).revisions;
      if (i % 2 === 0) {
        expect(entry).toMatchObject({ status: 'implemented', tags: ['checked', 'textiles/wool'], enterprise: { name: 'Troitsk' } });
        expect(history.at(-1)?.changed.sort()).toEqual(['enterprise', 'status', 'tags']);
      } else {
        expect(history).toHaveLength(1);
      }
    }
    const undone = await t.client.call('entries.undo', { token: result.undo as string });
    expect(undone).toMatchObject({ kind: 'bulk', entries: 6 });
    expect(undone.label).toMatch(/on 6 entries/);
    // Every entry as it was; the tag and the enterprise the action made are gone again; history grew.
    expect(content()).toEqual(before);
    expect((await t.client.call('entries.history', { id: ids[0] as string })).revisions.map((r) => r.action)).toEqual(['create', 'update', 'restore']);
    expect(await failure(t.client.call('entries.undo', { token: result.undo as string }), 'CONFLICT')).toMatch(/already undone/);
  });

  it('refuses an undo, changing nothing, when an entry changed after the action', async () => {
    const ids = await twelve();
    const result = await t.client.call('entries.bulk', { selection: { by: 'ids', ids }, changes: { status: 'rejected' } });
    await t.client.call('entries.update', { id: ids[5] as string, patch: { title: 'Edited since' } });
    const middle = content();
    expect(await failure(t.client.call('entries.undo', { token: result.undo as string }), 'CONFLICT')).toMatch(
      /"Edited since".*changed after it.*nothing was undone/,
    );
    expect(content()).toEqual(middle);
  });

  it('rolls the whole action back when one entry cannot be written', async () => {
    const ids = await twelve();
    const before = content();
    t.catalogue.db.exec(`CREATE TRIGGER refuse BEFORE UPDATE ON entries WHEN NEW.id = '${ids[9] as string}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    await expect(t.client.call('entries.bulk', { selection: { by: 'ids', ids }, changes: { status: 'archived' } })).rejects.toThrow(/refused/);
    t.catalogue.db.exec('DROP TRIGGER refuse');
    expect(content()).toEqual(before);
    expect((await t.client.call('entries.history', { id: ids[0] as string })).revisions).toHaveLength(1);
  });

  it('moves a selection to the trash, and its undo brings the entries back with their adoptions and links', async () => {
    const ids = await twelve();
    await t.client.call('adoptions.add', {
      entryId: ids[0] as string,
      enterprise: 'Kulanovno',
      date: '1960-01-01',
      effects: [{ indicator: 'Returns', before: 4, after: 2, unit: '%', better: 'lower' }],
    });
    await t.client.call('links.add', { from: ids[0] as string, to: ids[1] as string, type: 'related' });
    const before = content();
    const result = await t.client.call('entries.bulk', { selection: { by: 'ids', ids: ids.slice(0, 3) }, changes: { trash: true } });
    expect(result.changes).toEqual([{ change: 'trash', value: null, count: 3, ids: ids.slice(0, 3) }]);
    expect((await t.client.call('trash.list', {})).total).toBe(3);
    expect((await t.client.call('search.query', { query: 'wool' })).total).toBe(9);
    await t.client.call('entries.undo', { token: result.undo as string });
    expect(content()).toEqual(before);
    expect((await t.client.call('trash.list', {})).total).toBe(0);
    expect((await t.client.call('search.query', { query: 'wool' })).total).toBe(12);
  });

  it('links a selection as duplicates of one entry, counting only links not there yet', async () => {
    const ids = await twelve();
    const original = ids[0] as string;
    await t.client.call('links.add', { from: ids[1] as string, to: original, type: 'duplicate-of' });
    const result = await t.client.call('entries.bulk', { selection: { by: 'ids', ids: ids.slice(0, 4) }, changes: { linkDuplicatesOf: original } });
    expect(result.changes[0]).toMatchObject({ change: 'linkDuplicate', value: original, count: 2, ids: ids.slice(2, 4) });
    expect(result.revisions).toBe(0);
    expect((await t.client.call('entries.get', { id: original })).links.filter((l) => l.type === 'duplicate-of')).toHaveLength(3);
    await t.client.call('entries.undo', { token: result.undo as string });
    expect((await t.client.call('entries.get', { id: original })).links.map((l) => l.from)).toEqual([ids[1]]);
  });

  it('covers a saved search, and refuses what it cannot do with one clear sentence', async () => {
    const ids = await twelve();
    const saved = await t.client.call('savedSearches.create', { name: 'Drafts', filters: { status: ['draft'] } });
    const preview = await t.client.call('entries.bulk', { selection: { by: 'savedSearch', id: saved.id }, changes: { status: 'submitted' }, dryRun: true });
    expect(preview.selected).toBe(8);
    expect(
      await failure(
        t.client.call('entries.bulk', { selection: { by: 'ids', ids }, changes: { addTags: ['mining'], removeTags: ['mining'] } }),
        'INVALID_INPUT',
      ),
    ).toMatch(/both added and removed/);
    expect(await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids }, changes: { removeTags: ['nothing'] } }), 'NOT_FOUND')).toMatch(
      /nothing/,
    );
    await t.client.call('entries.delete', { id: ids[3] as string });
    expect(await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids }, changes: { status: 'accepted' } }), 'NOT_FOUND')).toMatch(
      /nothing was changed/,
    );
    expect(
      await failure(t.client.call('entries.bulk', { selection: { by: 'ids', ids: [ids[0] as string] }, changes: { linkDuplicatesOf: ids[3] } }), 'NOT_FOUND'),
    ).toMatch(/link the duplicates to/);
  });
});

describe('undo of single curation actions', () => {
  it('undoes a status change, a tag change and a delete', async () => {
    const id = await addEntry(t, { title: 'Steam decatising', tags: ['wool'] });
    const before = content();
    const status = await t.client.call('entries.update', { id, patch: { status: 'accepted' } });
    await t.client.call('entries.undo', { token: status.undo as string });
    expect(content()).toEqual(before);
    const tagged = await t.client.call('entries.tag', { id, add: ['new/tag'], remove: ['wool'] });
    expect(await t.client.call('entries.undo', { token: tagged.undo as string })).toMatchObject({ kind: 'tag', entries: 1 });
    expect(content()).toEqual(before);
    const deleted = await t.client.call('entries.delete', { id });
    expect(await t.client.call('entries.undo', { token: deleted.undo })).toMatchObject({ kind: 'delete', entries: 1 });
    expect(content()).toEqual(before);
    expect((await t.client.call('entries.update', { id, patch: { status: 'draft' } })).undo).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { RatioError, type ErrorDetail } from '../../shared/errors.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

/** The translatable detail a refusal carries, so an interface can say it in its own language. */
async function detailOf(promise: Promise<unknown>): Promise<ErrorDetail | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RatioError) return error.detail;
    throw error;
  }
  throw new Error('The call succeeded.');
}

describe('curation refusals carry details the interface translates', () => {
  it('says what still uses an enterprise, as counts, and names the own enterprise', async () => {
    await addEntry(t, { title: 'Steam decatising', enterprise: 'Kulanovno' });
    const id = await addEntry(t, { title: 'Cloth press', enterprise: 'Kulanovno' });
    await t.client.call('adoptions.add', { entryId: id, enterprise: 'Kulanovno', date: '1960-02-01' });
    expect(await detailOf(t.client.call('enterprises.delete', { ref: 'Kulanovno' }))).toEqual({
      key: 'core.enterpriseInUse',
      params: { name: 'Kulanovno', entries: 2, adoptions: 1, trashedAdoptions: 0, received: 0, sent: 0, key: 0 },
    });
    const own = await t.client.call('catalogue.setOwnEnterprise', { name: 'Troitsk Works' });
    expect(await detailOf(t.client.call('enterprises.delete', { ref: own.id }))).toEqual({ key: 'core.enterpriseIsOwn', params: { name: 'Troitsk Works' } });
    expect(await detailOf(t.client.call('enterprises.merge', { from: own.id, into: 'Kulanovno' }))).toEqual({
      key: 'core.enterpriseOwnMerge',
      params: { from: 'Troitsk Works', into: 'Kulanovno' },
    });
  });

  it('says why a tag cannot be deleted or moved', async () => {
    await addEntry(t, { title: 'Steam decatising', tags: ['textiles/wool/fine'] });
    await t.client.call('tags.create', { path: 'textiles/fine' });
    expect(await detailOf(t.client.call('tags.delete', { path: 'textiles' }))).toEqual({ key: 'core.tagInUse', params: { tag: 'textiles', entries: 1 } });
    expect(await detailOf(t.client.call('tags.move', { path: 'textiles', parent: 'textiles/wool' }))).toEqual({
      key: 'core.tagMoveBelowItself',
      params: { tag: 'textiles', parent: 'textiles/wool' },
    });
    expect(await detailOf(t.client.call('tags.move', { path: 'textiles/wool/fine', parent: 'textiles' }))).toEqual({
      key: 'core.tagMoveClash',
      params: { name: 'fine', parent: 'textiles' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { dispatch } from '../../electron/api/dispatch.js';
import type { Outcome } from '../../shared/client.js';
import type { ErrorPayload } from '../../shared/errors.js';
import { en } from '../../renderer/src/i18n/en.js';
import { useFreshCatalogue } from '../helpers.js';

const env = useFreshCatalogue();

/** The error payload an operation answers with, as any transport would carry it. */
async function failure(op: string, request: unknown): Promise<ErrorPayload> {
  const outcome: Outcome<unknown> = await dispatch(createHandlers(env.catalogue, { resourcesDir: () => '' }), op, request);
  if (outcome.ok) throw new Error(`${op} succeeded`);
  return outcome.error;
}

/** Whether the English interface has a sentence for the key (the renderer translates errors.<key>). */
function hasSentence(key: string): boolean {
  let node: unknown = en.errors;
  for (const step of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[step];
  return typeof node === 'string';
}

/**
 * Errors a person sees carry, beside the English sentence, a key and the values it names,
 * so the interface can say them in its own language (issue 16, defect 7).
 */
describe('error details for translation', () => {
  it.each([
    ['"thick cloth', 'query.openQuote', {}],
    ['colour:red', 'query.unknownField', { name: 'colour' }],
    ['wool -', 'query.loneMinus', {}],
    ['title:', 'query.fieldNeedsWord', { syntax: 'title:' }],
    ['*', 'query.loneStar', {}],
  ])('a malformed query %j names its problem as %s', async (query, key, params) => {
    const error = await failure('search.query', { query });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message.length).toBeGreaterThan(10);
    expect(error.detail?.key).toBe(key);
    expect(error.detail?.params ?? {}).toMatchObject(params);
    expect(hasSentence(key)).toBe(true);
  });

  it('a request refused at the boundary names the field and the kind of problem', async () => {
    const noTitle = await failure('entries.create', { kind: 'method', title: '  ' });
    expect(noTitle.detail).toEqual({ key: 'validation.required', params: { field: 'title' } });
    const long = await failure('entries.create', { kind: 'method', title: 'x'.repeat(501) });
    expect(long.detail).toEqual({ key: 'validation.tooLong', params: { field: 'title', maximum: 500 } });
    const badTag = await failure('tags.create', { path: 'textiles//wool' });
    expect(badTag.detail).toEqual({ key: 'validation.tagPath', params: { field: 'path', value: 'textiles//wool' } });
    const badCode = await failure('entries.create', { kind: 'method', title: 'A', classification: ['Z99'] });
    expect(badCode.detail).toEqual({ key: 'validation.classification', params: { field: 'classification', value: 'Z99' } });
    const badKind = await failure('entries.create', { kind: 'poem', title: 'A' });
    expect(badKind.detail).toEqual({ key: 'validation.notAllowed', params: { field: 'kind' } });
    for (const error of [noTitle, long, badTag, badCode, badKind]) expect(hasSentence(error.detail?.key ?? '')).toBe(true);
  });

  it('the core refusing a change says which tag or enterprise', async () => {
    await env.client.call('tags.create', { path: 'textiles/wool' });
    const tag = await failure('tags.create', { path: 'textiles/wool' });
    expect(tag).toMatchObject({ code: 'CONFLICT', detail: { key: 'core.tagExists', params: { tag: 'textiles/wool' } } });
    await env.client.call('enterprises.create', { name: 'Kulanovno', place: '', industry: '' });
    const enterprise = await failure('enterprises.create', { name: 'Kulanovno', place: '', industry: '' });
    expect(enterprise.detail).toEqual({ key: 'core.enterpriseExists', params: { name: 'Kulanovno' } });
    const entry = await env.client.call('entries.create', { kind: 'method', title: 'Steam' });
    await env.client.call('entries.update', { id: entry.id, patch: { title: 'Steam twice' } });
    const stale = await failure('entries.update', { id: entry.id, patch: { title: 'Steam again' }, expectedRevision: 1 });
    expect(stale.detail).toEqual({ key: 'core.changedElsewhere', params: { current: 2, edited: 1 } });
    for (const error of [tag, enterprise, stale]) expect(hasSentence(error.detail?.key ?? '')).toBe(true);
  });
});

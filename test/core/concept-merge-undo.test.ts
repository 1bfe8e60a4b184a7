import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../shared/contract/index.js';
import { addEntry, failure, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Label = { lang: string; kind: 'pref' | 'alt' | 'hidden'; text: string };
const pref = (lang: string, text: string): Label => ({ lang, kind: 'pref', text });
const alt = (lang: string, text: string): Label => ({ lang, kind: 'alt', text });

/** Every row of the thesaurus and of the tags pointing at it, as stored (the settings' revision counter aside). */
function dump(): Record<string, unknown[]> {
  const { db } = t.catalogue;
  const all = (sql: string): unknown[] => db.prepare(sql).all();
  return {
    concepts: all('SELECT * FROM concepts ORDER BY id'),
    labels: all('SELECT * FROM concept_labels ORDER BY concept_id, lang, kind, text'),
    notes: all('SELECT * FROM concept_notes ORDER BY concept_id, lang, kind'),
    links: all('SELECT * FROM concept_links ORDER BY from_id, to_id, kind'),
    codes: all('SELECT * FROM concept_codes ORDER BY concept_id, scheme, code'),
    suggestions: all('SELECT * FROM concept_suggestions ORDER BY id'),
    tags: all('SELECT id, name, parent_id, concept_id FROM tags ORDER BY id'),
    entryTags: all('SELECT * FROM entry_tags ORDER BY entry_id, tag_id'),
  };
}

/** The thesaurus as the API gives it out: the tree, every concept in full, and the SKOS export. */
async function graph(): Promise<{ tree: unknown; concepts: unknown[]; turtle: string; rdfxml: string }> {
  const tree = await t.client.call('thesaurus.tree', {});
  const concepts = await Promise.all(tree.concepts.map((c) => t.client.call('thesaurus.get', { id: c.id })));
  const turtle = (await t.client.call('thesaurus.export', { format: 'turtle' })).text;
  const rdfxml = (await t.client.call('thesaurus.export', { format: 'rdfxml' })).text;
  return { tree, concepts, turtle, rdfxml };
}

/**
 * Two concepts for one machine, each with its own URI, labels in three languages, a scope
 * note, codes, broader, narrower and related concepts (one link between the two, one broader
 * concept shared, one code shared), a tag carrying entries and a suggestion each (one the
 * other has too, which a merge drops).
 */
async function twoConcepts(): Promise<{ from: string; into: string; entry: string }> {
  const create = (labels: Label[], extra: Record<string, unknown> = {}): Promise<string> =>
    t.client.call('thesaurus.create', { labels, ...extra }).then((c) => c.id);
  const finishing = await create([pref('en', 'cloth finishing'), pref('ru', 'отделка сукна')]);
  const machines = await create([pref('en', 'textile machines')]);
  const dyeing = await create([pref('en', 'dyeing')]);
  const from = await create([pref('en', 'cropping machine'), alt('en', 'cropper'), pref('ru', 'стригальная машина'), pref('zh-Hans', '剪毛机')], {
    uri: 'https://thesaurus.example/cropping',
    broader: finishing,
    scopeNotes: [{ lang: 'en', text: 'Machines that crop the nap.' }],
    codes: ['D06C 13/00', 'D06C 13/08'],
  });
  const into = await create([pref('en', 'cloth shearing machine'), pref('zh-Hans', '剪呢机'), alt('ru', 'стригальная машина')], {
    uri: 'https://thesaurus.example/shearing',
    broader: finishing,
    codes: ['D06C 13/00'],
  });
  await t.client.call('thesaurus.move', { id: machines, broader: null });
  await t.client.call('thesaurus.update', { id: from, addRelated: [into, dyeing] });
  // A narrower concept of `from`, and `from` under a second broader concept.
  await create([pref('en', 'rotary cropper')], { broader: from });
  t.catalogue.concepts?.addBroader(from, machines);
  // Suggestions: one only `from` has, one both have (the merge cannot move it, and drops it).
  t.catalogue.concepts?.suggest(from, 'ru', 'стригальный станок', 'test');
  t.catalogue.concepts?.suggest(from, 'zh-Hans', '剪绒机', 'test');
  t.catalogue.concepts?.suggest(into, 'zh-Hans', '剪绒机', 'test');
  // A tag standing for `from`, carried by an entry.
  const tag = await t.client.call('tags.create', { path: 'finishing/cropping' });
  t.catalogue.concepts?.linkTag(tag.id, from);
  const entry = await addEntry(t, { title: 'Стригальная машина для сукон', language: 'ru', tags: ['finishing/cropping'] });
  return { from, into, entry };
}

async function merge(from: string, into: string): Promise<ResponseOf<'thesaurus.merge'>> {
  return t.client.call('thesaurus.merge', { from, into });
}

describe('undoing a concept merge', () => {
  it('brings back the merged concept, its labels, URI, links, codes, suggestions and tags exactly', async () => {
    const { from, into } = await twoConcepts();
    const rowsBefore = dump();
    const graphBefore = await graph();

    const merged = await merge(from, into);
    expect(merged.undo).toEqual(expect.any(String));
    expect(merged.moved.tags).toBe(1);
    await failure(t.client.call('thesaurus.get', { id: from }), 'NOT_FOUND');
    expect(dump()).not.toEqual(rowsBefore);

    const undone = await t.client.call('entries.undo', { token: merged.undo as string });
    expect(undone).toMatchObject({ kind: 'conceptMerge', entries: 0 });
    expect(undone.label).toBe('Merged the concept "cropping machine" into "cloth shearing machine"');
    expect(dump()).toEqual(rowsBefore);
    expect(await graph()).toEqual(graphBefore);

    expect(await failure(t.client.call('entries.undo', { token: merged.undo as string }), 'CONFLICT')).toMatch(/already undone/);
  });

  it('query expansion sees the merged concept again after the undo', async () => {
    const { from, into, entry } = await twoConcepts();
    const expandedWith = async (query: string): Promise<string[]> =>
      (await t.client.call('search.query', { query, limit: 10 })).expansion.map((e) => e.conceptId);
    expect(await expandedWith('cropping machine')).toEqual([from, expect.any(String)]);
    const merged = await merge(from, into);
    expect(await expandedWith('cropping machine')).not.toContain(from);
    await t.client.call('entries.undo', { token: merged.undo as string });
    expect(await expandedWith('cropping machine')).toContain(from);
    expect((await t.client.call('search.query', { query: 'cropping machine', limit: 10 })).hits.map((h) => h.id)).toEqual([entry]);
  });

  it('is refused, changing nothing, once the concept kept changed since', async () => {
    const { from, into } = await twoConcepts();
    const merged = await merge(from, into);
    await t.client.call('thesaurus.addLabel', { id: into, lang: 'ru', kind: 'alt', text: 'стригальная машина с неподвижным ножом' });
    const rowsAfter = dump();
    expect(await failure(t.client.call('entries.undo', { token: merged.undo as string }), 'CONFLICT')).toMatch(/changed after it; nothing was undone/);
    expect(dump()).toEqual(rowsAfter);
  });

  it('is refused when the merged concept’s URI is taken again', async () => {
    const { from, into } = await twoConcepts();
    const merged = await merge(from, into);
    await t.client.call('thesaurus.create', { labels: [pref('en', 'cropper')], uri: 'https://thesaurus.example/cropping' });
    const rowsAfter = dump();
    expect(await failure(t.client.call('entries.undo', { token: merged.undo as string }), 'CONFLICT')).toMatch(/id or URI/);
    expect(dump()).toEqual(rowsAfter);
  });
});

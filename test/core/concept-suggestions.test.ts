import { describe, expect, it } from 'vitest';
import { candidateTerms } from '../../electron/core/services/concept-suggestions.js';
import { addEntry, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

describe('label suggestions from the catalogue', () => {
  it('cuts titles into word runs and Han substrings, without stopwords at the edges', () => {
    const terms = candidateTerms('Стригальная машина с неподвижным ножом');
    expect(terms).toContain('стригальная машина');
    expect(terms).not.toContain('машина с');
    expect(candidateTerms('剪呢机的改进')).toContain('剪呢机');
  });

  it('offers terms of linked entries in a missing language and of entries sharing a code, and accepting one adds the label', async () => {
    await t.client.call('tags.create', { path: 'shearing' });
    const [node] = (await t.client.call('thesaurus.tree', {})).concepts;
    const id = node?.id as string;
    await t.client.call('thesaurus.update', { id, addCodes: ['D06C'] });
    const en = await addEntry(t, { title: 'Cloth shearing machine', tags: ['shearing'], language: 'en' });
    for (const title of ['Стригальная машина с самоустанавливающимся ножом', 'Новая стригальная машина для сукна']) {
      const ru = await addEntry(t, { title, language: 'ru' });
      await t.client.call('links.add', { from: ru, to: en, type: 'related' });
    }
    for (const title of ['剪呢机刀片', '双刀剪呢机']) await addEntry(t, { title, language: 'zh', classification: ['D06C 13/00'] });
    await addEntry(t, { title: 'Unrelated loom', language: 'ru' });

    const { suggestions } = await t.client.call('thesaurus.suggestions', { refresh: true });
    expect(suggestions.map((s) => [s.lang, s.text, s.source])).toEqual(
      expect.arrayContaining([
        ['ru', 'стригальная машина', 'links:2 entries'],
        ['zh-Hans', '剪呢机', 'ipc:2 entries'],
      ]),
    );
    expect(suggestions.every((s) => s.conceptId === id)).toBe(true);
    // Asking again finds nothing new.
    expect((await t.client.call('thesaurus.suggestions', { refresh: true })).suggestions).toHaveLength(suggestions.length);
    const ru = suggestions.find((s) => s.text === 'стригальная машина');
    const concept = await t.client.call('thesaurus.acceptSuggestion', { id: ru?.id as string, kind: 'pref' });
    expect(concept.labels).toContainEqual({ lang: 'ru', kind: 'pref', text: 'стригальная машина' });
  });
});

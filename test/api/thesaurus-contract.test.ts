import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { thesaurusOperations } from '../../shared/contract/thesaurus.js';
import { failure, tempDir, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

type Op = keyof typeof thesaurusOperations;

const NO_SUCH = '01890a5d-ac96-774b-bcce-b302099a8057';
const TTL = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://t.example/loom> a skos:Concept ; skos:prefLabel "loom"@en, "ткацкий станок"@ru .`;

const create = async (en: string, extra: Record<string, unknown> = {}) =>
  t.client.call('thesaurus.create', { labels: [{ lang: 'en', kind: 'pref', text: en }], ...extra });

/** Every thesaurus operation, with its happy path and at least one refusal. */
const cases: Record<Op, { happy: () => Promise<void>; bad: () => Promise<void> }> = {
  'thesaurus.tree': {
    happy: async () => {
      await t.client.call('tags.create', { path: 'textiles/wool' });
      const tree = await t.client.call('thesaurus.tree', {});
      expect(tree.concepts.map((c) => [c.prefLabels.en, c.broader.length, c.tagCount])).toEqual([
        ['textiles', 0, 1],
        ['wool', 1, 1],
      ]);
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.tree', { lang: 'en' } as never), 'INVALID_INPUT');
    },
  },
  'thesaurus.get': {
    happy: async () => {
      const c = await create('loom');
      expect((await t.client.call('thesaurus.get', { id: c.id })).labels).toEqual([{ lang: 'en', kind: 'pref', text: 'loom' }]);
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.get', { id: NO_SUCH }), 'NOT_FOUND');
      await failure(t.client.call('thesaurus.get', { id: 'x' }), 'INVALID_INPUT');
    },
  },
  'thesaurus.create': {
    happy: async () => {
      const top = await create('weaving');
      const c = await t.client.call('thesaurus.create', {
        uri: 'https://t.example/loom',
        labels: [
          { lang: 'en', kind: 'pref', text: ' loom ' },
          { lang: 'ZH-hans', kind: 'pref', text: '织机' },
        ],
        broader: top.id,
        codes: ['d03d'],
      });
      expect(c).toMatchObject({ uri: 'https://t.example/loom', broader: [top.id], codes: [{ scheme: 'ipc', code: 'D03D' }] });
      expect(c.labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '织机' });
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.create', { labels: [{ lang: 'en', kind: 'alt', text: 'x' }] }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.create', { labels: [{ lang: 'not a tag!', kind: 'pref', text: 'x' }] }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.create', { labels: [{ lang: 'en', kind: 'pref', text: 'x'.repeat(201) }] }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.create', { uri: 'no scheme', labels: [{ lang: 'en', kind: 'pref', text: 'x' }] }), 'INVALID_INPUT');
      await create('a', { uri: 'https://t.example/a' });
      await failure(create('b', { uri: 'https://t.example/a' }), 'CONFLICT');
      await failure(create('c', { broader: NO_SUCH }), 'NOT_FOUND');
    },
  },
  'thesaurus.update': {
    happy: async () => {
      const a = await create('a');
      const b = await create('b');
      const c = await t.client.call('thesaurus.update', {
        id: a.id,
        uri: 'https://t.example/a',
        scopeNote: { lang: 'en', text: 'About a.' },
        addCodes: ['B23K'],
        addRelated: [b.id],
      });
      expect(c).toMatchObject({ uri: 'https://t.example/a', scopeNotes: [{ lang: 'en', text: 'About a.' }], codes: [{ code: 'B23K' }], related: [b.id] });
      const d = await t.client.call('thesaurus.update', { id: a.id, removeCodes: ['B23K'], removeRelated: [b.id], scopeNote: { lang: 'en', text: '' } });
      expect(d).toMatchObject({ codes: [], related: [], scopeNotes: [] });
    },
    bad: async () => {
      const a = await create('a');
      await failure(t.client.call('thesaurus.update', { id: a.id, addCodes: ['not a code'] }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.update', { id: a.id, addRelated: [a.id] }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.update', { id: NO_SUCH }), 'NOT_FOUND');
    },
  },
  'thesaurus.addLabel': {
    happy: async () => {
      const a = await create('prop');
      const c = await t.client.call('thesaurus.addLabel', { id: a.id, lang: 'en', kind: 'pref', text: 'hydraulic prop' });
      expect(c.labels).toEqual([
        { lang: 'en', kind: 'pref', text: 'hydraulic prop' },
        { lang: 'en', kind: 'alt', text: 'prop' },
      ]);
    },
    bad: async () => {
      const a = await create('prop');
      await failure(t.client.call('thesaurus.addLabel', { id: a.id, lang: 'en', kind: 'pref', text: 'a\u202eb' }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.addLabel', { id: a.id, lang: 'en', kind: 'broad' as never, text: 'x' }), 'INVALID_INPUT');
    },
  },
  'thesaurus.removeLabel': {
    happy: async () => {
      const a = await create('prop');
      await t.client.call('thesaurus.addLabel', { id: a.id, lang: 'ru', kind: 'alt', text: 'стойка' });
      expect((await t.client.call('thesaurus.removeLabel', { id: a.id, lang: 'ru', kind: 'alt', text: 'стойка' })).labels).toHaveLength(1);
    },
    bad: async () => {
      const a = await create('prop');
      expect(await failure(t.client.call('thesaurus.removeLabel', { id: a.id, lang: 'en', kind: 'pref', text: 'prop' }), 'INVALID_INPUT')).toMatch(
        /at least one/,
      );
      await failure(t.client.call('thesaurus.removeLabel', { id: a.id, lang: 'en', kind: 'alt', text: 'nope' }), 'NOT_FOUND');
    },
  },
  'thesaurus.move': {
    happy: async () => {
      const a = await create('a');
      const b = await create('b');
      expect((await t.client.call('thesaurus.move', { id: b.id, broader: a.id })).broader).toEqual([a.id]);
      expect((await t.client.call('thesaurus.move', { id: b.id, broader: null })).broader).toEqual([]);
    },
    bad: async () => {
      const a = await create('a');
      const b = await create('b', { broader: a.id });
      expect(await failure(t.client.call('thesaurus.move', { id: a.id, broader: b.id }), 'INVALID_INPUT')).toMatch(/under itself/);
    },
  },
  'thesaurus.merge': {
    happy: async () => {
      const a = await create('quenching');
      const b = await create('hardening');
      const r = await t.client.call('thesaurus.merge', { from: a.id, into: b.id });
      expect(r.concept.labels).toContainEqual({ lang: 'en', kind: 'alt', text: 'quenching' });
      await failure(t.client.call('thesaurus.get', { id: a.id }), 'NOT_FOUND');
    },
    bad: async () => {
      const a = await create('a');
      await failure(t.client.call('thesaurus.merge', { from: a.id, into: a.id }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.merge', { from: a.id, into: NO_SUCH }), 'NOT_FOUND');
    },
  },
  'thesaurus.delete': {
    happy: async () => {
      const a = await create('a');
      await t.client.call('thesaurus.delete', { id: a.id });
      expect((await t.client.call('thesaurus.tree', {})).concepts).toEqual([]);
    },
    bad: async () => {
      await t.client.call('tags.create', { path: 'welding' });
      const [node] = (await t.client.call('thesaurus.tree', {})).concepts;
      expect(await failure(t.client.call('thesaurus.delete', { id: node?.id as string }), 'CONFLICT')).toMatch(/welding/);
    },
  },
  'thesaurus.missing': {
    happy: async () => {
      await create('a');
      const r = await t.client.call('thesaurus.missing', { lang: 'zh-hans' });
      expect(r).toMatchObject({ lang: 'zh-Hans', total: 1 });
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.missing', { lang: '' }), 'INVALID_INPUT');
    },
  },
  'thesaurus.suggestions': {
    happy: async () => {
      const a = await create('a');
      t.catalogue.concepts?.suggest(a.id, 'ru', 'а', 'test');
      expect((await t.client.call('thesaurus.suggestions', {})).suggestions.map((s) => s.text)).toEqual(['а']);
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.suggestions', { state: 'maybe' as never }), 'INVALID_INPUT');
    },
  },
  'thesaurus.acceptSuggestion': {
    happy: async () => {
      const a = await create('a');
      t.catalogue.concepts?.suggest(a.id, 'ru', 'а', 'test');
      const [s] = (await t.client.call('thesaurus.suggestions', {})).suggestions;
      expect((await t.client.call('thesaurus.acceptSuggestion', { id: s?.id as string })).labels).toContainEqual({ lang: 'ru', kind: 'alt', text: 'а' });
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.acceptSuggestion', { id: NO_SUCH }), 'NOT_FOUND');
    },
  },
  'thesaurus.rejectSuggestion': {
    happy: async () => {
      const a = await create('a');
      t.catalogue.concepts?.suggest(a.id, 'ru', 'а', 'test');
      const [s] = (await t.client.call('thesaurus.suggestions', {})).suggestions;
      await t.client.call('thesaurus.rejectSuggestion', { id: s?.id as string });
      expect((await t.client.call('thesaurus.suggestions', { state: 'rejected' })).suggestions).toHaveLength(1);
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.rejectSuggestion', { id: NO_SUCH }), 'NOT_FOUND');
    },
  },
  'thesaurus.import': {
    happy: async () => {
      const file = path.join(tempDir(), 't.ttl');
      fs.writeFileSync(file, TTL);
      expect(await t.client.call('thesaurus.import', { format: 'turtle', path: file })).toMatchObject({ created: 1, conflicts: [] });
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.import', { format: 'turtle' }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.import', { format: 'turtle', text: TTL, path: '/x' }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.import', { format: 'jsonld' as never, text: TTL }), 'INVALID_INPUT');
      await failure(t.client.call('thesaurus.import', { format: 'turtle', path: path.join(tempDir(), 'missing.ttl') }), 'FILE_ERROR');
    },
  },
  'thesaurus.export': {
    happy: async () => {
      await t.client.call('thesaurus.import', { format: 'turtle', text: TTL });
      const r = await t.client.call('thesaurus.export', { format: 'turtle' });
      expect(r).toMatchObject({ format: 'turtle', concepts: 1 });
      expect(r.text).toContain('"ткацкий станок"@ru');
    },
    bad: async () => {
      await failure(t.client.call('thesaurus.export', { format: 'csv' as never }), 'INVALID_INPUT');
    },
  },
};

describe('every thesaurus operation', () => {
  it('has cases for every thesaurus operation of the contract', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(thesaurusOperations).sort());
  });
  for (const op of Object.keys(cases) as Op[]) {
    it(`${op}: happy path`, () => cases[op].happy());
    it(`${op}: bad input gets a typed error`, () => cases[op].bad());
  }
});

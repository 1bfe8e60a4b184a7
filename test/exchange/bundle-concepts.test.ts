import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { bundlePath, emptyCatalogue } from './support.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});
const fresh = (): TestCatalogue => {
  const t = emptyCatalogue();
  open.push(t);
  return t;
};

const D = 'https://thesaurus.example.org/t/';
const TURTLE = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ratio: <https://ratio.example.invalid/skos#> .
<${D}textiles> skos:prefLabel "textile industry"@en, "текстильная промышленность"@ru ; ratio:tagPath "textiles" .
<${D}finishing> skos:prefLabel "finishing of cloth"@en, "отделка ткани"@ru, "织物整理"@zh-Hans ;
  skos:altLabel "decatising"@en ; skos:broader <${D}textiles> ; skos:related <${D}dyeing> ; ratio:ipc "D06C" ;
  ratio:tagPath "textiles/finishing" .
<${D}dyeing> skos:prefLabel "dyeing"@en ; ratio:tagPath "textiles/dyeing" .
<${D}unused> skos:prefLabel "welding"@en .
`;

/** A catalogue with a thesaurus whose concepts its tags use, and a bundle of one entry tagged textiles/finishing. */
async function producerBundle(): Promise<string> {
  const source = fresh();
  await source.client.call('entries.create', { kind: 'method', title: 'Two-stage decatising', tags: ['textiles/finishing', 'textiles/dyeing'] });
  expect((await source.client.call('thesaurus.import', { format: 'turtle', text: TURTLE })).conflicts).toEqual([]);
  const out = bundlePath();
  await source.client.call('exchange.export', { out });
  return out;
}

describe('bundles carry the concepts their tags use', () => {
  it('a new catalogue previews them as new, then gets them with their URIs, labels, links and tags', async () => {
    const out = await producerBundle();
    const target = fresh();
    const preview = await target.client.call('exchange.previewImport', { file: out, trust: true });
    expect(preview.announced.concepts).toBe(3);
    expect(preview.concepts).toEqual({ new: 3, matched: 0, conflicts: [] });
    expect((await target.client.call('thesaurus.tree', {})).concepts).toEqual([]);

    const report = await target.client.call('exchange.import', { file: out, trust: true });
    expect(report.concepts).toEqual({ new: 3, matched: 0, conflicts: [] });
    const tree = await target.client.call('thesaurus.tree', {});
    // The concept the bundle did not need (welding) stayed home.
    expect(tree.concepts.map((c) => c.uri)).toEqual([`${D}textiles`, `${D}dyeing`, `${D}finishing`]);
    const finishing = tree.concepts.find((c) => c.uri === `${D}finishing`);
    const detail = await target.client.call('thesaurus.get', { id: finishing?.id as string });
    expect(detail.labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '织物整理' });
    expect(detail.codes).toEqual([{ scheme: 'ipc', code: 'D06C' }]);
    expect(detail.tags.map((t) => t.path)).toEqual(['textiles/finishing']);
    expect(detail.broader).toEqual([tree.concepts[0]?.id]);
    expect(detail.related).toHaveLength(1);

    // The same bundle again: everything known by URI.
    const again = await target.client.call('exchange.previewImport', { file: out });
    expect(again.concepts).toEqual({ new: 0, matched: 3, conflicts: [] });
  });

  it('maps onto the concept of a tag made here and reports a clash with a thesaurus concept', async () => {
    const out = await producerBundle();
    const target = fresh();
    // A tag of the same path made here: its concept is the incoming one, and takes its URI and labels.
    await target.client.call('tags.create', { path: 'textiles', synonyms: ['ткани'] });
    // A concept a thesaurus named, with the same preferred label as an incoming one: a conflict.
    await target.client.call('thesaurus.create', { uri: 'https://elsewhere.example/finishing', labels: [{ lang: 'ru', kind: 'pref', text: 'отделка ткани' }] });
    const preview = await target.client.call('exchange.previewImport', { file: out, trust: true });
    expect(preview.concepts?.new).toBe(2);
    expect(preview.concepts?.matched).toBe(1);
    expect(preview.concepts?.conflicts).toEqual([
      {
        uri: `${D}finishing`,
        label: 'finishing of cloth',
        reason: 'same preferred label as https://elsewhere.example/finishing; kept apart (merge them if they are one)',
        code: 'label-kept-apart',
        params: { other: 'https://elsewhere.example/finishing' },
      },
    ]);
    const report = await target.client.call('exchange.import', { file: out, trust: true });
    expect(report.concepts).toEqual(preview.concepts);
    const tree = await target.client.call('thesaurus.tree', {});
    expect(tree.concepts.map((c) => c.uri).sort()).toEqual([`${D}dyeing`, `${D}finishing`, `${D}textiles`, 'https://elsewhere.example/finishing'].sort());
    const textiles = tree.concepts.find((c) => c.uri === `${D}textiles`);
    expect(textiles?.prefLabels).toEqual({ en: 'textile industry', ru: 'текстильная промышленность' });
    expect((await target.client.call('thesaurus.get', { id: textiles?.id as string })).labels).toContainEqual({ lang: 'ru', kind: 'alt', text: 'ткани' });
  });
});

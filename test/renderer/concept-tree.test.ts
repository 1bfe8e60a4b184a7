import { describe, expect, it } from 'vitest';
import type { ConceptNode } from '../../shared/schemas/thesaurus.js';
import { conceptName, filterRows, treeRows, visibleRows } from '../../renderer/src/screens/thesaurus/concept-tree.js';
import { countedList } from '../../renderer/src/screens/thesaurus/counted-list.js';

const node = (id: string, prefLabels: Record<string, string>, broader: string[] = []): ConceptNode => ({
  id,
  uri: `urn:test:${id}`,
  prefLabels,
  broader,
  narrowerCount: 0,
  tagCount: 0,
});

// Depth first, as thesaurus.tree gives them: textiles > wool > carding, textiles > cotton; mining; a stray whose broader comes later.
const NODES = [
  node('textiles', { en: 'textiles', ru: 'текстиль' }),
  node('wool', { en: 'wool', 'zh-Hans': '羊毛' }, ['textiles']),
  node('carding', { ru: 'кардочесание' }, ['wool', 'cotton']),
  node('cotton', { en: 'cotton' }, ['textiles']),
  node('mining', { en: 'coal mining' }),
  node('stray', {}, ['later']),
];

describe('the concept tree as drawn', () => {
  const rows = treeRows(NODES);

  it('gives each concept its depth under the first broader concept drawn before it', () => {
    expect(rows.map((r) => [r.node.id, r.depth, r.parent])).toEqual([
      ['textiles', 0, null],
      ['wool', 1, 'textiles'],
      ['carding', 2, 'wool'],
      ['cotton', 1, 'textiles'],
      ['mining', 0, null],
      ['stray', 0, null],
    ]);
  });

  it('keeps matches of a filter with the concepts above them, in any language and ignoring case', () => {
    expect(filterRows(rows, 'КАРДО').map((r) => r.node.id)).toEqual(['textiles', 'wool', 'carding']);
    expect(filterRows(rows, '羊毛').map((r) => r.node.id)).toEqual(['textiles', 'wool']);
    expect(filterRows(rows, 'urn:test:mining').map((r) => r.node.id)).toEqual(['mining']);
    expect(filterRows(rows, '  ')).toHaveLength(rows.length);
    expect(filterRows(rows, 'weaving')).toEqual([]);
  });

  it('hides what is below a closed concept, and only that', () => {
    expect(visibleRows(rows, new Set(['wool'])).map((r) => r.node.id)).toEqual(['textiles', 'wool', 'cotton', 'mining', 'stray']);
    expect(visibleRows(rows, new Set(['textiles'])).map((r) => r.node.id)).toEqual(['textiles', 'mining', 'stray']);
    expect(visibleRows(rows, new Set())).toHaveLength(rows.length);
  });

  it('names a concept in the asked language, else in another shown one, else by its URI', () => {
    expect(conceptName(NODES[1] as ConceptNode, 'zh-Hans')).toBe('羊毛');
    expect(conceptName(NODES[2] as ConceptNode, 'en')).toBe('кардочесание');
    expect(conceptName(NODES[5] as ConceptNode, 'en')).toBe('urn:test:stray');
  });
});

describe('counted lists', () => {
  const t = ((key: string, options?: { count?: number }) => (options?.count === undefined ? key : `${options.count} ${key}`)) as never;
  it('leaves out zero counts and says nothing when all are zero', () => {
    expect(
      countedList(t, 'en', 'p', [
        ['labels', 2],
        ['links', 0],
        ['codes', 1],
      ]),
    ).toBe('2 p.labels and 1 p.codes');
    expect(countedList(t, 'en', 'p', [['labels', 0]])).toBe('p.nothing');
  });
});

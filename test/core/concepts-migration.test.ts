import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { Catalogue } from '../../electron/app/catalogue.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/core/db/migrations.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

/** Everything the tag picker, the tag manager and facets read of tags. */
function dumpTags(catalogue: Catalogue): unknown {
  return {
    tags: catalogue.tags.list().map((t) => ({ id: t.id, path: t.path, parentId: t.parentId, synonyms: t.synonyms, count: t.count, totalCount: t.totalCount })),
    entryTags: catalogue.db.prepare('SELECT entry_id, tag_id FROM entry_tags ORDER BY entry_id, tag_id').all(),
    entries: catalogue.entryRepo.list({ limit: 100, offset: 0 }).entries.map((e) => [e.id, [...e.tags].sort()]),
  };
}

it('turns every tag into a concept and keeps every tag, its place, synonyms and entry tags', () => {
  const dir = path.join(tempDir(), 'cat');
  const older = Catalogue.open(dir, { create: true, actor: 'tester', migrations: MIGRATIONS.filter((m) => m.version < 13) });
  older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Decatising', tags: ['textiles/wool/finishing', 'mining'] }));
  older.entryService.create(EntryCreate.parse({ kind: 'method', title: 'Стойка', tags: ['горное дело/крепь', '纺织/羊毛'] }));
  const finishing = older.tags.require('textiles/wool/finishing');
  older.tags.setSynonyms(finishing, ['decatizing', 'отделка', '整理']);
  older.tags.setSynonyms(older.tags.require('mining'), ['горное дело']);
  const before = dumpTags(older);
  older.close();

  const catalogue = Catalogue.open(dir, { create: false, actor: 'tester' });
  try {
    expect(catalogue.schemaVersion()).toBe(SCHEMA_VERSION);
    expect(dumpTags(catalogue)).toEqual(before);
    const concepts = catalogue.concepts;
    if (!concepts) throw new Error('no thesaurus');
    const tags = catalogue.tags.list();
    expect(concepts.count()).toBe(tags.length);
    for (const tag of tags) expect(concepts.conceptOfTag(tag.id)).toBe(tag.id);

    const concept = concepts.get(finishing);
    expect(concept.uri).toBe(`urn:ratio:tag:${finishing}`);
    expect(concept.labels).toEqual([
      { lang: 'en', kind: 'pref', text: 'finishing' },
      { lang: 'en', kind: 'alt', text: 'decatizing' },
      { lang: 'ru', kind: 'alt', text: 'отделка' },
      { lang: 'zh-Hans', kind: 'alt', text: '整理' },
    ]);
    expect(concept.broader).toEqual([catalogue.tags.require('textiles/wool')]);
    expect(concept.tags).toEqual([{ id: finishing, path: 'textiles/wool/finishing' }]);
    expect(concepts.get(catalogue.tags.require('горное дело/крепь')).labels).toEqual([{ lang: 'ru', kind: 'pref', text: 'крепь' }]);
    expect(concepts.get(catalogue.tags.require('纺织/羊毛')).labels).toEqual([{ lang: 'zh-Hans', kind: 'pref', text: '羊毛' }]);
    // Top tags are top concepts; the tree lists broader before narrower.
    const tree = concepts.tree();
    const at = (id: string): number => tree.findIndex((n) => n.id === id);
    expect(at(catalogue.tags.require('textiles'))).toBeLessThan(at(catalogue.tags.require('textiles/wool')));
    expect(tree.filter((n) => n.broader.length === 0).map((n) => n.prefLabels)).toHaveLength(4);
  } finally {
    catalogue.close();
  }
});

it("gives a tag made after the migration its concept, under its parent tag's concept", () => {
  const catalogue = Catalogue.open(path.join(tempDir(), 'cat'), { create: true, actor: 'tester' });
  try {
    const { id } = catalogue.tags.ensure('mining/ventilation');
    catalogue.tags.setSynonyms(id, ['проветривание']);
    const concept = catalogue.concepts?.get(id);
    expect(concept?.labels).toEqual([
      { lang: 'en', kind: 'pref', text: 'ventilation' },
      { lang: 'ru', kind: 'alt', text: 'проветривание' },
    ]);
    expect(concept?.broader).toEqual([catalogue.tags.require('mining')]);
    const lookup = catalogue.tags.lookup();
    const made = catalogue.transaction(() => lookup.ensure('mining/methane'));
    expect(catalogue.concepts?.get(made.id).broader).toEqual([catalogue.tags.require('mining')]);
  } finally {
    catalogue.close();
  }
});

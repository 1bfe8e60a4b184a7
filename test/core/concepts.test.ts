import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalogue } from '../../electron/app/catalogue.js';
import type { ConceptRepository } from '../../electron/core/repos/concepts.js';
import { RatioError } from '../../shared/errors.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { cleanupTemp, tempDir } from '../helpers.js';

let catalogue: Catalogue;
let concepts: ConceptRepository;

beforeEach(() => {
  catalogue = Catalogue.open(path.join(tempDir(), 'cat'), { create: true, actor: 'tester' });
  if (!catalogue.concepts) throw new Error('no thesaurus');
  concepts = catalogue.concepts;
});
afterEach(() => {
  catalogue.close();
  cleanupTemp();
});

const codeOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    if (error instanceof RatioError) return error.code;
    throw error;
  }
  return undefined;
};

const make = (en: string, more: { lang: string; kind: 'pref' | 'alt' | 'hidden'; text: string }[] = [], broader: string[] = []): string =>
  concepts.create({ labels: [{ lang: 'en', kind: 'pref', text: en }, ...more], broader });

describe('concepts', () => {
  it('creates a concept with labels, notes and codes, and reads it back', () => {
    const id = concepts.create({
      uri: 'https://t.example/prop',
      labels: [
        { lang: 'en', kind: 'pref', text: 'hydraulic prop' },
        { lang: 'ru', kind: 'pref', text: 'гидравлическая стойка' },
        { lang: 'zh-Hans', kind: 'pref', text: '液压支柱' },
        { lang: 'en', kind: 'alt', text: 'yielding prop' },
      ],
      scopeNotes: [{ lang: 'en', text: 'A roof support that yields under load.' }],
      codes: ['E21D 15/44'],
    });
    const c = concepts.get(id);
    expect(c.uri).toBe('https://t.example/prop');
    expect(c.labels.map((l) => `${l.kind}:${l.text}@${l.lang}`)).toEqual([
      'pref:hydraulic prop@en',
      'alt:yielding prop@en',
      'pref:гидравлическая стойка@ru',
      'pref:液压支柱@zh-Hans',
    ]);
    expect(c.scopeNotes).toEqual([{ lang: 'en', text: 'A roof support that yields under load.' }]);
    expect(c.codes).toEqual([{ scheme: 'ipc', code: 'E21D 15/44' }]);
    expect(concepts.get(make('x')).uri).toMatch(/^urn:ratio:concept:/);
    expect(codeOf(() => concepts.create({ uri: 'https://t.example/prop', labels: [] }))).toBe('CONFLICT');
    expect(codeOf(() => concepts.get('01890a5d-ac96-774b-bcce-b302099a8057'))).toBe('NOT_FOUND');
  });

  it('keeps one preferred label per language: a new one demotes the old to an alternative', () => {
    const id = make('prop', [{ lang: 'en', kind: 'alt', text: 'hydraulic prop' }]);
    expect(concepts.setPref(id, 'en', 'hydraulic prop')).toBe(true);
    expect(concepts.get(id).labels).toEqual([
      { lang: 'en', kind: 'pref', text: 'hydraulic prop' },
      { lang: 'en', kind: 'alt', text: 'prop' },
    ]);
    expect(concepts.addLabel(id, 'en', 'alt', 'hydraulic prop')).toBe(false);
    expect(codeOf(() => concepts.removeLabel(id, 'en', 'pref', 'hydraulic prop'))).toBe('INVALID_INPUT');
    expect(codeOf(() => concepts.removeLabel(id, 'en', 'alt', 'nothing'))).toBe('NOT_FOUND');
    concepts.addLabel(id, 'ru', 'pref', 'стойка');
    concepts.removeLabel(id, 'en', 'pref', 'hydraulic prop');
    expect(concepts.get(id).labels.filter((l) => l.kind === 'pref')).toEqual([{ lang: 'ru', kind: 'pref', text: 'стойка' }]);
    concepts.setScopeNote(id, 'en', 'note');
    concepts.setScopeNote(id, 'en', '');
    expect(concepts.get(id).scopeNotes).toEqual([]);
  });

  it('moves a concept under another and refuses a cycle', () => {
    const a = make('a');
    const b = make('b', [], [a]);
    const c = make('c', [], [b]);
    expect(codeOf(() => concepts.move(a, c))).toBe('INVALID_INPUT');
    expect(codeOf(() => concepts.move(a, a))).toBe('INVALID_INPUT');
    concepts.move(c, a);
    expect(concepts.get(c).broader).toEqual([a]);
    expect(concepts.get(a).narrower.sort()).toEqual([b, c].sort());
    concepts.move(c, null);
    expect(concepts.tree().map((n) => n.prefLabels.en)).toEqual(['a', 'b', 'c']);
    expect(concepts.tree().find((n) => n.id === a)?.narrowerCount).toBe(1);
  });

  it('keeps related links symmetric and stored once', () => {
    const a = make('a');
    const b = make('b');
    expect(concepts.addRelated(b, a)).toBe(true);
    expect(concepts.addRelated(a, b)).toBe(false);
    expect(concepts.get(a).related).toEqual([b]);
    expect(concepts.get(b).related).toEqual([a]);
    expect(codeOf(() => concepts.addRelated(a, a))).toBe('INVALID_INPUT');
    expect(concepts.removeRelated(a, b)).toBe(true);
    expect(concepts.get(b).related).toEqual([]);
  });

  it('merges labels, links, codes, tags and suggestions into one concept', () => {
    const top = make('machining');
    const keep = concepts.create({ labels: [{ lang: 'en', kind: 'pref', text: 'hardening' }], broader: [top], codes: ['C21D'] });
    const other = concepts.create({
      labels: [
        { lang: 'en', kind: 'pref', text: 'quenching' },
        { lang: 'ru', kind: 'pref', text: 'закалка' },
      ],
      codes: ['C21D 1/00', 'C21D'],
    });
    const child = make('induction hardening', [], [other]);
    const friend = make('tempering');
    concepts.addRelated(other, friend);
    concepts.addRelated(other, keep);
    const { id: tagId } = catalogue.tags.ensure('quenching');
    concepts.linkTag(tagId, other);
    concepts.suggest(other, 'zh-Hans', '淬火', 'test');

    const moved = concepts.merge(other, keep);
    expect(moved.tags).toBe(1);
    expect(moved.codes).toBe(1);
    expect(concepts.exists(other)).toBe(false);
    const merged = concepts.get(keep);
    expect(merged.labels).toEqual([
      { lang: 'en', kind: 'pref', text: 'hardening' },
      { lang: 'en', kind: 'alt', text: 'quenching' },
      { lang: 'ru', kind: 'pref', text: 'закалка' },
    ]);
    expect(merged.codes.map((c) => c.code)).toEqual(['C21D', 'C21D 1/00']);
    expect(merged.narrower).toEqual([child]);
    expect(merged.related).toEqual([friend]);
    expect(merged.broader).toEqual([top]);
    expect(concepts.conceptOfTag(tagId)).toBe(keep);
    expect(concepts.suggestions('open').map((s) => s.conceptId)).toEqual([keep]);
    expect(codeOf(() => concepts.merge(keep, keep))).toBe('INVALID_INPUT');
  });

  it('refuses a merge that would close a cycle, changing nothing', () => {
    const a = make('a');
    const b = make('b', [], [a]);
    const c = make('c', [], [b]);
    expect(codeOf(() => catalogue.transaction(() => concepts.merge(a, c)))).toBe('INVALID_INPUT');
    expect(concepts.exists(a)).toBe(true);
    expect(concepts.get(c).broader).toEqual([b]);
  });

  it('refuses to delete a concept a tag uses', () => {
    const { id } = catalogue.tags.ensure('welding');
    expect(codeOf(() => concepts.delete(id))).toBe('CONFLICT');
    const free = make('free');
    concepts.delete(free);
    expect(concepts.exists(free)).toBe(false);
  });

  it('lists concepts missing a language and the suggestions to accept or reject', () => {
    const a = make('loom', [{ lang: 'ru', kind: 'pref', text: 'ткацкий станок' }]);
    const b = make('shuttle');
    expect(concepts.missingTranslations('ru').concepts.map((n) => n.id)).toEqual([b]);
    expect(concepts.missingTranslations('zh-Hans').total).toBe(2);
    expect(concepts.suggest(b, 'zh-Hans', '梭子', 'links:related')).toBe(true);
    expect(concepts.suggest(b, 'zh-Hans', '梭子', 'links:related')).toBe(false);
    expect(concepts.suggest(a, 'en', 'loom', 'x')).toBe(false);
    const [s] = concepts.suggestions('open');
    concepts.acceptSuggestion(s?.id as string, 'pref');
    expect(concepts.get(b).labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '梭子' });
    expect(concepts.missingTranslations('zh-Hans').concepts.map((n) => n.id)).toEqual([a]);
    expect(codeOf(() => concepts.rejectSuggestion(s?.id as string))).toBe('CONFLICT');
    concepts.suggest(a, 'zh-Hans', '织机', 'x');
    const open = concepts.suggestions('open');
    concepts.rejectSuggestion(open[0]?.id as string);
    expect(concepts.suggestions('rejected').map((r) => r.text)).toEqual(['织机']);
    expect(concepts.suggest(a, 'zh-Hans', '织机', 'x')).toBe(false);
  });

  it('gives query expansion every label with narrower concepts and codes, and a revision that moves on each write', () => {
    const top = make('roof support', [{ lang: 'ru', kind: 'pref', text: 'крепь' }]);
    const child = make('hydraulic prop', [], [top]);
    concepts.addCode(top, 'E21D');
    const before = concepts.revision();
    const index = concepts.labelIndex();
    expect(index.labels).toContainEqual({ conceptId: top, lang: 'ru', kind: 'pref', text: 'крепь' });
    expect(index.narrower.get(top)).toEqual([child]);
    expect(index.codes.get(top)).toEqual(['E21D']);
    concepts.addLabel(child, 'ru', 'pref', 'гидростойка');
    expect(concepts.revision()).toBeGreaterThan(before);
    const afterLabel = concepts.revision();
    catalogue.tags.ensure('new tag');
    expect(concepts.revision()).toBeGreaterThan(afterLabel);
  });
});

describe('tags and their concepts', () => {
  it('follow renames, moves, merges and deletes of tags', () => {
    const wool = catalogue.tags.ensure('textiles/wool').id;
    const cotton = catalogue.tags.ensure('cotton').id;
    const textiles = catalogue.tags.require('textiles');
    catalogue.tags.rename(wool, 'textiles/woollens');
    expect(concepts.get(wool).labels).toEqual([{ lang: 'en', kind: 'pref', text: 'woollens' }]);
    catalogue.tags.move(cotton, textiles);
    expect(concepts.get(cotton).broader).toEqual([textiles]);
    catalogue.tags.move(cotton, null);
    expect(concepts.get(cotton).broader).toEqual([]);

    concepts.addLabel(cotton, 'ru', 'pref', 'хлопок');
    const entry = catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: 'x', tags: ['cotton'] }));
    catalogue.transaction(() => catalogue.tags.merge(cotton, wool));
    // The merged tag's concept went into the other's, with the label the librarian gave it.
    expect(concepts.exists(cotton)).toBe(false);
    expect(concepts.get(wool).labels).toContainEqual({ lang: 'ru', kind: 'pref', text: 'хлопок' });
    expect(catalogue.entryRepo.get(entry.id).tags).toEqual(['textiles/woollens']);

    const named = make('named');
    const { id: tagged } = catalogue.tags.ensure('named-one');
    concepts.linkTag(tagged, named);
    catalogue.tags.delete(tagged);
    catalogue.tags.delete(textiles);
    // A concept made for a tag goes with it; one the thesaurus named stays.
    expect(concepts.exists(wool)).toBe(false);
    expect(concepts.exists(textiles)).toBe(false);
    expect(concepts.exists(named)).toBe(true);
  });
});

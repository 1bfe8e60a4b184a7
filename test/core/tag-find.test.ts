import { describe, expect, it } from 'vitest';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

describe('finding a tag by path or name', () => {
  // The repository asks the database, the import's lookup its maps: both must answer alike.
  const finders = {
    repository: () => (path: string) => t.catalogue.tags.find(path),
    'import lookup': () => {
      const lookup = t.catalogue.tags.lookup();
      return (path: string) => lookup.find(path);
    },
  };

  it.each(Object.keys(finders) as (keyof typeof finders)[])('the %s finds full paths, unique names and synonyms, and refuses a name of two tags', (name) => {
    const tags = t.catalogue.tags;
    const woolA = tags.ensure('textiles/wool').id;
    const woolB = tags.ensure('fibres/wool').id;
    const cotton = tags.ensure('fibres/cotton').id;
    tags.setSynonyms(cotton, ['gossypium']);
    const find = finders[name]();
    expect(find('Textiles/WOOL')).toBe(woolA);
    expect(find('fibres/wool')).toBe(woolB);
    expect(find('cotton')).toBe(cotton);
    expect(find('Gossypium')).toBe(cotton);
    expect(find('textiles/cotton')).toBeUndefined();
    expect(find('silk')).toBeUndefined();
    expect(() => find('wool')).toThrow('Tag "wool" is ambiguous: it could be fibres/wool or textiles/wool. Give the full path.');
  });
});

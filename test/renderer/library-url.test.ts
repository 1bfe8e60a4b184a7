import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../electron/search/query-parser.js';
import { INITIAL_LIBRARY, libraryHref, parseLibraryUrl, sameLibraryState, type LibraryState } from '../../renderer/src/app/library-url.js';
import { queryWhileTyping } from '../../renderer/src/screens/query-while-typing.js';

describe('the library’s address', () => {
  const state: LibraryState = {
    query: 'thick "cloth press" -draft',
    filters: {
      kind: ['method', 'invention'],
      status: ['accepted'],
      tags: ['textiles/wool'],
      enterprise: 'Kulanovno & Co',
      classification: ['D06C'],
      language: ['ru'],
      yearFrom: 1958,
      yearTo: 1962,
    },
    sort: 'newest',
  };

  it('writes one key per filter value and reads the same state back', () => {
    const href = libraryHref(state);
    expect(href).toBe(
      '#/?q=thick+%22cloth+press%22+-draft&sort=newest&kind=method&kind=invention&status=accepted&tag=textiles%2Fwool&classification=D06C&language=ru&enterprise=Kulanovno+%26+Co&yearFrom=1958&yearTo=1962',
    );
    expect(parseLibraryUrl(href.slice('#/?'.length))).toEqual(state);
    expect(libraryHref(INITIAL_LIBRARY)).toBe('#/');
    expect(libraryHref({ filters: { tags: ['mining/coal'] } })).toBe('#/?tag=mining%2Fcoal');
  });

  it('drops what the core would refuse instead of failing the page', () => {
    expect(parseLibraryUrl('sort=random&kind=spaceship&kind=method&status=&yearFrom=19x&yearTo=1960&other=1')).toEqual({
      query: '',
      filters: { kind: ['method'], yearTo: 1960 },
      sort: 'relevance',
    });
    expect(parseLibraryUrl('yearFrom=1970&yearTo=1960').filters).toEqual({});
  });

  it('tells two states apart by what they ask, not by the order values were ticked', () => {
    expect(
      sameLibraryState({ ...INITIAL_LIBRARY, filters: { kind: ['method', 'invention'] } }, { ...INITIAL_LIBRARY, filters: { kind: ['invention', 'method'] } }),
    ).toBe(true);
    expect(sameLibraryState({ ...INITIAL_LIBRARY, query: 'wool' }, INITIAL_LIBRARY)).toBe(false);
  });
});

describe('a query while it is typed', () => {
  it('reads every prefix of a phrase, an exclusion and a field without an error', () => {
    for (const whole of ['"cloth press" -draft title:wool', '+wool -"heavy cloth" body:finish*', 'title:"thick cloth" wool~1 press^2']) {
      for (let i = 1; i <= whole.length; i += 1) {
        const typed = whole.slice(0, i);
        expect(() => parseQuery(queryWhileTyping(typed)), typed).not.toThrow();
      }
    }
  });

  it('closes an open quote and leaves out an unfinished last word, keeping the rest', () => {
    expect(queryWhileTyping('"cloth pre')).toBe('"cloth pre"');
    expect(queryWhileTyping('wool -')).toBe('wool');
    expect(queryWhileTyping('wool title:')).toBe('wool');
    expect(queryWhileTyping('wool *')).toBe('wool');
    expect(queryWhileTyping('wool press^')).toBe('wool press');
    expect(queryWhileTyping('“cloth')).toBe('"cloth"');
    expect(queryWhileTyping('title:wool')).toBe('title:wool');
  });

  it('keeps what is wrong rather than unfinished, for the core to say so', () => {
    expect(() => parseQuery(queryWhileTyping('nosuchfield:wool'))).toThrow(/not a field/);
    expect(() => parseQuery(queryWhileTyping('wool - draft'))).toThrow(/lone "-"/);
  });
});

describe('thesaurus chips in the address', () => {
  it('keeps the concepts switched off under `off`, sorted and once each, and reads them back', () => {
    const state = { ...INITIAL_LIBRARY, query: 'cloth shearing machine', expandOff: ['c2', 'c1', 'c2'] };
    const href = libraryHref(state);
    expect(href).toBe('#/?q=cloth+shearing+machine&off=c1&off=c2');
    expect(parseLibraryUrl(href.slice(href.indexOf('?')))).toEqual({ ...INITIAL_LIBRARY, query: 'cloth shearing machine', expandOff: ['c1', 'c2'] });
    expect(parseLibraryUrl('?q=wool')).not.toHaveProperty('expandOff');
    expect(parseLibraryUrl(`?off=${'x'.repeat(201)}`)).not.toHaveProperty('expandOff');
  });

  it('reads `=` while it is typed without an error', () => {
    for (const typed of ['=', '=w', 'wool =', '="cloth', '=wool cloth']) expect(() => parseQuery(queryWhileTyping(typed)), typed).not.toThrow();
  });
});

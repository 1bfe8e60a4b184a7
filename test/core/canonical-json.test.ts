import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonByReplacer } from '../../electron/core/canonical-json.js';

/** Keys that order differently by code unit, as array indices, or reach prototypes. */
const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('0', '2', '10', '4294967294', '4294967295', '-1', '01', '__proto__', 'constructor', 'é', 'Z', 'a'),
);
const leaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(-0),
);

describe('canonical JSON', () => {
  it('is exactly what the sorting replacer gives, for any data', () => {
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('tree'), { maxLength: 5 }),
      object: fc.array(fc.tuple(key, tie('tree')), { maxLength: 6 }).map((pairs) => Object.fromEntries(pairs)),
    }));
    fc.assert(
      fc.property(tree, (value) => {
        expect(canonicalJson(value)).toBe(canonicalJsonByReplacer(value));
        // Parsed back, keys are in order and the text comes out the same again.
        const text = canonicalJson(value);
        if (text !== undefined) expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves what is not plain data to the replacer', () => {
    const odd = {
      b: new Date('2024-01-02T03:04:05Z'),
      a: [new String('boxed'), Object.assign(Object.create(null) as object, { y: 1, x: 2 }), { toJSON: () => ({ z: 1, w: 2 }) }],
      c: Object.assign(Object.create({ inherited: 1 }) as object, { own: true }),
    };
    expect(canonicalJson(odd)).toBe(canonicalJsonByReplacer(odd));
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 1, e: 2 }], c: 3 } })).toBe('{"a":{"c":3,"d":[1,{"e":2,"f":1}]},"b":1}');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonDepth } from '../../electron/exchange/safe-json.js';

/** The character-by-character scan jsonDepth must agree with. */
function reference(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

describe('JSON nesting depth', () => {
  it('agrees with a character-by-character scan on any text, escapes and unterminated strings included', () => {
    const text = fc.array(fc.constantFrom('[', ']', '{', '}', '"', '\\', '\\\\', '\\"', 'a', ',', ':'), { maxLength: 60 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 6 }), (t, stop) => {
        expect(jsonDepth(t, stop)).toBe(reference(t, stop));
      }),
      { numRuns: 20_000 },
    );
    const deep = `{"a":"\\\\","b":"[[[\\"]]]",${'['.repeat(70)}${']'.repeat(70)}}`;
    expect(jsonDepth(deep, 64)).toBe(65);
    expect(jsonDepth(JSON.stringify({ s: '\\"[{' }), 64)).toBe(1);
  });
});

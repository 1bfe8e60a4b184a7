import { isUtf8 } from 'node:buffer';
import { RatioError } from '../../shared/errors.js';

/** Keys that could reach an object's prototype if a later step merged the value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deepest nesting of arrays/objects, found by a scan that skips string contents. Most of a
 * record is string (the body), so a string is skipped with indexOf to its closing quote:
 * the first quote not escaped, that is, not preceded by an odd run of backslashes.
 */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end < 0) return deepest; // unterminated: JSON.parse refuses it
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes += 1;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/**
 * Parses JSON from another organisation: valid UTF-8 only, bounded nesting (so neither
 * JSON.parse nor zod recurse deeply), and no key that could pollute prototypes.
 */
export function parseUntrustedJson(bytes: Buffer, what: string, maxDepth: number): unknown {
  if (!isUtf8(bytes)) throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is not valid UTF-8.`);
  // As TextDecoder does, a leading byte order mark is not part of the text.
  const decoded = bytes.toString('utf8');
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is nested more than ${maxDepth} levels deep.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse's own message quotes a stretch of the input; only its position is repeated, never the partner's text.
    const position = error instanceof Error ? /position (\d+)/.exec(error.message)?.[1] : undefined;
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is not valid JSON${position === undefined ? '' : ` (at character ${position})`}.`);
  }
  // A forbidden key needs its name in the text, spelt out or escaped; without either, no walk is needed.
  const forbidden = /proto|constructor|\\u/.test(text) ? forbiddenKey(value) : undefined;
  if (forbidden !== undefined) {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} contains the forbidden key "${forbidden}".`);
  }
  return value;
}

/** The first forbidden key anywhere in a parsed value (depth is already bounded). */
function forbiddenKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = forbiddenKey(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = forbiddenKey((value as Record<string, unknown>)[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

import { RatioError } from '../../shared/errors.js';

/** Keys that could reach an object's prototype if a later step merged the value. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting of arrays/objects, found by a scan that skips string contents. */
export function jsonDepth(text: string, stopAbove: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
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

/**
 * Parses JSON from another organisation: valid UTF-8 only, bounded nesting (so neither
 * JSON.parse nor zod recurse deeply), and no key that could pollute prototypes.
 */
export function parseUntrustedJson(bytes: Buffer, what: string, maxDepth: number): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is not valid UTF-8.`);
  }
  if (jsonDepth(text, maxDepth) > maxDepth) {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is nested more than ${maxDepth} levels deep.`);
  }
  let forbidden: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) forbidden = key;
      return v;
    });
  } catch (error) {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  if (forbidden !== undefined) {
    throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${what} contains the forbidden key "${forbidden}".`);
  }
  return value;
}

import crypto from 'node:crypto';
import { canonicalJson } from '../core/repos/revisions.js';

/** A snapshot's canonical JSON and its SHA-256 (its content hash), as the revisions table stores them. */
export interface Canonical {
  text: string;
  hash: string;
}

/*
 * Verifying a bundle serialises every snapshot to check its content hash; applying it
 * stores the same text and hash. Records are never changed after they are parsed, so the
 * result is kept per snapshot object and each snapshot is serialised and hashed once.
 */
const cache = new WeakMap<object, Canonical>();

export function canonicalOf(snapshot: object): Canonical {
  let known = cache.get(snapshot);
  if (!known) {
    const text = canonicalJson(snapshot);
    known = { text, hash: crypto.createHash('sha256').update(text).digest('hex') };
    cache.set(snapshot, known);
  }
  return known;
}

/** Whether two parsed JSON values are equal regardless of key order, that is, have the same canonical JSON. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** Records that `copy` has the same canonical JSON as `original` (checked by the caller with sameJson). */
export function shareCanonical(copy: object, original: object): void {
  cache.set(copy, canonicalOf(original));
}

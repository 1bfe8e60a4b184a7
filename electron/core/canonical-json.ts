/*
 * Canonical JSON: JSON with every object's keys in sorted order, so equal states hash
 * equally whatever order their fields were set in. Content hashes stored in catalogues and
 * bundles depend on these exact bytes, so the text is by definition what
 * `JSON.stringify(value, sortingReplacer)` gives. That replacer costs a call per value and a
 * copy per object; the fast path below instead copies only objects whose keys are out of
 * order (objects parsed from canonical JSON, or built in sorted order, are used as they are)
 * and lets the native serialiser do the rest. Anything it does not know to be plain JSON
 * data (toJSON, class instances, boxed primitives) takes the replacer.
 */

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortingReplacer(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => byCodeUnit(a, b)));
  }
  return value;
}

/** Marks a value the fast path leaves to the replacer. */
const UNKNOWN = Symbol('not plain JSON data');

/** The value with every object's keys in sorted order (the same object when they already are), or UNKNOWN. */
function sortedValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return UNKNOWN;
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      const sorted = sortedValue(item);
      if (sorted === UNKNOWN) return UNKNOWN;
      if (sorted !== item) {
        copy ??= value.slice();
        copy[i] = sorted;
      }
    }
    return copy ?? value;
  }
  if ((proto !== Object.prototype && proto !== null) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return UNKNOWN;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i += 1) inOrder = (keys[i - 1] as string) <= (keys[i] as string);
  let changed = !inOrder;
  const values: unknown[] = [];
  for (const key of keys) {
    const item = record[key];
    const sorted = sortedValue(item);
    if (sorted === UNKNOWN) return UNKNOWN;
    if (sorted !== item) changed = true;
    values.push(sorted);
  }
  if (!changed) return value;
  const entries = keys.map((key, i): [string, unknown] => [key, values[i]]);
  if (!inOrder) entries.sort(([a], [b]) => byCodeUnit(a, b));
  // fromEntries, as the replacer uses: it defines keys such as "__proto__" as plain properties.
  return Object.fromEntries(entries);
}

export function canonicalJson(value: unknown): string {
  const sorted = sortedValue(value);
  return sorted === UNKNOWN ? JSON.stringify(value, sortingReplacer) : JSON.stringify(sorted);
}

/** The definition the fast path must match, for tests. */
export function canonicalJsonByReplacer(value: unknown): string {
  return JSON.stringify(value, sortingReplacer);
}

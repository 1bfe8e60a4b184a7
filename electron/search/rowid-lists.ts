/**
 * Rowids come out of SQLite as one list rather than a row each (crossing into JavaScript row
 * by row costs more than the query): `CAST(group_concat(rowid) AS BLOB)`, ASCII digits and
 * commas handed over as bytes. As a blob the list is never decoded into a JavaScript string,
 * which at a million rowids takes a fifth less time; these read it with one loop over its
 * bytes, without a string per number.
 */

/** The SQL of a rowid list over `column`, for a query's select list. */
export function rowidList(column: string): string {
  return `CAST(group_concat(${column}) AS BLOB)`;
}

/** The most rowids a list of this many bytes can hold (each but the last takes a digit and a comma). */
export function mostIds(list: Uint8Array): number {
  return (list.length + 1) >> 1;
}

/** Writes the rowids of `list` into `into` from the start (it must hold mostIds(list)) and says how many there were. */
export function parseIdsInto(list: Uint8Array, into: Int32Array): number {
  let n = 0;
  let id = 0;
  let digits = false;
  for (let i = 0; i < list.length; i += 1) {
    const c = list[i] as number;
    if (c === 44) {
      if (digits) into[n++] = id;
      id = 0;
      digits = false;
    } else {
      id = id * 10 + (c - 48);
      digits = true;
    }
  }
  if (digits) into[n++] = id;
  return n;
}

const NONE = new Uint8Array(0);

/** The bytes of "12,40,41" → [12, 40, 41]; null (no rows) → []. */
export function parseIds(list: Uint8Array | null): Int32Array {
  const bytes = list ?? NONE;
  const into = new Int32Array(mostIds(bytes));
  return into.slice(0, parseIdsInto(bytes, into));
}

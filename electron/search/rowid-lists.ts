/**
 * Rowids come out of SQLite as one group_concat string ("12,40,41") rather than a row each:
 * crossing into JavaScript row by row costs more than the query. These read such a string
 * with one loop over its char codes, without a string per number.
 */

/** The most rowids a list of this many characters can hold (each but the last takes a digit and a comma). */
export function mostIds(csv: string): number {
  return (csv.length + 1) >> 1;
}

/** Writes the rowids of `csv` into `into` from the start (it must hold mostIds(csv)) and says how many there were. */
export function parseIdsInto(csv: string, into: Int32Array): number {
  let n = 0;
  let id = 0;
  let digits = false;
  for (let i = 0; i < csv.length; i += 1) {
    const c = csv.charCodeAt(i);
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

/** "12,40,41" → [12, 40, 41]. */
export function parseIds(csv: string): Int32Array {
  const into = new Int32Array(mostIds(csv));
  return into.slice(0, parseIdsInto(csv, into));
}

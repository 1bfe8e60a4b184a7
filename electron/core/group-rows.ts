/** Rows of many entries, read with one query, grouped back per entry in the order they came. */
export function groupByEntry<R extends { entry_id: string }>(rows: readonly R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const row of rows) {
    const list = out.get(row.entry_id);
    if (list) list.push(row);
    else out.set(row.entry_id, [row]);
  }
  return out;
}

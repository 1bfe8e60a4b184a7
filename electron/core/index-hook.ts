/**
 * What the catalogue's repositories call so the index changes in the same transaction as
 * the entry: EntryRepository.write/delete for one entry, the tag and enterprise repositories
 * for every entry whose tags or enterprise name changed meaning. The search layer implements
 * it; the core only knows this interface, so it never depends on how search works.
 */
export interface EntryIndexHook {
  indexEntries(entryIds: readonly string[]): void;
  removeEntry(entryId: string): void;
  /**
   * Runs `work` inside the caller's transaction with the indexing of what it writes
   * postponed to its end, then indexes it together (bulk writes).
   */
  deferring<T>(work: () => T): T;
}

import type { Database } from 'better-sqlite3';

/** Runs `work` in one transaction; nested calls join the outer one (SQLite savepoints). */
export type Transactor = <T>(work: () => T) => T;

export function transactorFor(db: Database): Transactor {
  return <T>(work: () => T): T => db.transaction(work)();
}

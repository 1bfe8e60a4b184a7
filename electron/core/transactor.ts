import type { Database } from 'better-sqlite3';

/** Runs `work` in one transaction; nested calls join the outer one (SQLite savepoints). */
export type Transactor = <T>(work: () => T) => T;

/**
 * Every transaction takes the write lock when it begins (BEGIN IMMEDIATE). A deferred one
 * reads first and asks for the lock at its first write; if another process (a CLI import
 * beside the browser host) has written since that read, SQLite cannot let it upgrade and
 * fails at once with SQLITE_BUSY, without waiting. Taking the lock up front means a second
 * writer waits its turn through the connection's busy timeout instead.
 */
export function transactorFor(db: Database): Transactor {
  return <T>(work: () => T): T => db.transaction(work).immediate();
}

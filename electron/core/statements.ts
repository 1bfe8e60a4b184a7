import type { Database, Statement } from 'better-sqlite3';

/**
 * Prepares each SQL text once for the caller that owns it: a bulk change or an import runs
 * the same few statements thousands of times, and preparing one costs more than running it.
 * Each owner keeps its own cache, since a statement remembers pluck() and raw() modes.
 */
export function statementCache(db: Database): (sql: string) => Statement {
  const statements = new Map<string, Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}

import type { Database, Statement } from 'better-sqlite3';
import crypto from 'node:crypto';
import type { EntryField, RevisionAction } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { EntrySnapshot, type Revision, type RevisionDetail } from '../../../shared/schemas/entry.js';
import { canonicalJson } from '../canonical-json.js';
import { statementCache } from '../statements.js';

/** A row of the revisions table (the exchange reads them too, to carry whole histories). */
export interface RevisionRow {
  entry_id: string;
  number: number;
  at: string;
  author: string | null;
  action: RevisionAction;
  /** JSON list of the fields changed. */
  changed: string;
  /** Canonical JSON of the whole state after the change. */
  snapshot: string;
  content_hash: string;
}

/** Re-exported where revisions are hashed, for the modules that have always imported it from here. */
export { canonicalJson };

export function snapshotHash(snapshot: EntrySnapshot): string {
  return crypto.createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

function toRevision(row: RevisionRow): Revision {
  return {
    entryId: row.entry_id,
    number: row.number,
    at: row.at,
    author: row.author,
    action: row.action,
    changed: JSON.parse(row.changed) as EntryField[],
  };
}

/** Every change of an entry, with the whole state after it. */
export class RevisionRepository {
  private readonly stmt: (sql: string) => Statement;

  constructor(private readonly db: Database) {
    this.stmt = statementCache(db);
  }

  latestNumber(entryId: string): number {
    return (this.stmt('SELECT max(number) FROM revisions WHERE entry_id = ?').pluck().get(entryId) as number | null) ?? 0;
  }

  record(input: {
    entryId: string;
    number: number;
    at: string;
    author: string | null;
    action: RevisionAction;
    changed: readonly EntryField[];
    snapshot: EntrySnapshot;
  }): void {
    this
      .stmt(
        `INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.entryId,
        input.number,
        input.at,
        input.author,
        input.action,
        JSON.stringify(input.changed),
        canonicalJson(input.snapshot),
        snapshotHash(input.snapshot),
      );
  }

  list(entryId: string): Revision[] {
    const rows = this.stmt('SELECT * FROM revisions WHERE entry_id = ? ORDER BY number').all(entryId) as RevisionRow[];
    if (rows.length === 0) throw new RatioError('NOT_FOUND', `There is no entry with id ${entryId}, and no history of one.`);
    return rows.map(toRevision);
  }

  get(entryId: string, number: number): RevisionDetail {
    const row = this.stmt('SELECT * FROM revisions WHERE entry_id = ? AND number = ?').get(entryId, number) as
      | RevisionRow
      | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `Entry ${entryId} has no revision ${number}.`);
    return { ...toRevision(row), snapshot: EntrySnapshot.parse(JSON.parse(row.snapshot)) };
  }
}

import type { Database, Statement } from 'better-sqlite3';
import crypto from 'node:crypto';
import type { EntryField, RevisionAction } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { ClaimedRevision, EntrySnapshot, type Revision, type RevisionDetail } from '../../../shared/schemas/entry.js';
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

/** A revision row with where it came from (revisions written here have neither). */
interface SourcedRow extends RevisionRow {
  source_name: string | null;
  /** A flat import's file ("csv:FILE"); absent on a catalogue older than migration 9. */
  source?: string | null;
  claimed: string | null;
}

const SOURCED = 'SELECT r.*, e.name AS source_name FROM revisions r LEFT JOIN enterprises e ON e.id = r.source_id';

/** Re-exported where revisions are hashed, for the modules that have always imported it from here. */
export { canonicalJson };

export function snapshotHash(snapshot: EntrySnapshot): string {
  return crypto.createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

function claimedOf(text: string | null): Revision['claimed'] {
  if (text === null) return null;
  try {
    const parsed = ClaimedRevision.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function toRevision(row: SourcedRow): Revision {
  return {
    entryId: row.entry_id,
    number: row.number,
    at: row.at,
    author: row.author,
    action: row.action,
    changed: JSON.parse(row.changed) as EntryField[],
    // A bundle's revision names its signer; a flat import's names its file.
    source: row.source_name ?? row.source ?? null,
    claimed: claimedOf(row.claimed),
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
    /** Where the change came from when not typed here, e.g. "csv:entries.csv". */
    source?: string | null;
  }): void {
    const values = [
      input.entryId,
      input.number,
      input.at,
      input.author,
      input.action,
      JSON.stringify(input.changed),
      canonicalJson(input.snapshot),
      snapshotHash(input.snapshot),
    ];
    // The column is named only when there is a source, so an edit writes the same row on a catalogue of any schema version.
    if (input.source === undefined || input.source === null) {
      this.stmt(`INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(...values);
    } else {
      this
        .stmt(`INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...values, input.source);
    }
  }

  list(entryId: string): Revision[] {
    const rows = this.stmt(`${SOURCED} WHERE r.entry_id = ? ORDER BY r.number`).all(entryId) as SourcedRow[];
    if (rows.length === 0) throw new RatioError('NOT_FOUND', `There is no entry with id ${entryId}, and no history of one.`);
    return rows.map(toRevision);
  }

  get(entryId: string, number: number): RevisionDetail {
    const row = this.stmt(`${SOURCED} WHERE r.entry_id = ? AND r.number = ?`).get(entryId, number) as SourcedRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `Entry ${entryId} has no revision ${number}.`);
    return { ...toRevision(row), snapshot: EntrySnapshot.parse(JSON.parse(row.snapshot)) };
  }
}

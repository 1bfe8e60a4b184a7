import type { Database } from 'better-sqlite3';
import crypto from 'node:crypto';
import type { EntryField, RevisionAction } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { ClaimedRevision, EntrySnapshot, type Revision, type RevisionDetail } from '../../../shared/schemas/entry.js';
import { canonicalJson } from '../canonical-json.js';

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

/** Of a revision, what tells an incoming record's history apart from the local one. */
export interface RevisionLineage {
  content_hash: string;
  action: RevisionAction;
  /** JSON list of the fields changed. */
  changed: string;
  /** The enterprise whose bundle brought it; null for one written here. */
  source_id: string | null;
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
  constructor(private readonly db: Database) {}

  latestNumber(entryId: string): number {
    return (this.db.prepare('SELECT max(number) FROM revisions WHERE entry_id = ?').pluck().get(entryId) as number | null) ?? 0;
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
      this.db
        .prepare(`INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...values);
    } else {
      this.db
        .prepare(`INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(...values, input.source);
    }
  }

  /**
   * A revision that arrived in a bundle, numbered here: the canonical text and hash were
   * computed when the bundle was verified, the signer is its source, and what the producer
   * said of it (number, time, author, action) is kept as claimed.
   */
  recordImported(input: {
    entryId: string;
    number: number;
    at: string;
    author: string | null;
    changed: readonly EntryField[];
    canonical: { text: string; hash: string };
    sourceId: string;
    claimed: string;
  }): void {
    this.db
      .prepare(
        `INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash, source_id, claimed)
       VALUES (?, ?, ?, ?, 'import', ?, ?, ?, ?, ?)`,
      )
      .run(
        input.entryId,
        input.number,
        input.at,
        input.author,
        JSON.stringify(input.changed),
        input.canonical.text,
        input.canonical.hash,
        input.sourceId,
        input.claimed,
      );
  }

  /** When the entry's first revision was written (a deleted entry brought back keeps it as its creation time). */
  firstAt(entryId: string): string | undefined {
    return this.db.prepare('SELECT at FROM revisions WHERE entry_id = ? ORDER BY number LIMIT 1').pluck().get(entryId) as string | undefined;
  }

  /** Every revision row of an entry, oldest first, as a bundle carries them. */
  rowsOf(entryId: string): Omit<RevisionRow, 'entry_id'>[] {
    return this.db
      .prepare('SELECT number, at, author, action, changed, snapshot, content_hash FROM revisions WHERE entry_id = ? ORDER BY number')
      .all(entryId) as Omit<RevisionRow, 'entry_id'>[];
  }

  /** What an import compares of an entry's history, oldest first: hashes and how each revision came about. */
  lineageOf(entryId: string): RevisionLineage[] {
    return this.db
      .prepare('SELECT content_hash, action, changed, source_id FROM revisions WHERE entry_id = ? ORDER BY number')
      .all(entryId) as RevisionLineage[];
  }

  list(entryId: string): Revision[] {
    const rows = this.db.prepare(`${SOURCED} WHERE r.entry_id = ? ORDER BY r.number`).all(entryId) as SourcedRow[];
    if (rows.length === 0) throw new RatioError('NOT_FOUND', `There is no entry with id ${entryId}, and no history of one.`);
    return rows.map(toRevision);
  }

  get(entryId: string, number: number): RevisionDetail {
    const row = this.db.prepare(`${SOURCED} WHERE r.entry_id = ? AND r.number = ?`).get(entryId, number) as SourcedRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `Entry ${entryId} has no revision ${number}.`);
    return { ...toRevision(row), snapshot: EntrySnapshot.parse(JSON.parse(row.snapshot)) };
  }
}

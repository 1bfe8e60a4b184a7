import type { Database } from 'better-sqlite3';
import type { LinkType } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { newId, nowIso } from '../ids.js';
import type { ConceptSnapshot } from './concepts.js';

export type UndoKind = 'update' | 'tag' | 'delete' | 'bulk' | 'merge' | 'conceptMerge';

export interface LinkKey {
  from: string;
  to: string;
  type: LinkType;
}

/**
 * Everything one curation action changed, enough to take it back: each entry's revision
 * before and after it, and the relations and vocabulary it added or moved.
 */
export interface UndoPlan {
  kind: UndoKind;
  entries: { id: string; before: number; after: number }[];
  linksAdded: LinkKey[];
  linksRemoved: (LinkKey & { createdAt: string })[];
  adoptionsMoved: { id: string; from: string }[];
  /** Tags and an enterprise the action made; taken away again when nothing uses them. */
  tagsCreated: string[];
  enterprisesCreated: string[];
  /** A concept merge: both concepts as they were before it, and the one kept as it was right after. */
  concepts?: ConceptMergeUndo;
}

export interface ConceptMergeUndo {
  from: string;
  into: string;
  /** The rows of `from` and `into` before the merge. */
  before: ConceptSnapshot;
  /** The rows of `into` right after it: the undo is refused once they differ (the concept changed since). */
  after: ConceptSnapshot;
}

export interface UndoEntry {
  token: string;
  at: string;
  actor: string | null;
  label: string;
  plan: UndoPlan;
  undoneAt: string | null;
}

/** How many actions are kept: enough for any session's undo, and the log stays small. */
const KEPT_ACTIONS = 1000;

export function emptyPlan(kind: UndoKind): UndoPlan {
  return { kind, entries: [], linksAdded: [], linksRemoved: [], adoptionsMoved: [], tagsCreated: [], enterprisesCreated: [] };
}

/** The curation actions that can be undone, newest last; history itself is never rewritten. */
export class UndoLog {
  constructor(private readonly db: Database) {}

  record(label: string, actor: string | null, plan: UndoPlan): string {
    const token = newId();
    this.db.prepare('INSERT INTO undo_actions (token, at, actor, label, plan) VALUES (?, ?, ?, ?, ?)').run(token, nowIso(), actor, label, JSON.stringify(plan));
    this.db
      .prepare('DELETE FROM undo_actions WHERE token IN (SELECT token FROM undo_actions ORDER BY at DESC, token DESC LIMIT -1 OFFSET ?)')
      .run(KEPT_ACTIONS);
    return token;
  }

  get(token: string): UndoEntry {
    const row = this.db.prepare('SELECT token, at, actor, label, plan, undone_at FROM undo_actions WHERE token = ?').get(token) as
      { token: string; at: string; actor: string | null; label: string; plan: string; undone_at: string | null } | undefined;
    if (!row) throw new RatioError('NOT_FOUND', 'There is no such action to undo (only the last 1,000 actions can be undone).');
    return { token: row.token, at: row.at, actor: row.actor, label: row.label, plan: JSON.parse(row.plan) as UndoPlan, undoneAt: row.undone_at };
  }

  markUndone(token: string): void {
    this.db.prepare('UPDATE undo_actions SET undone_at = ? WHERE token = ?').run(nowIso(), token);
  }
}

import { ENTRY_FIELDS, type EntryField, type RevisionAction } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { ParsedRequestOf } from '../../../shared/contract/index.js';
import { snapshotOf, type Entry, type EntryPatch, type EntrySnapshot } from '../../../shared/schemas/entry.js';
import { newId, nowIso } from '../ids.js';
import type { EntryRepository } from '../repos/entries.js';
import { canonicalJson, type RevisionRepository } from '../repos/revisions.js';
import type { TrashRepository } from '../repos/trash.js';
import type { Transactor } from '../transactor.js';

function changedFields(before: EntrySnapshot, after: EntrySnapshot): EntryField[] {
  return ENTRY_FIELDS.filter((field) => canonicalJson(before[field]) !== canonicalJson(after[field]));
}

/** Create, edit, delete and restore entries; every change leaves a revision in the same transaction. */
export class EntryService {
  constructor(
    private readonly tx: Transactor,
    private readonly entries: EntryRepository,
    private readonly revisions: RevisionRepository,
    private readonly actor: string | null,
    /** Keeps a deleted entry's relations so a restore brings them back. */
    private readonly trash?: TrashRepository,
  ) {}

  /** `attachments` are already in the blob store (the demo loader and importers put them there first). */
  create(input: ParsedRequestOf<'entries.create'>, attachments: EntrySnapshot['attachments'] = []): Entry {
    return this.tx(() => {
      const id = input.id ?? newId();
      if (this.entries.exists(id)) throw new RatioError('CONFLICT', `An entry with id ${id} already exists.`);
      if (this.revisions.latestNumber(id) > 0) {
        throw new RatioError('CONFLICT', `Id ${id} belonged to a deleted entry; restore it instead.`);
      }
      const now = nowIso();
      const snapshot: EntrySnapshot = {
        kind: input.kind,
        title: input.title,
        summary: input.summary,
        body: input.body,
        status: input.status,
        language: input.language,
        enterprise: input.enterprise,
        registration: input.registration,
        authors: input.authors,
        tags: [],
        classification: input.classification,
        attachments,
      };
      this.entries.write(id, { ...snapshot, tags: input.tags }, { createdAt: input.createdAt ?? now, updatedAt: now, revision: 1 }, true);
      const entry = this.entries.get(id);
      this.revisions.record({
        entryId: id,
        number: 1,
        at: now,
        author: this.actor,
        action: 'create',
        changed: [...ENTRY_FIELDS],
        snapshot: snapshotOf(entry),
      });
      return entry;
    });
  }

  /** Applies a new state; a state equal to the current one records nothing. */
  private apply(id: string, next: (current: EntrySnapshot) => EntrySnapshot, action: RevisionAction, expectedRevision?: number): Entry {
    return this.tx(() => {
      const current = this.entries.get(id);
      if (expectedRevision !== undefined && current.revision !== expectedRevision) {
        throw new RatioError(
          'CONFLICT',
          `The entry was changed elsewhere (now at revision ${current.revision}, you edited ${expectedRevision}); reload it and edit again.`,
          { key: 'core.changedElsewhere', params: { current: current.revision, edited: expectedRevision } },
        );
      }
      const before = snapshotOf(current);
      const after = next(before);
      // Written first so tags, people and enterprises resolve as a reader will see them; the
      // comparison is then against what is stored, and a no-op change records no revision.
      this.entries.write(id, after, { createdAt: current.createdAt, updatedAt: current.updatedAt, revision: current.revision }, false, undefined, before);
      const stored = this.entries.get(id);
      const written = snapshotOf(stored);
      const changed = changedFields(before, written);
      if (changed.length === 0) return current;
      const number = this.revisions.latestNumber(id) + 1;
      const now = nowIso();
      this.entries.stamp(id, now, number);
      this.revisions.record({ entryId: id, number, at: now, author: this.actor, action, changed, snapshot: written });
      // What get() would read now: the stored entry with its new stamp.
      return { ...stored, updatedAt: now, revision: number };
    });
  }

  update(id: string, patch: EntryPatch, expectedRevision?: number): Entry {
    return this.apply(id, (current) => ({ ...current, ...patch }), 'update', expectedRevision);
  }

  tag(id: string, add: readonly string[], remove: readonly string[]): Entry {
    return this.apply(
      id,
      (current) => {
        const removeSet = new Set(remove.map((t) => t.toLowerCase()));
        const kept = current.tags.filter((t) => !removeSet.has(t.toLowerCase()));
        const missing = remove.filter((t) => !current.tags.some((c) => c.toLowerCase() === t.toLowerCase()));
        if (missing.length > 0) throw new RatioError('NOT_FOUND', `The entry is not tagged ${missing.map((t) => `"${t}"`).join(', ')}.`);
        return { ...current, tags: [...kept, ...add] };
      },
      'update',
    );
  }

  /** Any change of an entry's recorded state, as one revision (a merge changes tags and attachments together). */
  revise(id: string, next: (current: EntrySnapshot) => EntrySnapshot): Entry {
    return this.apply(id, next, 'update');
  }

  setAttachments(id: string, change: (current: EntrySnapshot['attachments']) => EntrySnapshot['attachments']): Entry {
    return this.apply(id, (current) => ({ ...current, attachments: change(current.attachments) }), 'update');
  }

  /** Moves the entry to the trash; returns the number of the delete revision. */
  delete(id: string, options: { mergedInto?: string } = {}): number {
    return this.tx(() => {
      const current = this.entries.get(id);
      const number = this.revisions.latestNumber(id) + 1;
      const at = nowIso();
      this.revisions.record({
        entryId: id,
        number,
        at,
        author: this.actor,
        action: 'delete',
        changed: [],
        snapshot: snapshotOf(current),
      });
      this.trash?.stash(id, { deletedAt: at, deletedBy: this.actor, revision: number, mergedInto: options.mergedInto ?? null });
      this.entries.delete(id);
      return number;
    });
  }

  /** Brings back the state of revision `number`, as a new revision; revives a deleted entry too. */
  restore(id: string, number: number): Entry {
    return this.tx(() => {
      const revision = this.revisions.get(id, number);
      if (revision.action === 'delete') {
        throw new RatioError('INVALID_INPUT', `Revision ${number} records the deletion; restore the revision before it.`);
      }
      if (this.entries.exists(id)) return this.apply(id, () => revision.snapshot, 'restore');
      const next = this.revisions.latestNumber(id) + 1;
      const now = nowIso();
      const created = this.revisions.list(id)[0]?.at ?? now;
      this.entries.write(id, revision.snapshot, { createdAt: created, updatedAt: now, revision: next }, true);
      this.trash?.revive(id);
      const entry = this.entries.get(id);
      this.revisions.record({
        entryId: id,
        number: next,
        at: now,
        author: this.actor,
        action: 'restore',
        changed: [...ENTRY_FIELDS],
        snapshot: snapshotOf(entry),
      });
      return entry;
    });
  }
}

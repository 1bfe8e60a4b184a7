import { RatioError } from '../../../shared/errors.js';
import type { Entry, EntryPatch } from '../../../shared/schemas/entry.js';
import type { CatalogueCore } from '../catalogue.js';
import { emptyPlan, type UndoKind, type UndoPlan } from '../repos/undo-log.js';
import { mergeConceptsNoting, undoConceptMerge, type ConceptMergeOutcome } from './concept-merge.js';

export interface Undoable<T> {
  result: T;
  /** The token that takes the action back; null when the action changed nothing. */
  undo: string | null;
}

const quoted = (title: string): string => `"${title.length > 60 ? `${title.slice(0, 59)}…` : title}"`;

function idsOf(catalogue: CatalogueCore, table: 'tags' | 'enterprises'): Set<string> {
  return new Set(catalogue.db.prepare(`SELECT id FROM ${table}`).pluck().all() as string[]);
}

function hasChanges(plan: UndoPlan): boolean {
  return plan.entries.length > 0 || plan.linksAdded.length > 0 || plan.linksRemoved.length > 0 || plan.adoptionsMoved.length > 0 || plan.concepts !== undefined;
}

/**
 * Runs one curation action in one transaction and records what it changed, so entries.undo
 * can take it back: `work` notes each entry's revision before and after in the plan (and
 * the links and adoptions it moved); the tags and enterprises it made are found by
 * comparing what exists before and after.
 */
export function recordUndoable<T>(
  catalogue: CatalogueCore,
  kind: UndoKind,
  work: (plan: UndoPlan) => T,
  label: (result: T, plan: UndoPlan) => string,
): Undoable<T> {
  return catalogue.transaction(() => {
    const tagsBefore = idsOf(catalogue, 'tags');
    const enterprisesBefore = idsOf(catalogue, 'enterprises');
    const plan = emptyPlan(kind);
    const result = work(plan);
    if (!hasChanges(plan)) return { result, undo: null };
    plan.tagsCreated = [...idsOf(catalogue, 'tags')].filter((id) => !tagsBefore.has(id));
    plan.enterprisesCreated = [...idsOf(catalogue, 'enterprises')].filter((id) => !enterprisesBefore.has(id));
    return { result, undo: catalogue.undoLog.record(label(result, plan), catalogue.actor, plan) };
  });
}

/** Notes an entry's revision before a change and after it, when the change wrote one. */
export function noteChange(plan: UndoPlan, id: string, before: number, after: number): void {
  if (after !== before) plan.entries.push({ id, before, after });
}

/** entries.update with an undo token. */
export function updateEntry(catalogue: CatalogueCore, id: string, patch: EntryPatch, expectedRevision?: number): Undoable<Entry> {
  return recordUndoable(
    catalogue,
    'update',
    (plan) => {
      const before = catalogue.entryRepo.exists(id) ? catalogue.revisionRepo.latestNumber(id) : 0;
      const entry = catalogue.entryService.update(id, patch, expectedRevision);
      noteChange(plan, id, before, catalogue.revisionRepo.latestNumber(id));
      return entry;
    },
    (entry) => `Changed ${quoted(entry.title)}`,
  );
}

/** entries.tag with an undo token. */
export function tagEntry(catalogue: CatalogueCore, id: string, add: readonly string[], remove: readonly string[]): Undoable<Entry> {
  return recordUndoable(
    catalogue,
    'tag',
    (plan) => {
      const before = catalogue.entryRepo.exists(id) ? catalogue.revisionRepo.latestNumber(id) : 0;
      const entry = catalogue.entryService.tag(id, add, remove);
      noteChange(plan, id, before, catalogue.revisionRepo.latestNumber(id));
      return entry;
    },
    (entry) => `Changed the tags of ${quoted(entry.title)}`,
  );
}

/** entries.delete with an undo token: the entry goes to the trash. */
export function trashEntry(catalogue: CatalogueCore, id: string): Undoable<{ title: string }> {
  return recordUndoable(
    catalogue,
    'delete',
    (plan) => {
      const current = catalogue.entryRepo.get(id);
      const before = catalogue.revisionRepo.latestNumber(id);
      const after = catalogue.entryService.delete(id);
      plan.entries.push({ id, before, after });
      return { title: current.title };
    },
    ({ title }) => `Moved ${quoted(title)} to the trash`,
  );
}

/** thesaurus.merge with an undo token that brings the merged concept back exactly (concept-merge.ts). */
export function mergeConcepts(catalogue: CatalogueCore, from: string, into: string): Undoable<ConceptMergeOutcome> {
  return recordUndoable(
    catalogue,
    'conceptMerge',
    (plan) => mergeConceptsNoting(catalogue, plan, from, into),
    ({ names }) => `Merged the concept ${quoted(names.from)} into ${quoted(names.into)}`,
  );
}

/** Removes tags and enterprises an undone action made, where nothing uses them now. */
function dropUnused(catalogue: CatalogueCore, plan: UndoPlan): void {
  const { db } = catalogue;
  let left = [...plan.tagsCreated];
  const unusedTag = db.prepare(
    `SELECT 1 FROM tags t WHERE t.id = ?
       AND NOT EXISTS (SELECT 1 FROM entry_tags WHERE tag_id = t.id)
       AND NOT EXISTS (SELECT 1 FROM tags c WHERE c.parent_id = t.id)
       AND NOT EXISTS (SELECT 1 FROM tag_synonyms WHERE tag_id = t.id)`,
  );
  // Children first: a parent is free only once the children it was made for have gone.
  for (let progress = true; progress && left.length > 0;) {
    progress = false;
    left = left.filter((id) => {
      if (unusedTag.get(id) === undefined) return true;
      db.prepare('DELETE FROM tags WHERE id = ?').run(id);
      progress = true;
      return false;
    });
  }
  const unusedEnterprise = db.prepare(
    `SELECT 1 FROM enterprises e WHERE e.id = ? AND e.public_key IS NULL
       AND NOT EXISTS (SELECT 1 FROM entries WHERE enterprise_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM adoptions WHERE enterprise_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM bundles WHERE producer_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM exports WHERE recipient_id = e.id)
       AND NOT EXISTS (SELECT 1 FROM settings WHERE value = e.id)`,
  );
  for (const id of plan.enterprisesCreated) {
    if (unusedEnterprise.get(id) !== undefined && catalogue.trash?.adoptionsOf(id) === 0) db.prepare('DELETE FROM enterprises WHERE id = ?').run(id);
  }
}

/**
 * Takes a curation action back in one transaction: every entry it changed returns to its
 * state before the action as a new revision (history is never rewritten), entries it
 * trashed come back with their relations, and links and adoptions it moved move back.
 * Refused, with nothing done, when any of those entries has changed since.
 */
export function undoAction(
  catalogue: CatalogueCore,
  token: string,
  progress?: (done: number, total: number) => void,
): { kind: UndoKind; label: string; entries: number } {
  return catalogue.transaction(() => {
    const action = catalogue.undoLog.get(token);
    if (action.undoneAt !== null) throw new RatioError('CONFLICT', `"${action.label}" was already undone.`);
    const { plan } = action;
    const changedSince = plan.entries.filter((c) => catalogue.revisionRepo.latestNumber(c.id) !== c.after);
    if (changedSince.length > 0) {
      const first = changedSince[0] as { id: string };
      const title = catalogue.entryRepo.exists(first.id) ? catalogue.entryRepo.get(first.id).title : first.id;
      const some = changedSince.length === 1 ? `${quoted(title)} was` : `${changedSince.length} of its entries (${quoted(title)} among them) were`;
      throw new RatioError('CONFLICT', `"${action.label}" cannot be undone: ${some} changed after it, and undoing would overwrite that; nothing was undone.`);
    }
    if (plan.concepts) undoConceptMerge(catalogue, plan.concepts, action.label);
    const restore = (): void => {
      plan.entries.forEach((c, i) => {
        catalogue.entryService.restore(c.id, c.before);
        if (i % 500 === 499) progress?.(i + 1, plan.entries.length);
      });
    };
    if (catalogue.searchIndexer) catalogue.searchIndexer.deferring(restore);
    else restore();
    const { db } = catalogue;
    const removeLink = db.prepare('DELETE FROM links WHERE from_id = ? AND to_id = ? AND type = ?');
    for (const l of plan.linksAdded) removeLink.run(l.from, l.to, l.type);
    const addLink = db.prepare(
      `INSERT OR IGNORE INTO links (from_id, to_id, type, created_at)
       SELECT @from, @to, @type, @createdAt WHERE EXISTS (SELECT 1 FROM entries WHERE id = @from) AND EXISTS (SELECT 1 FROM entries WHERE id = @to)`,
    );
    for (const l of plan.linksRemoved) addLink.run(l);
    const moveBack = db.prepare('UPDATE adoptions SET entry_id = ? WHERE id = ? AND EXISTS (SELECT 1 FROM entries WHERE id = ?)');
    for (const a of plan.adoptionsMoved) moveBack.run(a.from, a.id, a.from);
    dropUnused(catalogue, plan);
    catalogue.undoLog.markUndone(token);
    progress?.(plan.entries.length, plan.entries.length);
    return { kind: plan.kind, label: action.label, entries: plan.entries.length };
  });
}

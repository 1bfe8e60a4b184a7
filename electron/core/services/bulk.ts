import type { EntryStatus } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { BulkChangeCount, BulkResult } from '../../../shared/schemas/curation.js';
import type { EntryPatch } from '../../../shared/schemas/entry.js';
import type { CatalogueCore } from '../catalogue.js';
import { noteChange, recordUndoable } from './curation.js';
import { UUID_PATTERN } from '../../../shared/text-rules.js';

/** The changes of a bulk action after the API parsed them. */
export interface BulkChangeSet {
  addTags: readonly string[];
  removeTags: readonly string[];
  status?: EntryStatus | undefined;
  enterprise?: string | null | undefined;
  trash?: true | undefined;
  linkDuplicatesOf?: string | undefined;
}

interface CurrentState {
  title: string;
  status: EntryStatus;
  enterpriseId: string | null;
  /** Tag paths, lower-cased, for comparing. */
  tags: Set<string>;
  /** Tag paths as stored. */
  tagPaths: string[];
}

const SAMPLE = 20;
/** Entries written between two progress reports (and indexed together). */
const CHUNK = 500;

/** The current status, enterprise, title and tags of many entries, with a few queries. */
function currentStates(catalogue: CatalogueCore, ids: readonly string[]): Map<string, CurrentState> {
  const { db } = catalogue;
  const out = new Map<string, CurrentState>();
  const paths = catalogue.tags.paths();
  for (let i = 0; i < ids.length; i += 10_000) {
    const json = JSON.stringify(ids.slice(i, i + 10_000));
    for (const row of db.prepare('SELECT id, title, status, enterprise_id FROM entries WHERE id IN (SELECT value FROM json_each(?))').all(json) as {
      id: string;
      title: string;
      status: EntryStatus;
      enterprise_id: string | null;
    }[]) {
      out.set(row.id, { title: row.title, status: row.status, enterpriseId: row.enterprise_id, tags: new Set(), tagPaths: [] });
    }
    for (const row of db.prepare('SELECT entry_id, tag_id FROM entry_tags WHERE entry_id IN (SELECT value FROM json_each(?))').all(json) as {
      entry_id: string;
      tag_id: string;
    }[]) {
      const state = out.get(row.entry_id);
      const path = paths.get(row.tag_id);
      if (!state || path === undefined) continue;
      state.tags.add(path.toLowerCase());
      state.tagPaths.push(path);
    }
  }
  return out;
}

function describe(changes: BulkChangeSet, enterpriseName: string | null): string {
  const parts: string[] = [];
  if (changes.addTags.length > 0) parts.push(`tagged ${changes.addTags.join(', ')}`);
  if (changes.removeTags.length > 0) parts.push(`untagged ${changes.removeTags.join(', ')}`);
  if (changes.status) parts.push(`set status ${changes.status}`);
  if (changes.enterprise !== undefined) parts.push(enterpriseName === null ? 'took the enterprise off' : `set enterprise ${enterpriseName}`);
  if (changes.linkDuplicatesOf) parts.push('linked as duplicates');
  if (changes.trash) parts.push('moved to the trash');
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * One change applied to many entries: previewed exactly (per change, the entries it would
 * change; those already in that state are not counted), or applied in one transaction
 * with one revision per changed entry and one undo token for the whole action.
 */
export function bulkChange(
  catalogue: CatalogueCore,
  ids: readonly string[],
  changes: BulkChangeSet,
  options: { dryRun: boolean; progress?: ((done: number, total: number) => void) | undefined },
): BulkResult {
  const selection = [...new Set(ids)];
  const states = currentStates(catalogue, selection);
  const missing = selection.filter((id) => !states.has(id));
  if (missing.length > 0) {
    throw new RatioError(
      'NOT_FOUND',
      `${missing.length === 1 ? 'One of the chosen entries does' : `${missing.length} of the chosen entries do`} not exist (${missing[0] as string}); nothing was changed.`,
    );
  }

  // Tags as the catalogue spells them; new ones are created on apply.
  const newTags: string[] = [];
  const addTags = changes.addTags.map((path) => {
    const id = catalogue.tags.find(path);
    if (id === undefined) {
      newTags.push(path);
      return path;
    }
    return catalogue.tags.pathOf(id);
  });
  const removeTags = changes.removeTags.map((path) => catalogue.tags.pathOf(catalogue.tags.require(path)));
  const both = addTags.find((t) => removeTags.some((r) => r.toLowerCase() === t.toLowerCase()));
  if (both !== undefined) throw new RatioError('INVALID_INPUT', `Tag "${both}" cannot be both added and removed.`);

  let enterpriseId: string | null | undefined;
  let enterpriseName: string | null = null;
  let newEnterprise: string | null = null;
  if (changes.enterprise === null) enterpriseId = null;
  else if (changes.enterprise !== undefined) {
    const found = catalogue.enterprises.find(changes.enterprise);
    if (found !== undefined) {
      enterpriseId = found;
      enterpriseName = catalogue.enterprises.get(found).name;
    } else if (UUID_PATTERN.test(changes.enterprise)) {
      throw new RatioError('NOT_FOUND', `There is no enterprise with id ${changes.enterprise}.`);
    } else {
      enterpriseName = changes.enterprise;
      newEnterprise = changes.enterprise;
    }
  }
  const target = changes.linkDuplicatesOf;
  if (target !== undefined && !catalogue.entryRepo.exists(target))
    throw new RatioError('NOT_FOUND', `There is no entry with id ${target} to link the duplicates to.`);
  const linkedAlready = new Set(
    target === undefined ? [] : (catalogue.db.prepare("SELECT from_id FROM links WHERE to_id = ? AND type = 'duplicate-of'").pluck().all(target) as string[]),
  );

  const counts: BulkChangeCount[] = [];
  const count = (change: BulkChangeCount['change'], value: string | null, applies: (id: string, s: CurrentState) => boolean): void => {
    const changed = selection.filter((id) => applies(id, states.get(id) as CurrentState));
    counts.push({ change, value, count: changed.length, ids: changed });
  };
  for (const tag of addTags) count('addTag', tag, (_, s) => !s.tags.has(tag.toLowerCase()));
  for (const tag of removeTags) count('removeTag', tag, (_, s) => s.tags.has(tag.toLowerCase()));
  if (changes.status) count('status', changes.status, (_, s) => s.status !== changes.status);
  if (enterpriseId !== undefined || newEnterprise !== null)
    count('enterprise', enterpriseName, (_, s) => newEnterprise !== null || s.enterpriseId !== enterpriseId);
  if (changes.trash) count('trash', null, () => true);
  if (target !== undefined) count('linkDuplicate', target, (id) => id !== target && !linkedAlready.has(id));

  const changedIds = new Set(counts.flatMap((c) => c.ids));
  const ordered = selection.filter((id) => changedIds.has(id));
  const base = {
    selected: selection.length,
    changed: ordered.length,
    changes: counts,
    sample: ordered.slice(0, SAMPLE).map((id) => ({ id, title: (states.get(id) as CurrentState).title })),
    newTags,
    newEnterprise,
  };
  if (options.dryRun || ordered.length === 0) return { ...base, dryRun: options.dryRun, revisions: 0, undo: null };

  const stateChanges = new Set(counts.filter((c) => c.change !== 'linkDuplicate').flatMap((c) => c.ids));
  const toLink = new Set(counts.find((c) => c.change === 'linkDuplicate')?.ids ?? []);
  let revisions = 0;
  const { undo } = recordUndoable(
    catalogue,
    'bulk',
    (plan) => {
      const write = (id: string): void => {
        const state = states.get(id) as CurrentState;
        const before = catalogue.revisionRepo.latestNumber(id);
        if (changes.trash) {
          noteChange(plan, id, before, catalogue.entryService.delete(id));
          revisions += 1;
          return;
        }
        if (stateChanges.has(id)) {
          const patch: EntryPatch = {};
          if (addTags.length + removeTags.length > 0) {
            const removed = new Set(removeTags.map((t) => t.toLowerCase()));
            const kept = state.tagPaths.filter((t) => !removed.has(t.toLowerCase()));
            patch.tags = [...kept, ...addTags.filter((t) => !state.tags.has(t.toLowerCase()))];
          }
          if (changes.status) patch.status = changes.status;
          if (enterpriseId !== undefined || newEnterprise !== null) patch.enterprise = enterpriseName;
          catalogue.entryService.update(id, patch);
          const after = catalogue.revisionRepo.latestNumber(id);
          noteChange(plan, id, before, after);
          if (after !== before) revisions += 1;
        }
        if (target !== undefined && toLink.has(id) && catalogue.relations.addLink(id, target, 'duplicate-of')) {
          plan.linksAdded.push({ from: id, to: target, type: 'duplicate-of' });
        }
      };
      for (let i = 0; i < ordered.length; i += CHUNK) {
        const chunk = ordered.slice(i, i + CHUNK);
        // Indexed a chunk at a time: the index reads the chunk's entries with a few queries.
        if (catalogue.searchIndexer) catalogue.searchIndexer.deferring(() => chunk.forEach(write));
        else chunk.forEach(write);
        options.progress?.(Math.min(i + CHUNK, ordered.length), ordered.length);
      }
    },
    () => `${describe({ ...changes, addTags, removeTags }, enterpriseName)} on ${ordered.length} ${ordered.length === 1 ? 'entry' : 'entries'}`,
  );
  return { ...base, dryRun: false, revisions, undo };
}

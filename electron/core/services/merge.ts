import type { LinkType } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { AttachmentRef } from '../../../shared/schemas/entry.js';
import type { CatalogueCore } from '../catalogue.js';
import { nowIso } from '../ids.js';
import { noteChange, recordUndoable } from './curation.js';

export interface MergeOutcome {
  kept: { id: string; revision: number };
  trashed: string;
  tagsAdded: number;
  attachmentsAdded: number;
  adoptionsMoved: number;
  linksMoved: number;
  undo: string;
}

/** "drawing.pdf" → "drawing (2).pdf": a name the kept entry does not use yet. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n += 1) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Merges a duplicate into the entry kept, in one transaction: the other's tags and
 * attachments join the kept entry (a new revision for it when that changes it), its
 * adoptions and links move over, and the other goes to the trash (its delete revision),
 * remembered as a duplicate of the kept one. Its provenance stays with it: the kept entry
 * did not arrive in those bundles. One undo token takes it all back.
 */
/** Records that two entries are not duplicates, so the pair is never proposed again (in either order). */
export function markNotDuplicate(catalogue: CatalogueCore, first: string, second: string): void {
  const [a, b] = first < second ? [first, second] : [second, first];
  catalogue.db.prepare('INSERT OR IGNORE INTO not_duplicates (a, b, created_at, actor) VALUES (?, ?, ?, ?)').run(a, b, nowIso(), catalogue.actor);
}

export function mergeEntries(catalogue: CatalogueCore, keepId: string, otherId: string): MergeOutcome {
  if (keepId === otherId) throw new RatioError('INVALID_INPUT', 'An entry cannot be merged with itself.');
  let outcome: Omit<MergeOutcome, 'undo'> | undefined;
  const { undo } = recordUndoable(
    catalogue,
    'merge',
    (plan) => {
      const keep = catalogue.entryRepo.get(keepId);
      const other = catalogue.entryRepo.get(otherId);
      const { db } = catalogue;

      const links = db
        .prepare('SELECT from_id AS "from", to_id AS "to", type, created_at AS createdAt FROM links WHERE from_id = @id OR to_id = @id')
        .all({ id: otherId }) as { from: string; to: string; type: LinkType; createdAt: string }[];
      let linksMoved = 0;
      for (const link of links) {
        db.prepare('DELETE FROM links WHERE from_id = ? AND to_id = ? AND type = ?').run(link.from, link.to, link.type);
        plan.linksRemoved.push(link);
        const from = link.from === otherId ? keepId : link.from;
        const to = link.to === otherId ? keepId : link.to;
        // A link between the two entries says nothing once they are one.
        if (from === to) continue;
        if (catalogue.relations.addLink(from, to, link.type)) {
          plan.linksAdded.push({ from, to, type: link.type });
          linksMoved += 1;
        }
      }

      const adoptions = db.prepare('SELECT id FROM adoptions WHERE entry_id = ?').pluck().all(otherId) as string[];
      db.prepare('UPDATE adoptions SET entry_id = ? WHERE entry_id = ?').run(keepId, otherId);
      for (const id of adoptions) plan.adoptionsMoved.push({ id, from: otherId });

      const ownTags = new Set(keep.tags.map((t) => t.toLowerCase()));
      const tagsToAdd = other.tags.filter((t) => !ownTags.has(t.toLowerCase()));
      const names = new Set(keep.attachments.map((a) => a.name));
      const hashes = new Set(keep.attachments.map((a) => a.sha256));
      const attachments: AttachmentRef[] = [];
      for (const a of other.attachments) {
        if (hashes.has(a.sha256)) continue;
        const name = freeName(a.name, names);
        names.add(name);
        hashes.add(a.sha256);
        attachments.push({ ...a, name });
      }
      const keepBefore = catalogue.revisionRepo.latestNumber(keepId);
      let revision = keepBefore;
      if (tagsToAdd.length + attachments.length > 0) {
        catalogue.entryService.revise(keepId, (current) => ({
          ...current,
          tags: [...current.tags, ...tagsToAdd],
          attachments: [...current.attachments, ...attachments],
        }));
        revision = catalogue.revisionRepo.latestNumber(keepId);
      }
      noteChange(plan, keepId, keepBefore, revision);

      // The duplicate-of link goes with the other into the trash, so a restore keeps the judgement.
      db.prepare('INSERT OR IGNORE INTO links (from_id, to_id, type, created_at) VALUES (?, ?, ?, ?)').run(otherId, keepId, 'duplicate-of', nowIso());
      plan.linksAdded.push({ from: otherId, to: keepId, type: 'duplicate-of' });
      const otherBefore = catalogue.revisionRepo.latestNumber(otherId);
      const deleted = catalogue.entryService.delete(otherId, { mergedInto: keepId });
      plan.entries.push({ id: otherId, before: otherBefore, after: deleted });
      outcome = {
        kept: { id: keepId, revision },
        trashed: otherId,
        tagsAdded: tagsToAdd.length,
        attachmentsAdded: attachments.length,
        adoptionsMoved: adoptions.length,
        linksMoved,
      };
    },
    () => `Merged "${catalogue.entryRepo.get(keepId).title}" with its duplicate`,
  );
  if (!outcome || undo === null) throw new RatioError('INTERNAL', 'The merge recorded nothing.');
  return { ...outcome, undo };
}

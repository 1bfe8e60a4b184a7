import { z } from 'zod';
import { read, write } from './operation.js';
import { Empty, Id } from '../schemas/common.js';
import { Adoption, Entry } from '../schemas/entry.js';
import { Tag } from '../schemas/catalogue.js';
import {
  AdoptionUpdate,
  BulkRequest,
  BulkResult,
  EnterpriseDeleteRequest,
  EnterpriseMergeRequest,
  EnterpriseMergeResult,
  MergeRequest,
  MergeResult,
  NotDuplicateRequest,
  OwnEnterprise,
  OwnEnterpriseRequest,
  SavedSearch,
  SavedSearchCreate,
  SavedSearchUpdate,
  TagMoveRequest,
  TrashedEntry,
  TrashList,
  TrashListRequest,
  UndoRequest,
  UndoResult,
} from '../schemas/curation.js';

const ById = z.object({ id: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });

/**
 * Curation: changing many entries at once and undoing it, the trash, saved searches,
 * merging duplicates and enterprises, naming this catalogue's enterprise, moving tags and
 * editing adoptions.
 */
export const curationOperations = {
  /** Previews (dryRun) or applies changes to every selected entry: one transaction, one revision per changed entry, one undo token. Reports progress. */
  'entries.bulk': write(BulkRequest, BulkResult),
  /** Takes back one curation action (bulk, update, tag change, delete, merge) by its token; refused when its entries changed since. */
  'entries.undo': write(UndoRequest, UndoResult),
  /** Merges `other` into `keep` (tags, attachments, adoptions, links); `other` goes to the trash as a duplicate of `keep`. */
  'entries.merge': write(MergeRequest, MergeResult),
  /** Records that two entries are not duplicates: entries.duplicates never proposes the pair again. */
  'entries.notDuplicate': write(NotDuplicateRequest, Ok),

  'trash.list': read(TrashListRequest, TrashList),
  /** A deleted entry, read-only, as it was when deleted. */
  'trash.get': read(ById, TrashedEntry),
  /** Brings an entry back from the trash with its adoptions, links and provenance. */
  'trash.restore': write(ById, Entry),

  'savedSearches.list': read(Empty, z.object({ searches: z.array(SavedSearch) })),
  'savedSearches.create': write(SavedSearchCreate, SavedSearch),
  'savedSearches.update': write(SavedSearchUpdate, SavedSearch),
  'savedSearches.delete': write(ById, Ok),

  /** Re-points entries (each with a revision), adoptions, bundles and exports from one enterprise to another and deletes the first. */
  'enterprises.merge': write(EnterpriseMergeRequest, EnterpriseMergeResult),
  /** Deletes an enterprise nothing refers to (CONFLICT says what does). */
  'enterprises.delete': write(EnterpriseDeleteRequest, Ok),
  /** Names this catalogue's own enterprise (the one that signs its bundles). */
  'catalogue.setOwnEnterprise': write(OwnEnterpriseRequest, OwnEnterprise),

  /** Puts a tag under another parent (null: at the top); refuses cycles and clashes. */
  'tags.move': write(TagMoveRequest, Tag),

  'adoptions.update': write(AdoptionUpdate, Adoption),
} as const;

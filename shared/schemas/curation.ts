import { z } from 'zod';
import { EnterpriseRef, Id, IsoDate, TagPath } from './common.js';
import { Adoption, Effect, EntryKind, EntryStatus, EntrySnapshot, Link, Provenance } from './entry.js';
import { ConceptRef, SearchFilters, SearchSort } from './search.js';

/** An undo token: names one curation action the catalogue can take back (entries.undo). */
export const UndoToken = Id;

/**
 * Which entries a bulk action covers: chosen ones, every match of a search (query, filters
 * and expansion as search.query takes them), or every match of a saved search.
 */
export const BulkSelection = z.discriminatedUnion(
  'by',
  [
    z.object({ by: z.literal('ids'), ids: z.array(Id).min(1, 'Choose at least one entry.').max(1_000_000) }).strict(),
    z
      .object({
        by: z.literal('search'),
        query: z.string().max(1000, 'A query is at most 1,000 characters.').default(''),
        filters: SearchFilters.default({}),
        /** Thesaurus expansion as search.query takes it, so "every match" is every entry the list showed. */
        expand: z.boolean().optional(),
        /** Concepts whose expansion chips the person switched off. */
        expandOff: z.array(ConceptRef).max(50).optional(),
      })
      .strict(),
    z.object({ by: z.literal('savedSearch'), id: Id }).strict(),
  ],
  { message: 'Choose entries by "ids", "search" or "savedSearch".' },
);
export type BulkSelection = z.input<typeof BulkSelection>;

/** What a bulk action changes on every selected entry; moving to the trash goes alone. */
export const BulkChanges = z
  .object({
    addTags: z.array(TagPath).max(50).default([]),
    removeTags: z.array(TagPath).max(50).default([]),
    status: EntryStatus.optional(),
    /** An enterprise by id or name; null takes the enterprise off. */
    enterprise: EnterpriseRef.nullable().optional(),
    /** Moves the entries to the trash (they can be restored, or the action undone). */
    trash: z.literal(true).optional(),
    /** Links every selected entry except this one to it as `duplicate-of`. */
    linkDuplicatesOf: Id.optional(),
  })
  .strict()
  .refine(
    (c) => c.addTags.length + c.removeTags.length > 0 || c.status !== undefined || c.enterprise !== undefined || c.trash || c.linkDuplicatesOf,
    'Name at least one change.',
  )
  .refine(
    (c) => !c.trash || (c.addTags.length + c.removeTags.length === 0 && c.status === undefined && c.enterprise === undefined && !c.linkDuplicatesOf),
    'Moving entries to the trash cannot be combined with other changes.',
  );
export type BulkChanges = z.input<typeof BulkChanges>;

export const BulkRequest = z
  .object({
    selection: BulkSelection,
    changes: BulkChanges,
    /** Only say what would change; write nothing. */
    dryRun: z.boolean().default(false),
  })
  .strict();

/** One change of a bulk action and the entries it changes (entries already in that state are not counted). */
export const BulkChangeCount = z.object({
  change: z.enum(['addTag', 'removeTag', 'status', 'enterprise', 'trash', 'linkDuplicate']),
  /** The tag path, status, enterprise name (null: none) or entry id the change is about. */
  value: z.string().nullable(),
  count: z.number().int().nonnegative(),
  ids: z.array(Id),
});
export type BulkChangeCount = z.infer<typeof BulkChangeCount>;

export const BulkResult = z.object({
  dryRun: z.boolean(),
  /** Entries the selection covers. */
  selected: z.number().int().nonnegative(),
  /** Entries at least one change applies to. */
  changed: z.number().int().nonnegative(),
  changes: z.array(BulkChangeCount),
  /** Up to 20 of the changed entries, for a preview to name. */
  sample: z.array(z.object({ id: Id, title: z.string() })),
  /** Tags and the enterprise the action creates because they do not exist yet. */
  newTags: z.array(z.string()),
  newEnterprise: z.string().nullable(),
  /** Revisions written (0 on a dry run; links alone add none). */
  revisions: z.number().int().nonnegative(),
  /** Takes the whole action back (null on a dry run or when nothing changed). */
  undo: UndoToken.nullable(),
});
export type BulkResult = z.infer<typeof BulkResult>;

export const UndoRequest = z.object({ token: UndoToken }).strict();
export const UNDO_KINDS = ['update', 'tag', 'delete', 'bulk', 'merge', 'conceptMerge'] as const;
export const UndoResult = z.object({
  /** What kind of action was undone (for a front end's own words), and the core's words for it. */
  kind: z.enum(UNDO_KINDS),
  label: z.string(),
  /** Entries brought back to their state before the action (each with a new revision). */
  entries: z.number().int().nonnegative(),
});

// ——— Saved searches ———

const SavedSearchName = z.string().trim().min(1, 'A saved search needs a name.').max(200, 'A name is at most 200 characters.');

export const SavedSearch = z.object({
  id: Id,
  name: z.string(),
  query: z.string(),
  filters: SearchFilters,
  sort: SearchSort,
  /** Concepts whose expansion chips were switched off when the search was saved: applying it switches them off again. */
  expandOff: z.array(ConceptRef),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedSearch = z.infer<typeof SavedSearch>;

export const SavedSearchCreate = z
  .object({
    name: SavedSearchName,
    query: z.string().max(1000, 'A query is at most 1,000 characters.').default(''),
    filters: SearchFilters.default({}),
    sort: SearchSort.default('relevance'),
    expandOff: z.array(ConceptRef).max(50).default([]),
  })
  .strict();
export const SavedSearchUpdate = z
  .object({
    id: Id,
    name: SavedSearchName.optional(),
    query: z.string().max(1000, 'A query is at most 1,000 characters.').optional(),
    filters: SearchFilters.optional(),
    sort: SearchSort.optional(),
    expandOff: z.array(ConceptRef).max(50).optional(),
  })
  .strict();

// ——— Trash ———

export const TrashItem = z.object({
  id: Id,
  title: z.string(),
  kind: EntryKind,
  status: EntryStatus,
  language: z.string(),
  enterprise: z.string().nullable(),
  tags: z.array(z.string()),
  deletedAt: z.string(),
  deletedBy: z.string().nullable(),
  /** The revision a restore brings back (the last one before the deletion). */
  revision: z.number().int().positive(),
  /** Set when the entry went to the trash by being merged into another. */
  mergedInto: z.object({ id: Id, title: z.string().nullable() }).nullable(),
});
export type TrashItem = z.infer<typeof TrashItem>;

export const TrashListRequest = z
  .object({
    limit: z.number().int().min(1).max(1000).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();
export const TrashList = z.object({ entries: z.array(TrashItem), total: z.number().int().nonnegative() });

/** A deleted entry as it was, read-only: its last state, and the relations it had when deleted. */
export const TrashedEntry = EntrySnapshot.extend({
  id: Id,
  createdAt: z.string(),
  deletedAt: z.string(),
  deletedBy: z.string().nullable(),
  revision: z.number().int().positive(),
  mergedInto: z.object({ id: Id, title: z.string().nullable() }).nullable(),
  adoptions: z.array(Adoption),
  links: z.array(Link),
  provenance: z.array(Provenance),
});
export type TrashedEntry = z.infer<typeof TrashedEntry>;

// ——— Duplicates ———

export const MergeRequest = z
  .object({
    keep: Id,
    other: Id,
  })
  .strict()
  .refine((r) => r.keep !== r.other, 'An entry cannot be merged with itself.');
export const MergeResult = z.object({
  kept: z.object({ id: Id, revision: z.number().int() }),
  /** The entry merged away: now in the trash, recorded as a duplicate of the kept one. */
  trashed: Id,
  tagsAdded: z.number().int(),
  attachmentsAdded: z.number().int(),
  adoptionsMoved: z.number().int(),
  linksMoved: z.number().int(),
  undo: UndoToken,
});

export const NotDuplicateRequest = z
  .object({ a: Id, b: Id })
  .strict()
  .refine((r) => r.a !== r.b, 'Name two different entries.');

// ——— Enterprises ———

export const EnterpriseMergeRequest = z.object({ from: EnterpriseRef, into: EnterpriseRef }).strict();
export const EnterpriseMergeResult = z.object({
  into: z.object({ id: Id, name: z.string() }),
  entries: z.number().int(),
  adoptions: z.number().int(),
  bundles: z.number().int(),
  exports: z.number().int(),
  keyMoved: z.boolean(),
});
export const EnterpriseDeleteRequest = z.object({ ref: EnterpriseRef }).strict();

export const OwnEnterpriseRequest = z.object({ name: z.string().trim().min(1, 'Name the enterprise.').max(300) }).strict();
export const OwnEnterprise = z.object({
  id: Id,
  name: z.string(),
  /** False while the catalogue only has the placeholder name an export made up ("Enterprise a92aa1b0"). */
  named: z.boolean(),
});

// ——— Tags ———

export const TagMoveRequest = z.object({ path: TagPath, parent: TagPath.nullable() }).strict();

// ——— Adoptions ———

export const AdoptionUpdate = z
  .object({
    id: Id,
    enterprise: EnterpriseRef.optional(),
    date: IsoDate.optional(),
    note: z.string().trim().max(5000).optional(),
    /** Replaces every effect of the adoption. */
    effects: z.array(Effect).max(50).optional(),
  })
  .strict()
  .refine((u) => u.enterprise !== undefined || u.date !== undefined || u.note !== undefined || u.effects !== undefined, 'Name at least one field to change.');

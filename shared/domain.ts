/** Closed vocabularies of the catalogue. Kept as tuples so zod enums and UI lists share them. */
export const ENTRY_KINDS = ['proposal', 'invention', 'method'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const ENTRY_STATUSES = ['draft', 'submitted', 'accepted', 'implemented', 'rejected', 'archived'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

/**
 * The review workflow: the statuses an entry at each status is usually moved to next. The
 * entry page offers these as its status actions and `ratio show` prints them; a librarian may
 * still set any status (the editor, bulk changes), since a catalogue brought in from elsewhere
 * seldom followed this path.
 */
export const NEXT_STATUSES: Readonly<Record<EntryStatus, readonly EntryStatus[]>> = {
  draft: ['submitted', 'archived'],
  submitted: ['accepted', 'rejected', 'draft'],
  accepted: ['implemented', 'rejected', 'archived'],
  implemented: ['archived'],
  rejected: ['submitted', 'archived'],
  archived: ['draft'],
};

export const LINK_TYPES = ['related', 'supersedes', 'derived-from', 'duplicate-of'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const REVISION_ACTIONS = ['create', 'update', 'delete', 'restore', 'import'] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** Fields of an entry that a revision tracks and `edit --set` may change. */
export const ENTRY_FIELDS = [
  'kind',
  'title',
  'summary',
  'body',
  'status',
  'language',
  'enterprise',
  'registration',
  'authors',
  'tags',
  'classification',
  'attachments',
] as const;
export type EntryField = (typeof ENTRY_FIELDS)[number];

/** The fields whose value is a list of text (CSV writes them as JSON arrays, front matter as YAML lists, `ratio edit --set` comma-separated). */
export const LIST_FIELDS = ['authors', 'tags', 'classification'] as const satisfies readonly EntryField[];

/** Separator of tag paths: `textiles/wool` is tag `wool` under `textiles`. */
export const TAG_PATH_SEPARATOR = '/';

/** Whether a higher or a lower value of a measured indicator is the improvement. */
export const BETTER_DIRECTIONS = ['higher', 'lower'] as const;
export type BetterDirection = (typeof BETTER_DIRECTIONS)[number];

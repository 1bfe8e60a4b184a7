import { z } from 'zod';
import { BETTER_DIRECTIONS, ENTRY_KINDS, ENTRY_STATUSES, LINK_TYPES, REVISION_ACTIONS, ENTRY_FIELDS } from '../domain.js';
import { ClassificationCode, EnterpriseRef, Id, IsoDate, Language, manyLines, MediaType, oneLine, PersonName, TagPath, Timestamp } from './common.js';
import { SHA256_PATTERN } from '../text-rules.js';

export const EntryKind = z.enum(ENTRY_KINDS, { message: `Kind must be one of: ${ENTRY_KINDS.join(', ')}.` });
export const EntryStatus = z.enum(ENTRY_STATUSES, { message: `Status must be one of: ${ENTRY_STATUSES.join(', ')}.` });
export const LinkType = z.enum(LINK_TYPES, { message: `Link type must be one of: ${LINK_TYPES.join(', ')}.` });

export const Title = oneLine(z.string().trim().min(1, 'A title cannot be empty.').max(500, 'A title is at most 500 characters.'));

export const AttachmentRef = z.object({
  sha256: z.string().regex(SHA256_PATTERN),
  name: z.string(),
  mediaType: z.string(),
  size: z.number().int().nonnegative(),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export const EnterpriseBrief = z.object({ id: Id, name: z.string() });

export const AttachmentName = oneLine(
  z
    .string()
    .trim()
    .min(1)
    .max(255)
    .refine((n) => !/[\\/\0]/.test(n) && n !== '.' && n !== '..', {
      message: 'An attachment name cannot contain a path.',
      params: { key: 'validation.attachmentName' },
    }),
);

/** A file to attach, its bytes as base64 (what attachments.add and entries.create take). */
export const NewAttachment = z
  .object({
    name: AttachmentName,
    mediaType: MediaType.optional(),
    contentBase64: z.base64({ message: 'Attachment content must be base64.' }),
  })
  .strict();
export type NewAttachment = z.infer<typeof NewAttachment>;

/** The fields a person writes; shared by create and patch. */
const editable = {
  kind: EntryKind,
  title: Title,
  summary: manyLines(z.string().max(10_000, 'A summary is at most 10,000 characters.')),
  body: manyLines(z.string().max(2_000_000, 'A body is at most 2,000,000 characters.')),
  status: EntryStatus,
  language: Language,
  enterprise: EnterpriseRef.nullable(),
  registration: oneLine(z.string().trim().max(200)),
  authors: z.array(PersonName).max(100),
  tags: z.array(TagPath).max(200),
  classification: z.array(ClassificationCode).max(100),
};

export const EntryCreate = z
  .object({
    id: Id.optional(),
    kind: editable.kind,
    title: editable.title,
    summary: editable.summary.default(''),
    body: editable.body.default(''),
    status: editable.status.default('draft'),
    language: editable.language.default('en'),
    enterprise: editable.enterprise.default(null),
    registration: editable.registration.default(''),
    authors: editable.authors.default([]),
    tags: editable.tags.default([]),
    classification: editable.classification.default([]),
    createdAt: Timestamp.optional(),
    /** Files attached with the entry: the new entry opens at revision 1 with them. */
    attachments: z
      .array(NewAttachment)
      .max(20, 'Attach at most 20 files with a new entry; add more afterwards.')
      .refine((list) => new Set(list.map((a) => a.name)).size === list.length, 'Two attachments have the same name.')
      .optional(),
  })
  .strict();
export type EntryCreate = z.input<typeof EntryCreate>;

export const EntryPatch = z
  .object(editable)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'Name at least one field to change.', params: { key: 'validation.noChange' } });
export type EntryPatch = z.infer<typeof EntryPatch>;

export const Entry = z.object({
  id: Id,
  kind: EntryKind,
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  status: EntryStatus,
  language: z.string(),
  enterprise: EnterpriseBrief.nullable(),
  registration: z.string(),
  authors: z.array(z.string()),
  tags: z.array(z.string()),
  classification: z.array(z.string()),
  attachments: z.array(AttachmentRef),
  createdAt: z.string(),
  updatedAt: z.string(),
  revision: z.number().int().positive(),
});
export type Entry = z.infer<typeof Entry>;

export const Effect = z.object({
  indicator: oneLine(z.string().trim().min(1, 'Name the indicator that was measured.').max(200)),
  before: z.number().finite().nullable().default(null),
  after: z.number().finite().nullable().default(null),
  unit: oneLine(z.string().trim().max(40)).default(''),
  period: oneLine(z.string().trim().max(200)).default(''),
  note: manyLines(z.string().trim().max(2000)).default(''),
  /** Which way is an improvement: fewer returns are better, more output is; null when nobody said. */
  better: z
    .enum(BETTER_DIRECTIONS, { message: `Say whether ${BETTER_DIRECTIONS.join(' or ')} is better.` })
    .nullable()
    .default(null),
});
export type Effect = z.infer<typeof Effect>;
/** An effect as older records and bundles carry it, without the direction. */
export type EffectInput = Omit<Effect, 'better'> & { better?: Effect['better'] | undefined };

export const Adoption = z.object({
  id: Id,
  entryId: Id,
  enterprise: EnterpriseBrief,
  date: z.string(),
  note: z.string(),
  effects: z.array(Effect),
});
export type Adoption = z.infer<typeof Adoption>;

export const AdoptionCreate = z
  .object({
    entryId: Id,
    enterprise: EnterpriseRef,
    date: IsoDate,
    note: manyLines(z.string().trim().max(5000)).default(''),
    effects: z.array(Effect).max(50).default([]),
  })
  .strict();
export type AdoptionCreate = z.input<typeof AdoptionCreate>;

export const Link = z.object({
  from: Id,
  to: Id,
  type: LinkType,
  /** Title of the entry at the other end, for display. */
  otherTitle: z.string(),
  direction: z.enum(['outgoing', 'incoming']),
});
export type Link = z.infer<typeof Link>;

export const Provenance = z.object({
  bundleId: z.string(),
  producer: z.string(),
  receivedAt: z.string(),
});

const EntryBrief = z.object({ id: Id, title: z.string() });

export const EntryDetail = Entry.extend({
  adoptions: z.array(Adoption),
  links: z.array(Link),
  provenance: z.array(Provenance),
  /** Set when this entry is the incoming side of a conflict an import kept both of: the local entry it was kept beside. */
  variantOf: EntryBrief.nullable(),
  /** Incoming variants kept beside this entry by keep-both imports. */
  variants: z.array(EntryBrief),
});
export type EntryDetail = z.infer<typeof EntryDetail>;

export const EntrySummary = Entry.pick({
  id: true,
  title: true,
  kind: true,
  status: true,
  language: true,
  tags: true,
  registration: true,
  classification: true,
  createdAt: true,
  updatedAt: true,
}).extend({ enterprise: z.string().nullable() });
export type EntrySummary = z.infer<typeof EntrySummary>;

export const EntryListQuery = z
  .object({
    kind: EntryKind.optional(),
    status: EntryStatus.optional(),
    tag: TagPath.optional(),
    enterprise: EnterpriseRef.optional(),
    limit: z.number().int().min(1).max(10_000).default(1000),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const EntryField = z.enum(ENTRY_FIELDS);

/** What an entry looked like after a revision; stored whole so any revision can be restored. */
export const EntrySnapshot = Entry.omit({ id: true, revision: true, createdAt: true, updatedAt: true, enterprise: true }).extend({
  enterprise: z.string().nullable(),
});
export type EntrySnapshot = z.infer<typeof EntrySnapshot>;

/** An entry's editable state, as revisions store it, bundles carry it and the editor starts from. */
export function snapshotOf(entry: Entry): EntrySnapshot {
  return {
    kind: entry.kind,
    title: entry.title,
    summary: entry.summary,
    body: entry.body,
    status: entry.status,
    language: entry.language,
    enterprise: entry.enterprise?.name ?? null,
    registration: entry.registration,
    authors: entry.authors,
    tags: entry.tags,
    classification: entry.classification,
    attachments: entry.attachments,
  };
}

export const Revision = z.object({
  entryId: Id,
  number: z.number().int().positive(),
  at: z.string(),
  author: z.string().nullable(),
  action: z.enum(REVISION_ACTIONS),
  changed: z.array(EntryField),
  /** Where the change came from: for a bundle, the enterprise whose key signed it, as named here; for a flat import, "csv:FILE" or "markdown:FOLDER/FILE"; else null. */
  source: z.string().nullable(),
  /** And the producer's own account of it, which this catalogue neither checks nor uses. */
  claimed: z.object({ number: z.number().int(), at: z.string(), author: z.string().nullable(), action: z.string() }).nullable(),
});
export type Revision = z.infer<typeof Revision>;

export const ClaimedRevision = Revision.shape.claimed.unwrap();

export const RevisionDetail = Revision.extend({ snapshot: EntrySnapshot });
export type RevisionDetail = z.infer<typeof RevisionDetail>;

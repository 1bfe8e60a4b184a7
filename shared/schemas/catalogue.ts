import { z } from 'zod';
import { BETTER_DIRECTIONS } from '../domain.js';
import { EnterpriseRef, Id, oneLine, TagName, TagPath } from './common.js';
import { EntryKind, EntryStatus } from './entry.js';

export const Tag = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  parentId: Id.nullable(),
  synonyms: z.array(z.string()),
  /** Entries carrying this tag itself. */
  count: z.number().int().nonnegative(),
  /** Entries carrying this tag or any tag below it. */
  totalCount: z.number().int().nonnegative(),
});
export type Tag = z.infer<typeof Tag>;

export const TagCreate = z.object({ path: TagPath, synonyms: z.array(TagName).max(50).default([]) }).strict();
export const TagRename = z.object({ from: TagPath, to: TagPath }).strict();
export const TagMerge = z.object({ from: TagPath, into: TagPath }).strict();
export const TagSynonyms = z.object({ path: TagPath, synonyms: z.array(TagName).max(50) }).strict();
export const TagDelete = z
  .object({
    path: TagPath,
    /** Also take the tag (and those below it) off the entries that carry it, each with a revision; without it a used tag is not deleted. */
    untagEntries: z.boolean().default(false),
  })
  .strict();

export const Enterprise = z.object({
  id: Id,
  name: z.string(),
  place: z.string(),
  industry: z.string(),
  publicKey: z.string().nullable(),
  entryCount: z.number().int().nonnegative(),
  /** This catalogue's own enterprise (never an export recipient). */
  isSelf: z.boolean(),
});
export type Enterprise = z.infer<typeof Enterprise>;

export const EnterpriseCreate = z
  .object({
    id: Id.optional(),
    name: oneLine(z.string().trim().min(1, 'An enterprise needs a name.').max(300)),
    place: oneLine(z.string().trim().max(300)).default(''),
    industry: oneLine(z.string().trim().max(300)).default(''),
  })
  .strict();
export const EnterpriseUpdate = z
  .object({
    ref: EnterpriseRef,
    name: oneLine(z.string().trim().min(1).max(300)).optional(),
    place: oneLine(z.string().trim().max(300)).optional(),
    industry: oneLine(z.string().trim().max(300)).optional(),
  })
  .strict();

export const CatalogueInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  entries: z.number().int(),
  /** This catalogue's own enterprise; null until it is named or a first export makes one (named: false then). */
  ownEnterprise: z.object({ id: Id, name: z.string(), named: z.boolean() }).nullable(),
  /** Entries in the trash. */
  trashed: z.number().int().nonnegative(),
});

const countsBy = <K extends z.ZodType<string>>(key: K) => z.array(z.object({ key, count: z.number().int() }));

export const Stats = z.object({
  entries: z.number().int(),
  byKind: countsBy(EntryKind),
  byStatus: countsBy(EntryStatus),
  byLanguage: countsBy(z.string()),
  enterprises: z.number().int(),
  tags: z.number().int(),
  adoptions: z.number().int(),
  effects: z.number().int(),
  links: z.number().int(),
  attachments: z.number().int(),
  attachmentBytes: z.number().int(),
  revisions: z.number().int(),
});
export type Stats = z.infer<typeof Stats>;

export const DemoResult = z.object({
  entriesAdded: z.number().int(),
  enterprisesAdded: z.number().int(),
  adoptionsAdded: z.number().int(),
  linksAdded: z.number().int(),
  attachmentsAdded: z.number().int(),
  /** Concepts the demo thesaurus (resources/demo/thesaurus.ttl) added; absent when there is none. */
  conceptsAdded: z.number().int().optional(),
});

export const Dashboard = z.object({
  perYear: z.array(z.object({ year: z.number().int(), kind: EntryKind, count: z.number().int() })),
  effects: z.array(
    z.object({
      entryId: Id,
      title: z.string(),
      enterprise: z.string(),
      date: z.string(),
      indicator: z.string(),
      before: z.number().nullable(),
      after: z.number().nullable(),
      unit: z.string(),
      /** Which way is an improvement; null when the effect does not say. */
      better: z.enum(BETTER_DIRECTIONS).nullable(),
      /** after − before (percentage points when percentagePoints), and the same signed so that an improvement is positive (null without a direction). */
      change: z.number().nullable(),
      improvement: z.number().nullable(),
      percentagePoints: z.boolean(),
    }),
  ),
  network: z.array(z.object({ from: z.string(), to: z.string(), entries: z.number().int(), via: z.enum(['adoption', 'bundle']) })),
});
export type Dashboard = z.infer<typeof Dashboard>;

const Brief = z.object({ id: Id, title: z.string(), language: z.string() });
export const DuplicateCandidate = z.object({
  a: Brief,
  b: Brief,
  similarity: z.number(),
  /** Similar titles (one language), or across languages a link or shared classification and tags. */
  reason: z.enum(['title', 'linked', 'classification', 'attachment']),
});

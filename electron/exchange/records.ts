import { z } from 'zod';
import { ENTRY_FIELDS, ENTRY_KINDS, ENTRY_STATUSES, LINK_TYPES, REVISION_ACTIONS, TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import { Id } from '../../shared/schemas/common.js';
import { FORMAT_NAME, FORMAT_VERSION } from './limits.js';

/*
 * The records inside a bundle, as FORMAT.md describes them. Unlike the API schemas these
 * never transform (trim, normalise): a snapshot must hash to exactly what the producer
 * hashed. They are strict, so an unknown field is refused rather than silently dropped.
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 in lowercase hex.');
const Stamp = z.string().min(1).max(40);

const tagPathOk = (p: string): boolean => {
  const parts = p.split(TAG_PATH_SEPARATOR);
  return parts.length <= 8 && parts.every((s) => s.length > 0 && s.length <= 80 && s.trim() === s);
};
export const BundleTagPath = z.string().max(700).refine(tagPathOk, 'Not a tag path like textiles/wool.');

const attachmentNameOk = (n: string): boolean => !/[\\/\0]/.test(n) && n !== '.' && n !== '..' && n.trim().length > 0;

export const BundleAttachmentRef = z
  .object({
    sha256: Hex64,
    name: z.string().max(255).refine(attachmentNameOk, 'An attachment name cannot contain a path.'),
    mediaType: z.string().max(200),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export const BundleSnapshot = z
  .object({
    kind: z.enum(ENTRY_KINDS),
    title: z.string().max(500).refine((t) => t.trim().length > 0, 'A title cannot be empty.'),
    summary: z.string().max(10_000),
    body: z.string().max(2_000_000),
    status: z.enum(ENTRY_STATUSES),
    language: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/),
    enterprise: z.string().min(1).max(300).nullable(),
    registration: z.string().max(200),
    authors: z.array(z.string().min(1).max(200)).max(100),
    tags: z.array(BundleTagPath).max(200),
    classification: z.array(z.string().min(1).max(100)).max(100),
    attachments: z.array(BundleAttachmentRef).max(1000),
  })
  .strict();
export type BundleSnapshot = z.infer<typeof BundleSnapshot>;

export const BundleRevision = z
  .object({
    number: z.number().int().positive().max(1_000_000),
    at: Stamp,
    author: z.string().max(200).nullable(),
    action: z.enum(REVISION_ACTIONS),
    changed: z.array(z.enum(ENTRY_FIELDS)).max(ENTRY_FIELDS.length),
    snapshot: BundleSnapshot,
    contentHash: Hex64,
  })
  .strict();
export type BundleRevision = z.infer<typeof BundleRevision>;

const EnterpriseBrief = z.object({ id: Id, name: z.string().min(1).max(300) }).strict();

export const BundleEffect = z
  .object({
    indicator: z.string().min(1).max(200),
    before: z.number().finite().nullable(),
    after: z.number().finite().nullable(),
    unit: z.string().max(40),
    period: z.string().max(200),
    note: z.string().max(2000),
    /** Which way is an improvement; absent when unknown (and in bundles of versions before it). */
    better: z.enum(['higher', 'lower']).optional(),
  })
  .strict();

export const BundleAdoption = z
  .object({
    id: Id,
    enterprise: EnterpriseBrief,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    note: z.string().max(5000),
    effects: z.array(BundleEffect).max(50),
  })
  .strict();

export const BundleLink = z.object({ to: Id, type: z.enum(LINK_TYPES) }).strict();

export const EntryRecord = z
  .object({
    id: Id,
    createdAt: Stamp,
    updatedAt: Stamp,
    revision: z.number().int().positive(),
    enterprise: EnterpriseBrief.nullable(),
    state: BundleSnapshot,
    adoptions: z.array(BundleAdoption).max(1000),
    links: z.array(BundleLink).max(1000),
    history: z.array(BundleRevision).min(1).max(10_000),
  })
  .strict();
export type EntryRecord = z.infer<typeof EntryRecord>;

export const TagVocabulary = z
  .array(z.object({ path: BundleTagPath, synonyms: z.array(z.string().min(1).max(80)).max(50) }).strict())
  .max(100_000);
export type TagVocabulary = z.infer<typeof TagVocabulary>;

export const EnterpriseList = z
  .array(
    z
      .object({ id: Id, name: z.string().min(1).max(300), place: z.string().max(300), industry: z.string().max(300) })
      .strict(),
  )
  .max(100_000);
export type EnterpriseList = z.infer<typeof EnterpriseList>;

export const ManifestFile = z.object({ path: z.string().max(200), sha256: Hex64, size: z.number().int().nonnegative() }).strict();

export const SELECTION_MODES = ['all', 'filter', 'ids', 'delta'] as const;

export const Manifest = z
  .object({
    format: z.literal(FORMAT_NAME),
    formatVersion: z.literal(FORMAT_VERSION),
    bundleId: Id,
    createdAt: z.iso.datetime({ offset: true }),
    producer: z
      .object({
        enterpriseId: Id,
        name: z.string().min(1).max(300),
        keyId: Hex64,
        publicKey: z.base64().length(44),
      })
      .strict(),
    recipient: EnterpriseBrief.nullable(),
    selection: z
      .object({
        mode: z.enum(SELECTION_MODES),
        description: z.string().max(2000),
      })
      .strict(),
    counts: z
      .object({
        entries: z.number().int().nonnegative(),
        attachments: z.number().int().nonnegative(),
        revisions: z.number().int().nonnegative(),
        adoptions: z.number().int().nonnegative(),
        links: z.number().int().nonnegative(),
        tags: z.number().int().nonnegative(),
      })
      .strict(),
    files: z.array(ManifestFile).max(250_000),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

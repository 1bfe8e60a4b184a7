import { z } from 'zod';
import { ENTRY_FIELDS, ENTRY_KINDS, ENTRY_STATUSES, LINK_TYPES, REVISION_ACTIONS, TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import { canonicalLanguageTag } from '../../shared/label-language.js';
import { Id } from '../../shared/schemas/common.js';
import { ConceptUri, LABEL_KINDS, MAX_LABEL_LENGTH, MAX_NOTE_LENGTH } from '../../shared/schemas/thesaurus.js';
import {
  isMediaType,
  isMultiLineText,
  isSingleLineText,
  MEDIA_TYPE_MESSAGE,
  MULTI_LINE_MESSAGE,
  SINGLE_LINE_MESSAGE,
  SHA256_PATTERN,
} from '../../shared/text-rules.js';
import { DEFAULT_LIMITS, FORMAT_NAME, FORMAT_VERSION, MAX_HISTORY, MAX_REVISION_NUMBER } from './limits.js';

/*
 * The records inside a bundle, as FORMAT.md describes them. Unlike the API schemas these
 * never transform (trim, normalise): a snapshot must hash to exactly what the producer
 * hashed. They are strict, so an unknown field is refused rather than silently dropped.
 */

const Hex64 = z.string().regex(SHA256_PATTERN, 'Expected a SHA-256 in lowercase hex.');

/** Text on one line (titles, names, tags): no control characters, line breaks or bidirectional controls. */
const line = (min: number, max: number) => z.string().min(min).max(max).refine(isSingleLineText, SINGLE_LINE_MESSAGE);
/** Text that may span lines (bodies, summaries, notes): no control characters but tab and line ends. */
const prose = (max: number) => z.string().max(max).refine(isMultiLineText, MULTI_LINE_MESSAGE);

const Stamp = line(1, 40);

const tagPathOk = (p: string): boolean => {
  const parts = p.split(TAG_PATH_SEPARATOR);
  return parts.length <= 8 && parts.every((s) => s.length > 0 && s.length <= 80 && s.trim() === s) && isSingleLineText(p);
};
export const BundleTagPath = z.string().max(700).refine(tagPathOk, 'Not a tag path like textiles/wool.');

const attachmentNameOk = (n: string): boolean => !/[\\/\0]/.test(n) && n !== '.' && n !== '..' && n.trim().length > 0;

export const BundleAttachmentRef = z
  .object({
    sha256: Hex64,
    name: line(0, 255).refine(attachmentNameOk, 'An attachment name cannot contain a path.'),
    mediaType: z.string().refine(isMediaType, MEDIA_TYPE_MESSAGE),
    size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  })
  .strict();

export const BundleSnapshot = z
  .object({
    kind: z.enum(ENTRY_KINDS),
    title: line(0, 500).refine((t) => t.trim().length > 0, 'A title cannot be empty.'),
    summary: prose(10_000),
    body: prose(2_000_000),
    status: z.enum(ENTRY_STATUSES),
    language: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/),
    enterprise: line(1, 300).nullable(),
    registration: line(0, 200),
    authors: z.array(line(1, 200)).max(100),
    tags: z.array(BundleTagPath).max(200),
    classification: z.array(line(1, 100)).max(100),
    attachments: z.array(BundleAttachmentRef).max(1000),
  })
  .strict();
export type BundleSnapshot = z.infer<typeof BundleSnapshot>;

export const BundleRevision = z
  .object({
    number: z.number().int().positive().max(MAX_REVISION_NUMBER),
    at: Stamp,
    author: line(0, 200).nullable(),
    action: z.enum(REVISION_ACTIONS),
    changed: z.array(z.enum(ENTRY_FIELDS)).max(ENTRY_FIELDS.length),
    snapshot: BundleSnapshot,
    contentHash: Hex64,
  })
  .strict();
export type BundleRevision = z.infer<typeof BundleRevision>;

const EnterpriseName = line(1, 300);
const EnterpriseBrief = z.object({ id: Id, name: EnterpriseName }).strict();

export const BundleEffect = z
  .object({
    indicator: line(1, 200),
    before: z.number().finite().nullable(),
    after: z.number().finite().nullable(),
    unit: line(0, 40),
    period: line(0, 200),
    note: prose(2000),
    /** Which way is an improvement; absent when unknown (and in bundles of versions before it). */
    better: z.enum(['higher', 'lower']).optional(),
  })
  .strict();

export const BundleAdoption = z
  .object({
    id: Id,
    enterprise: EnterpriseBrief,
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    note: prose(5000),
    effects: z.array(BundleEffect).max(50),
  })
  .strict();

export const BundleLink = z.object({ to: Id, type: z.enum(LINK_TYPES) }).strict();

export const EntryRecord = z
  .object({
    id: Id,
    createdAt: Stamp,
    updatedAt: Stamp,
    revision: z.number().int().positive().max(MAX_REVISION_NUMBER),
    enterprise: EnterpriseBrief.nullable(),
    state: BundleSnapshot,
    adoptions: z.array(BundleAdoption).max(1000),
    links: z.array(BundleLink).max(1000),
    history: z.array(BundleRevision).min(1).max(MAX_HISTORY),
  })
  .strict();
export type EntryRecord = z.infer<typeof EntryRecord>;

/** Hard caps; BundleLimits.maxTags and maxTagSynonyms (checked when reading) may be lower. */
export const TagVocabulary = z
  .array(
    z
      .object({ path: BundleTagPath, synonyms: z.array(line(1, 80).refine((s) => !s.includes(TAG_PATH_SEPARATOR), 'A synonym is one tag name.')).max(50) })
      .strict(),
  )
  .max(DEFAULT_LIMITS.maxTags);
export type TagVocabulary = z.infer<typeof TagVocabulary>;

/** An absolute IRI, as the API takes concept URIs. */
const ConceptIri = line(1, 2000).refine((u) => ConceptUri.safeParse(u).success && ConceptUri.parse(u) === u, 'Not an absolute concept URI.');
const LanguageTag = line(1, 35).refine((l) => canonicalLanguageTag(l) === l, 'Not a language tag in canonical case, such as en or zh-Hans.');

/** The concepts the vocabulary's tags stand for, as SKOS has them (links by URI), bounded like tags. */
export const ConceptVocabulary = z
  .array(
    z
      .object({
        uri: ConceptIri,
        labels: z.array(z.object({ lang: LanguageTag, kind: z.enum(LABEL_KINDS), text: line(1, MAX_LABEL_LENGTH) }).strict()).max(200),
        scopeNotes: z.array(z.object({ lang: LanguageTag, text: prose(MAX_NOTE_LENGTH) }).strict()).max(20),
        broader: z.array(ConceptIri).max(50),
        related: z.array(ConceptIri).max(50),
        codes: z.array(line(1, 100)).max(50),
        tags: z.array(BundleTagPath).max(50),
      })
      .strict(),
  )
  .max(DEFAULT_LIMITS.maxTags);
export type ConceptVocabulary = z.infer<typeof ConceptVocabulary>;

export const EnterpriseList = z.array(z.object({ id: Id, name: EnterpriseName, place: line(0, 300), industry: line(0, 300) }).strict()).max(100_000);
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
        name: EnterpriseName,
        keyId: Hex64,
        publicKey: z.base64().length(44),
      })
      .strict(),
    recipient: EnterpriseBrief.nullable(),
    selection: z
      .object({
        mode: z.enum(SELECTION_MODES),
        description: line(0, 2000),
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
        /** Absent in bundles without concepts.json. */
        concepts: z.number().int().nonnegative().optional(),
      })
      .strict(),
    files: z.array(ManifestFile).max(250_000),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

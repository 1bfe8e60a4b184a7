import { z } from 'zod';
import { EnterpriseRef, Id, oneLine, TagPath } from './common.js';
import { EntryKind, EntryStatus } from './entry.js';

/*
 * Every `file`, `out` and `dir` below is a path on the local file system, chosen by the
 * user (the desktop app passes what a native open/save dialog returned). They are read or
 * written by the process that runs the catalogue, never sent anywhere.
 */
export const LocalPath = z.string().trim().min(1, 'Name a file.').max(4096);

export const CONFLICT_CHOICES = ['keep-local', 'take-incoming', 'keep-both'] as const;
export const ConflictChoice = z.enum(CONFLICT_CHOICES, { message: `On conflict, choose one of: ${CONFLICT_CHOICES.join(', ')}.` });
export type ConflictChoice = z.infer<typeof ConflictChoice>;

/** Which entries an export covers; no criteria means every entry. */
export const ExportSelection = z.object({
  ids: z.array(Id).max(1_000_000).optional(),
  tag: TagPath.optional(),
  kind: EntryKind.optional(),
  status: EntryStatus.optional(),
  enterprise: EnterpriseRef.optional(),
  /** Every entry a saved search (savedSearches.list) matches when the export runs. */
  savedSearch: Id.optional(),
});

/** The name this catalogue's enterprise signs with: it goes into every manifest, so it follows the bundle rules. */
const OwnName = oneLine(z.string().trim().min(1).max(300));

export const KeysRequest = z.object({ enterpriseName: OwnName.optional() }).strict();
export const KeysResult = z.object({
  enterprise: z.object({ id: Id, name: z.string() }),
  publicKey: z.string(),
  fingerprint: z.string(),
  keyFile: z.string(),
});

export const TrustRequest = z
  .object({
    /** A .ratio bundle (its manifest carries the producer's key), a public key, or a file holding one. */
    source: z.string().trim().min(1).max(4096),
    enterprise: EnterpriseRef,
  })
  .strict();
export const TrustResult = z.object({ enterprise: z.object({ id: Id, name: z.string() }), fingerprint: z.string(), publicKey: z.string() });

export const ExportRequest = ExportSelection.extend({
  out: LocalPath,
  to: EnterpriseRef.optional(),
  sinceLast: z.boolean().default(false),
  enterpriseName: OwnName.optional(),
}).strict();
export const ExportResult = z.object({
  bundle: Id,
  file: z.string(),
  producer: z.object({ id: Id, name: z.string(), keyId: z.string() }),
  recipient: z.object({ id: Id, name: z.string() }).nullable(),
  selection: z.string(),
  entries: z.number().int(),
  attachments: z.number().int(),
  revisions: z.number().int(),
  bytes: z.number().int(),
});

export const PreviewImportRequest = z
  .object({
    file: LocalPath,
    /**
     * Read the entries even though the signer's key is not registered (registering nothing).
     * Without it, a preview of an unknown signer's bundle reads only its manifest.
     */
    trust: z.boolean().default(false),
  })
  .strict();
export const ImportRequest = z
  .object({
    file: LocalPath,
    onConflict: ConflictChoice.default('keep-local'),
    /** Per-entry choices (by incoming entry id), overriding onConflict. */
    resolutions: z.record(Id, ConflictChoice).default({}),
    /** Accept a signer whose key is not registered yet, and register it. */
    trust: z.boolean().default(false),
  })
  .strict();

export const EntryClass = z.enum(['new', 'identical', 'newer', 'older', 'conflict']);
export type EntryClass = z.infer<typeof EntryClass>;
/** Why an entry is a conflict: both sides changed it, it was deleted here, or the signer is not where it came from. */
export const ConflictReason = z.enum(['diverged', 'deleted-here', 'not-theirs']);
export type ConflictReason = z.infer<typeof ConflictReason>;
/** A bundle's signature: by a registered key, by a key not registered here, or not matching its manifest. */
export const SignatureStatus = z.enum(['valid', 'unknown-signer', 'invalid']);
export type SignatureStatus = z.infer<typeof SignatureStatus>;
export const BundleCounts = z.object({
  entries: z.number().int(),
  attachments: z.number().int(),
  revisions: z.number().int(),
  adoptions: z.number().int(),
  links: z.number().int(),
  tags: z.number().int(),
  concepts: z.number().int().optional(),
});

/**
 * Why a concept of a SKOS file or bundle was not taken as it stood, for the interface to say
 * in its own language (with `params`); `reason` says it in English for the CLI, and is all a
 * report stored before the codes has.
 */
export const ConceptConflictCode = z.enum([
  'bad-uri',
  'bad-language',
  'label-too-long',
  'label-control',
  'second-pref',
  'bad-note',
  'self-link',
  'not-ipc',
  'not-tag-path',
  'broader-missing',
  'related-missing',
  'label-kept-apart',
  'label-ambiguous',
  'label-new',
  'pref-differs',
  'note-differs',
  'under-itself',
  'tag-ambiguous',
  'no-tag',
]);
export type ConceptConflictCode = z.infer<typeof ConceptConflictCode>;

export const ConceptConflict = z.object({
  uri: z.string(),
  label: z.string().optional(),
  reason: z.string(),
  code: ConceptConflictCode.optional(),
  /** The values the code's sentence names: URIs, labels and language tags from the file, counts. */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ConceptConflict = z.infer<typeof ConceptConflict>;

/** What a bundle's concepts come to here: matched by URI, then by tag or label, else new; conflicts say why. */
export const ConceptsImport = z.object({
  new: z.number().int(),
  matched: z.number().int(),
  conflicts: z.array(ConceptConflict),
});
export type ConceptsImport = z.infer<typeof ConceptsImport>;

export const ImportReport = z.object({
  bundle: Id,
  /** The signer's enterprise as registered here; for an unknown signer, the name its manifest claims. */
  producer: z.string(),
  producerId: Id,
  /** The producer name the manifest gives (for a registered signer it may differ from the local name). */
  claimedProducer: z.string(),
  keyId: z.string(),
  signature: SignatureStatus,
  createdAt: z.string(),
  selection: z.string(),
  dryRun: z.boolean(),
  alreadyImported: z.boolean(),
  changed: z.boolean(),
  new: z.number().int(),
  identical: z.number().int(),
  updated: z.number().int(),
  older: z.number().int(),
  conflicts: z.number().int(),
  keptLocal: z.number().int(),
  tookIncoming: z.number().int(),
  keptBoth: z.number().int(),
  attachments: z.number().int(),
  adoptions: z.number().int(),
  links: z.number().int(),
  tagsCreated: z.array(z.string()),
  /** The bundle's concepts (absent when it carries none). */
  concepts: ConceptsImport.optional(),
  entries: z.array(
    z.object({ id: Id, title: z.string(), class: EntryClass, reason: ConflictReason.nullable(), resolution: ConflictChoice.nullable(), localId: Id }),
  ),
  /** False for a preview of an unknown signer's bundle: only its manifest was read, so entries is empty. */
  entriesRead: z.boolean(),
  /** What the manifest says the bundle holds. */
  announced: BundleCounts,
  /** The incoming entries' files by media type, each distinct file once, largest total first (empty when entries were not read). */
  attachmentTypes: z.array(z.object({ mediaType: z.string(), count: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })).default([]),
  message: z.string(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportLog = z.object({
  imports: z.array(
    z.object({
      id: Id,
      bundle: Id,
      producer: z.string(),
      at: z.string(),
      actor: z.string().nullable(),
      signature: z.string(),
      counts: z.record(z.string(), z.number()),
    }),
  ),
});

export const CsvExportRequest = ExportSelection.extend({ out: LocalPath }).strict();
export const MarkdownExportRequest = ExportSelection.extend({ dir: LocalPath }).strict();
export const FlatExportResult = z.object({ path: z.string(), entries: z.number().int(), attachments: z.number().int() });
export const FlatImportRequest = z
  .object({
    path: LocalPath,
    /** For a row whose id exists here with other content, or was deleted here. */
    onConflict: ConflictChoice.default('keep-local'),
  })
  .strict();
export const FlatImportResult = z.object({
  created: z.number().int(),
  /** Local entries changed by take-incoming (deleted ones brought back included). */
  updated: z.number().int(),
  /** Rows identical to their local entry. */
  unchanged: z.number().int(),
  attachments: z.number().int(),
  conflicts: z.number().int(),
  keptLocal: z.number().int(),
  tookIncoming: z.number().int(),
  keptBoth: z.number().int(),
  /** The conflicts, the first 1,000 of them (the counts are complete). */
  conflictEntries: z.array(z.object({ id: Id, title: z.string(), where: z.string(), deletedLocally: z.boolean(), resolution: ConflictChoice, localId: Id })),
});

/** An export's size before it is written: the export dialog shows it. */
export const EstimateExportRequest = ExportSelection.extend({
  to: EnterpriseRef.optional(),
  sinceLast: z.boolean().default(false),
}).strict();
export const ExportEstimate = z.object({
  entries: z.number().int(),
  attachments: z.number().int(),
  revisions: z.number().int(),
  /** About how large the bundle file will be (compression judged from samples; usually within a few per cent). */
  bytes: z.number().int(),
});

export const Partner = z.object({
  id: Id,
  name: z.string(),
  place: z.string(),
  industry: z.string(),
  /** SHA-256 of the registered public key, or null when no key is registered. */
  fingerprint: z.string().nullable(),
  isSelf: z.boolean(),
  bundlesReceived: z.number().int(),
  bundlesSent: z.number().int(),
});
export const Partners = z.object({ partners: z.array(Partner) });
export const RevokeRequest = z.object({ enterprise: EnterpriseRef }).strict();

/** One incoming entry of a bundle beside the local one it would replace, for a side-by-side view. */
export const BundleEntryRequest = z
  .object({
    file: LocalPath,
    id: Id,
    /** Read it even though the signer's key is not registered (as a preview with trust does). */
    trust: z.boolean().default(false),
  })
  .strict();
const Side = z.object({
  title: z.string(),
  summary: z.string(),
  body: z.string(),
  status: z.string(),
  kind: z.string(),
  tags: z.array(z.string()),
  classification: z.array(z.string()),
  authors: z.array(z.string()),
  updatedAt: z.string(),
  revision: z.number().int(),
});
export const BundleEntry = z.object({ incoming: Side, local: Side.nullable() });

export const BundleEntriesRequest = z.object({ bundle: Id }).strict();
export const BundleEntries = z.object({ entries: z.array(z.object({ id: Id, title: z.string(), kind: EntryKind })) });

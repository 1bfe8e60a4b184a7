import { z } from 'zod';
import { read, write } from './operation.js';
import { Empty, Id, TagPath } from '../schemas/common.js';
import {
  Adoption,
  AdoptionCreate,
  Entry,
  EntryCreate,
  EntryDetail,
  EntryListQuery,
  EntryPatch,
  EntrySummary,
  LinkType,
  NewAttachment,
  Revision,
  RevisionDetail,
} from '../schemas/entry.js';
import {
  CatalogueInfo,
  Dashboard,
  DuplicateCandidate,
  DemoResult,
  Enterprise,
  EnterpriseCreate,
  EnterpriseUpdate,
  Stats,
  Tag,
  TagCreate,
  TagDelete,
  TagMerge,
  TagRename,
  TagSynonyms,
} from '../schemas/catalogue.js';

const ById = z.object({ id: Id }).strict();
const Ok = z.object({ ok: z.literal(true) });
/** An entry after a curation action, with the token that undoes it (null when nothing changed). */
const EntryWithUndo = Entry.extend({ undo: Id.nullable() });

/** 50 MiB of content travels as base64 at most; larger files are refused with a clear message. */
export const MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024;

/** Entries, tags, enterprises, adoptions, links and attachments. */
export const catalogueOperations = {
  'catalogue.info': read(Empty, CatalogueInfo),
  'catalogue.stats': read(Empty, Stats),
  'catalogue.loadDemo': write(Empty, DemoResult),
  'catalogue.dashboard': read(Empty, Dashboard),
  'entries.duplicates': read(
    z.object({ threshold: z.number().min(0.1).max(1).default(0.5), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({ candidates: z.array(DuplicateCandidate) }),
  ),

  'entries.create': write(EntryCreate, Entry),
  'entries.get': read(ById, EntryDetail),
  'entries.update': write(z.object({ id: Id, patch: EntryPatch, expectedRevision: z.number().int().positive().optional() }).strict(), EntryWithUndo),
  /** Moves the entry to the trash (trash.list, trash.restore); `undo` brings it back with entries.undo. */
  'entries.delete': write(ById, z.object({ ok: z.literal(true), undo: Id })),
  'entries.list': read(EntryListQuery, z.object({ entries: z.array(EntrySummary), total: z.number().int() })),
  'entries.resolveId': read(z.object({ prefix: z.string().trim().min(4, 'Give at least 4 characters of the id.').max(36) }).strict(), z.object({ id: Id })),
  'entries.tag': write(z.object({ id: Id, add: z.array(TagPath).max(200).default([]), remove: z.array(TagPath).max(200).default([]) }).strict(), EntryWithUndo),
  'entries.history': read(ById, z.object({ revisions: z.array(Revision) })),
  'entries.revision': read(z.object({ id: Id, number: z.number().int().positive() }).strict(), RevisionDetail),
  'entries.restore': write(z.object({ id: Id, number: z.number().int().positive() }).strict(), Entry),

  'tags.list': read(Empty, z.object({ tags: z.array(Tag) })),
  'tags.create': write(TagCreate, Tag),
  'tags.rename': write(TagRename, Tag),
  'tags.merge': write(TagMerge, z.object({ into: Tag, entriesRetagged: z.number().int() })),
  'tags.setSynonyms': write(TagSynonyms, Tag),
  'tags.delete': write(TagDelete, z.object({ entriesUntagged: z.number().int() })),

  'enterprises.list': read(Empty, z.object({ enterprises: z.array(Enterprise) })),
  'enterprises.create': write(EnterpriseCreate, Enterprise),
  'enterprises.update': write(EnterpriseUpdate, Enterprise),

  'adoptions.add': write(AdoptionCreate, Adoption),
  'adoptions.remove': write(ById, Ok),

  'links.add': write(z.object({ from: Id, to: Id, type: LinkType }).strict(), Ok),
  'links.remove': write(z.object({ from: Id, to: Id, type: LinkType }).strict(), Ok),

  'attachments.add': write(NewAttachment.extend({ entryId: Id }).strict(), Entry),
  'attachments.remove': write(z.object({ entryId: Id, name: z.string() }).strict(), Entry),
} as const;

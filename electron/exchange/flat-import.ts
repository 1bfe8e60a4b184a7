import { lookup as lookupMediaType } from 'mime-types';
import crypto from 'node:crypto';
import { type z } from 'zod';
import { ENTRY_FIELDS, type EntryField, type RevisionAction } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import { EntryCreate, EntryPatch, snapshotOf, type Entry, type EntrySnapshot } from '../../shared/schemas/entry.js';
import type { Catalogue } from '../app/catalogue.js';
import { newId, nowIso } from '../core/ids.js';
import { canonicalJson } from '../core/repos/revisions.js';
import type { ConflictChoice, FlatImportResult } from '../../shared/schemas/exchange.js';

/** The fields CSV and Markdown carry, as one importer sees them: an entry's own fields, its files travelling beside it. */
export const FLAT_FIELDS: readonly Exclude<EntryField, 'attachments'>[] = ENTRY_FIELDS.filter(
  (f): f is Exclude<EntryField, 'attachments'> => f !== 'attachments',
);
/** The report lists at most this many conflicts (the counts are always complete). */
export const MAX_LISTED_CONFLICTS = 1000;

export function describeZod(error: z.ZodError, where: string): RatioError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new RatioError('INVALID_INPUT', `${where}: ${field}${issue?.message ?? 'not valid'}`.replace(/([^.])$/, '$1.'));
}

export interface IncomingAttachment {
  name: string;
  content: Buffer;
}

/** What a CSV or Markdown import did, as the contract reports it. */
export type FlatImportReport = z.infer<typeof FlatImportResult>;
/**
 * One conflict of a flat import: the id the file gives, the file (and row) it came from, and
 * the entry the incoming text went to (the local one, or its new copy with keep-both).
 */
export type FlatConflict = FlatImportReport['conflictEntries'][number];

type Patch = z.infer<typeof EntryPatch>;

function changedFields(before: EntrySnapshot, after: EntrySnapshot): EntryField[] {
  return ENTRY_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]));
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];
const sha256 = (content: Buffer): string => crypto.createHash('sha256').update(content).digest('hex');

/**
 * Imports CSV rows or Markdown files, one per call of row(), inside the caller's transaction.
 *
 * A file has no history to compare with, so a row whose id exists here with other content
 * is a conflict, decided as bundle conflicts are (keep-local by default, take-incoming,
 * keep-both) and listed in the report; an id whose entry was deleted here is a conflict too,
 * never brought back unasked. Every revision it writes names its file as its source.
 */
export class FlatImporter {
  readonly report: FlatImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    attachments: 0,
    conflicts: 0,
    keptLocal: 0,
    tookIncoming: 0,
    keptBoth: 0,
    conflictEntries: [],
  };
  private readonly now = nowIso();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly onConflict: ConflictChoice,
  ) {}

  /** One incoming entry; `attachments`, when given, is its whole list of attachments. */
  row(input: Record<string, unknown>, where: string, source: string, attachments?: readonly IncomingAttachment[]): void {
    const { catalogue } = this;
    const id = typeof input.id === 'string' && input.id.length > 0 ? input.id : undefined;
    const patch = EntryPatch.safeParse(Object.fromEntries(FLAT_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]])));
    if (!patch.success) throw describeZod(patch.error, where);
    if (id === undefined || (!catalogue.entryRepo.exists(id) && catalogue.revisionRepo.latestNumber(id) === 0)) {
      this.create(id, input, where, source, attachments);
      this.report.created += 1;
      return;
    }
    const local = catalogue.entryRepo.exists(id) ? catalogue.entryRepo.get(id) : undefined;
    if (local && !this.differs(snapshotOf(local), patch.data, attachments)) {
      this.report.unchanged += 1;
      return;
    }
    const choice = this.onConflict;
    let target = id;
    if (choice === 'take-incoming') {
      if (local ? this.takeIncoming(local, patch.data, source, attachments) : this.revive(id, patch.data, source, attachments)) this.report.updated += 1;
      this.report.tookIncoming += 1;
    } else if (choice === 'keep-both') {
      target = this.keepBoth(id, local, input, patch.data, where, source, attachments);
      this.report.keptBoth += 1;
    } else {
      this.report.keptLocal += 1;
    }
    this.report.conflicts += 1;
    if (this.report.conflictEntries.length < MAX_LISTED_CONFLICTS) {
      this.report.conflictEntries.push({
        id,
        title: patch.data.title ?? local?.title ?? '',
        where,
        deletedLocally: local === undefined,
        resolution: choice,
        localId: target,
      });
    }
  }

  /**
   * Whether writing the patch would change the entry. Tags and the enterprise are compared
   * as the repository resolves them (by path, name or synonym, regardless of case), lists
   * without repeats, attachments by name and content.
   */
  private differs(before: EntrySnapshot, patch: Patch, attachments: readonly IncomingAttachment[] | undefined): boolean {
    const { tags, enterprises } = this.catalogue;
    const tagKey = (p: string): string => {
      try {
        return tags.find(p) ?? `new:${p.toLowerCase()}`;
      } catch {
        return `ambiguous:${p}`;
      }
    };
    const enterpriseKey = (name: string | null): string => (name === null ? 'none' : (enterprises.find(name) ?? `new:${name.toLowerCase()}`));
    for (const [key, value] of Object.entries(patch) as [keyof Patch, Patch[keyof Patch]][]) {
      if (value === undefined) continue;
      if (key === 'tags') {
        if (canonicalJson(unique((value as string[]).map(tagKey)).sort()) !== canonicalJson(unique(before.tags.map(tagKey)).sort())) return true;
      } else if (key === 'enterprise') {
        if (enterpriseKey(value as string | null) !== enterpriseKey(before.enterprise)) return true;
      } else if (key === 'authors' || key === 'classification') {
        if (canonicalJson(unique(value as string[])) !== canonicalJson(unique(before[key]))) return true;
      } else if (value !== before[key]) return true;
    }
    if (attachments === undefined) return false;
    const incoming = this.byName(attachments).map((a) => [a.name, sha256(a.content)]);
    return canonicalJson(incoming) !== canonicalJson(before.attachments.map((a) => [a.name, a.sha256]));
  }

  /** Repeated names: the last one counts, in the place of the first. */
  private byName(attachments: readonly IncomingAttachment[]): IncomingAttachment[] {
    const out = new Map<string, IncomingAttachment>();
    for (const a of attachments) out.set(a.name, a);
    return [...out.values()];
  }

  /** Puts the files in the store; the media type of an unchanged attachment is kept. */
  private stored(attachments: readonly IncomingAttachment[], existing: EntrySnapshot['attachments']): EntrySnapshot['attachments'] {
    return this.byName(attachments).map((a) => {
      const blob = this.catalogue.blobs.put(a.content);
      const same = existing.find((e) => e.name === a.name && e.sha256 === blob.sha256);
      if (!same) this.report.attachments += 1;
      return { name: a.name, sha256: blob.sha256, mediaType: same?.mediaType ?? (lookupMediaType(a.name) || 'application/octet-stream'), size: blob.size };
    });
  }

  private create(id: string | undefined, input: Record<string, unknown>, where: string, source: string, attachments?: readonly IncomingAttachment[]): Entry {
    const { entryRepo, revisionRepo } = this.catalogue;
    const parsed = EntryCreate.safeParse({ ...input, id });
    if (!parsed.success) throw describeZod(parsed.error, where);
    const data = parsed.data;
    const entryId = data.id ?? newId();
    const state: EntrySnapshot = {
      kind: data.kind,
      title: data.title,
      summary: data.summary,
      body: data.body,
      status: data.status,
      language: data.language,
      enterprise: data.enterprise,
      registration: data.registration,
      authors: data.authors,
      tags: data.tags,
      classification: data.classification,
      attachments: attachments ? this.stored(attachments, []) : [],
    };
    entryRepo.write(entryId, state, { createdAt: data.createdAt ?? this.now, updatedAt: this.now, revision: 1 }, true);
    const entry = entryRepo.get(entryId);
    revisionRepo.record({
      entryId,
      number: 1,
      at: this.now,
      author: this.catalogue.actor,
      action: 'create',
      changed: [...ENTRY_FIELDS],
      snapshot: snapshotOf(entry),
      source,
    });
    return entry;
  }

  /** Writes the incoming state over the local one: one revision, or none when the repository resolves it to what is there. */
  private takeIncoming(local: Entry, patch: Patch, source: string, attachments?: readonly IncomingAttachment[]): boolean {
    const { entryRepo, revisionRepo } = this.catalogue;
    const before = snapshotOf(local);
    const state = this.merged(before, patch, attachments);
    entryRepo.write(local.id, state, { createdAt: local.createdAt, updatedAt: local.updatedAt, revision: local.revision }, false);
    const written = snapshotOf(entryRepo.get(local.id));
    const changed = changedFields(before, written);
    if (changed.length === 0) return false;
    const number = revisionRepo.latestNumber(local.id) + 1;
    entryRepo.stamp(local.id, this.now, number);
    this.record(local.id, number, 'update', changed, written, source);
    return true;
  }

  /** Brings a deleted entry back with the incoming text over its last state. */
  private revive(id: string, patch: Patch, source: string, attachments?: readonly IncomingAttachment[]): boolean {
    const { entryRepo, revisionRepo } = this.catalogue;
    const latest = revisionRepo.latestNumber(id);
    const last = revisionRepo.get(id, latest).snapshot;
    const createdAt = revisionRepo.firstAt(id) ?? this.now;
    entryRepo.write(id, this.merged(last, patch, attachments), { createdAt, updatedAt: this.now, revision: latest + 1 }, true);
    this.record(id, latest + 1, 'restore', [...ENTRY_FIELDS], snapshotOf(entryRepo.get(id)), source);
    return true;
  }

  /** The incoming text as a new entry linked `related` to the local one; a copy an earlier import made is not made again. */
  private keepBoth(
    id: string,
    local: Entry | undefined,
    input: Record<string, unknown>,
    patch: Patch,
    where: string,
    source: string,
    attachments?: readonly IncomingAttachment[],
  ): string {
    const { catalogue } = this;
    if (local) {
      const copies = catalogue.relations.relatedFrom(id);
      const earlier = copies.find((copy) => catalogue.entryRepo.exists(copy) && !this.differs(snapshotOf(catalogue.entryRepo.get(copy)), patch, attachments));
      if (earlier !== undefined) return earlier;
    }
    const { id: _dropped, ...fields } = input;
    const copy = this.create(undefined, fields, where, source, attachments);
    if (local) catalogue.relations.addLink(copy.id, local.id, 'related');
    return copy.id;
  }

  private merged(before: EntrySnapshot, patch: Patch, attachments?: readonly IncomingAttachment[]): EntrySnapshot {
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<EntrySnapshot>;
    return { ...before, ...defined, attachments: attachments ? this.stored(attachments, before.attachments) : before.attachments };
  }

  private record(entryId: string, number: number, action: RevisionAction, changed: EntryField[], snapshot: EntrySnapshot, source: string): void {
    this.catalogue.revisionRepo.record({ entryId, number, at: this.now, author: this.catalogue.actor, action, changed, snapshot, source });
  }
}

/** Runs an import in one transaction, indexing the entries it writes together at the end. */
export function runFlatImport(catalogue: Catalogue, onConflict: ConflictChoice, work: (importer: FlatImporter) => void): FlatImportReport {
  const importer = new FlatImporter(catalogue, onConflict);
  const indexer = catalogue.searchIndexer;
  catalogue.transaction(() => (indexer ? indexer.deferring(() => work(importer)) : work(importer)));
  return importer.report;
}

import { ENTRY_FIELDS, type EntryField, type LinkType } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import { normaliseClassification } from '../../shared/schemas/common.js';
import { snapshotOf, type EntrySnapshot } from '../../shared/schemas/entry.js';
import type { ConceptsImport, ConflictChoice, ImportReport } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import { newId, nowIso } from '../core/ids.js';
import { EntryRepository } from '../core/repos/entries.js';
import { canonicalJson } from '../core/repos/revisions.js';
import { canonicalOf, sameJson } from './canonical.js';
import type { Classified } from './classify.js';
import { trustKey } from './keys.js';
import { LocalNames } from './local-names.js';
import type { BundleReader, Signer, Vocabulary } from './read-bundle.js';
import type { BundleRevision, ConceptVocabulary, EntryRecord } from './records.js';
import { applySkos, planConcepts, skosConceptOf } from './skos-import.js';
import type { SkosGraph } from './skos-read.js';

export type { ConflictChoice };

/** What phase 2 will do with one record. */
export type Action = 'insert' | 'append' | 'take-incoming' | 'revive' | 'keep-both' | 'skip' | 'keep-local';

export interface Planned extends Classified {
  /** The incoming record's id, title and file in the bundle: the record itself is read again when applied. */
  id: string;
  path: string;
  title: string;
  action: Action;
  resolution: ConflictChoice | null;
  /** Attachments the write refers to (current state and history); empty when nothing is written. */
  blobs: readonly string[];
  /** The files the entry will have (its incoming state), for the preview's list of types and sizes; empty when nothing is written. */
  files: readonly { sha256: string; mediaType: string; size: number }[];
  /** The record's links, added once every entry of the bundle is written. */
  links: readonly { to: string; type: LinkType }[];
  /** How many adoptions the record carries (they are added even when the entry is skipped). */
  adoptions: number;
}

/** What an import did, as its report counts it. */
export type ApplyCounts = Pick<
  ImportReport,
  | 'new'
  | 'identical'
  | 'updated'
  | 'older'
  | 'conflicts'
  | 'keptLocal'
  | 'tookIncoming'
  | 'keptBoth'
  | 'attachments'
  | 'adoptions'
  | 'links'
  | 'tagsCreated'
  | 'concepts'
>;

export interface ApplyOptions {
  trust: boolean;
  actor: string | null;
  /** Records phase 1 kept (a bounded few); every other planned record is read again from the bundle. */
  held?: ReadonlyMap<string, EntryRecord>;
  /** Called once per record inside the transaction; throwing rolls everything back. */
  progress?: (done: number, total: number) => void;
}

/** Raised inside the transaction to undo an import that changed nothing (the same bundle again). */
export class NothingChanged extends Error {}

function actionFor(
  c: Classified,
  id: string,
  onConflict: ConflictChoice,
  resolutions: Readonly<Record<string, ConflictChoice>>,
): { action: Action; resolution: ConflictChoice | null } {
  switch (c.class) {
    case 'new':
      return { action: 'insert', resolution: null };
    case 'newer':
      return { action: 'append', resolution: null };
    case 'identical':
    case 'older':
      return { action: 'skip', resolution: null };
    case 'conflict': {
      const choice = resolutions[id] ?? onConflict;
      const action: Action = choice === 'keep-local' ? 'keep-local' : choice === 'keep-both' ? 'keep-both' : c.deletedLocally ? 'revive' : 'take-incoming';
      return { action, resolution: choice };
    }
  }
}

/** What phase 2 will do with one record, kept small: ids and hashes, not the record's texts. */
export function plan(
  record: EntryRecord,
  recordPath: string,
  c: Classified,
  onConflict: ConflictChoice,
  resolutions: Readonly<Record<string, ConflictChoice>>,
): Planned {
  const { action, resolution } = actionFor(c, record.id, onConflict, resolutions);
  const blobs = new Set<string>();
  if (action !== 'skip' && action !== 'keep-local') {
    for (const s of [record.state, ...record.history.map((h) => h.snapshot)]) for (const a of s.attachments) blobs.add(a.sha256);
  }
  return {
    ...c,
    id: record.id,
    path: recordPath,
    title: record.state.title,
    action,
    resolution,
    blobs: [...blobs],
    files:
      action !== 'skip' && action !== 'keep-local' ? record.state.attachments.map((a) => ({ sha256: a.sha256, mediaType: a.mediaType, size: a.size })) : [],
    links: record.links.map((l) => ({ to: l.to, type: l.type })),
    adoptions: record.adoptions.length,
  };
}

/** Attachment hashes the planned writes will refer to (current state and history). */
/**
 * The incoming files by media type (as the bundle states it; the receiver sniffs the content
 * when it reads the text), each distinct file once, with their total size: largest first.
 */
export function attachmentTypes(planned: readonly Planned[]): { mediaType: string; count: number; bytes: number }[] {
  const seen = new Set<string>();
  const byType = new Map<string, { mediaType: string; count: number; bytes: number }>();
  for (const p of planned) {
    for (const file of p.files) {
      if (seen.has(file.sha256)) continue;
      seen.add(file.sha256);
      const row = byType.get(file.mediaType) ?? { mediaType: file.mediaType, count: 0, bytes: 0 };
      row.count += 1;
      row.bytes += file.size;
      byType.set(file.mediaType, row);
    }
  }
  return [...byType.values()].sort((a, b) => b.bytes - a.bytes || a.mediaType.localeCompare(b.mediaType));
}

export function neededBlobs(planned: readonly Planned[]): Set<string> {
  const out = new Set<string>();
  for (const p of planned) for (const sha of p.blobs) out.add(sha);
  return out;
}

/** The producer's own account of a revision, kept beside the fields this catalogue gives it. */
function claimedOf(revision: BundleRevision): string {
  return canonicalJson({ action: revision.action, at: revision.at, author: revision.author, number: revision.number });
}

function changedFields(before: EntrySnapshot, after: EntrySnapshot): EntryField[] {
  return ENTRY_FIELDS.filter((f) => canonicalJson(before[f]) !== canonicalJson(after[f]));
}

/** Counts of an import that has applied nothing yet. */
export function emptyCounts(): ApplyCounts {
  return {
    new: 0,
    identical: 0,
    updated: 0,
    older: 0,
    conflicts: 0,
    keptLocal: 0,
    tookIncoming: 0,
    keptBoth: 0,
    attachments: 0,
    adoptions: 0,
    links: 0,
    tagsCreated: [],
  };
}

/**
 * What an import has done so far, handed from phase to phase: the counts its report shows,
 * and how many writes it made in all (a re-import that made none is undone).
 */
interface Tally {
  readonly counts: ApplyCounts;
  changes: number;
}

/** What every phase of one import works with. */
interface Import {
  catalogue: Catalogue;
  reader: BundleReader;
  options: ApplyOptions;
  /** This catalogue's time of the import: every revision and row it writes carries it. */
  now: string;
  signer: Signer;
  names: LocalNames;
  tally: Tally;
}

/** The signer as registered here; an unknown one is registered now when the person chose to trust it. */
function registerSigner(catalogue: Catalogue, reader: BundleReader, options: ApplyOptions, tally: Tally): Signer {
  const { manifest } = reader;
  let signer = reader.signer;
  if (reader.signature === 'unknown-signer') {
    if (!options.trust) throw new RatioError('BUNDLE_UNTRUSTED');
    const ref = catalogue.enterprises.find(manifest.producer.enterpriseId) ?? manifest.producer.name;
    signer = trustKey(catalogue, ref, Buffer.from(manifest.producer.publicKey, 'base64'), manifest.producer.enterpriseId);
    tally.changes += 1;
  }
  if (!signer) throw new RatioError('INTERNAL', 'A bundle is applied only once its signer is known.');
  return signer;
}

/**
 * The bundle's key here and whether it was received before. A bundle id is the producer's:
 * the same id from another producer is another bundle, kept under a new key.
 */
function bundleKeyOf(catalogue: Catalogue, producerId: string, bundleId: string): { key: string; alreadyImported: boolean } {
  const received = catalogue.ledger.receivedBundle(producerId, bundleId);
  if (received !== undefined) return { key: received, alreadyImported: true };
  return { key: catalogue.ledger.hasBundle(bundleId) ? newId() : bundleId, alreadyImported: false };
}

/** Rows for the blobs the writes refer to; their files were placed in the store before the transaction. */
function recordBlobs(ctx: Import, planned: readonly Planned[]): void {
  const { catalogue, tally } = ctx;
  const sizes = new Map(ctx.reader.manifest.files.map((f) => [f.path, f.size]));
  for (const sha of neededBlobs(planned)) {
    if (catalogue.blobs.has(sha)) continue;
    catalogue.blobs.record(sha, sizes.get(`attachments/${sha}`) ?? 0);
    tally.counts.attachments += 1;
    tally.changes += 1;
  }
}

/** The incoming revisions, numbered after the entry's last local one; returns the last number. */
function recordRevisions(ctx: Import, entryId: string, revisions: readonly BundleRevision[]): number {
  let latest = ctx.catalogue.revisionRepo.latestNumber(entryId);
  for (const rev of revisions) {
    latest += 1;
    ctx.catalogue.revisionRepo.recordImported({
      entryId,
      number: latest,
      at: ctx.now,
      author: ctx.options.actor,
      changed: rev.changed,
      canonical: canonicalOf(rev.snapshot),
      sourceId: ctx.signer.id,
      claimed: claimedOf(rev),
    });
  }
  return latest;
}

/** The incoming state as one revision (a conflict resolved by taking it), sourced like any incoming revision. */
function importRevision(ctx: Import, entryId: string, record: EntryRecord): number {
  const { entryRepo, revisionRepo } = ctx.catalogue;
  const state = record.state;
  const number = revisionRepo.latestNumber(entryId) + 1;
  const before = entryRepo.exists(entryId) ? snapshotOf(entryRepo.get(entryId)) : state;
  const changed = before === state ? [...ENTRY_FIELDS] : changedFields(before, state);
  revisionRepo.recordImported({
    entryId,
    number,
    at: ctx.now,
    author: ctx.options.actor,
    changed,
    canonical: canonicalOf(state),
    sourceId: ctx.signer.id,
    claimed: claimedOf(record.history.at(-1) as BundleRevision),
  });
  return number;
}

/** Writes the row; when local mapping changed tags or enterprise, records that as this catalogue's own 'import' revision. */
function writeRow(ctx: Import, record: EntryRecord, entryId: string, latest: number, meta: { createdAt: string; updatedAt: string }, insert: boolean): void {
  const { entryRepo, revisionRepo } = ctx.catalogue;
  const mapped = ctx.names.snapshot(record, record.state);
  entryRepo.write(entryId, mapped, { ...meta, revision: latest }, insert, ctx.names.resolved);
  // Tags and enterprise are mapped to local names already; a state the local mapping left
  // as it was and in the form the repository keeps reads back unchanged, so the six
  // queries of reading it back are spent only where something may differ.
  const written = sameJson(mapped, record.state) && EntryRepository.keepsAsGiven(mapped) ? record.state : snapshotOf(entryRepo.get(entryId));
  if (sameJson(written, record.state)) return;
  const number = latest + 1;
  revisionRepo.record({
    entryId,
    number,
    at: ctx.now,
    author: ctx.options.actor,
    action: 'import',
    changed: changedFields(record.state, written),
    snapshot: written,
  });
  entryRepo.write(entryId, written, { createdAt: meta.createdAt, updatedAt: ctx.now, revision: number }, false);
}

/** The actions that write an entry; each returns the local entry the record went to. */
type WritingAction = Exclude<Action, 'skip' | 'keep-local'>;

const ENTRY_ACTIONS: Record<WritingAction, (ctx: Import, p: Planned, record: EntryRecord) => string> = {
  insert(ctx, p, record) {
    const target = p.targetId;
    writeRow(ctx, record, target, recordRevisions(ctx, target, record.history), { createdAt: record.createdAt, updatedAt: record.updatedAt }, true);
    ctx.catalogue.ledger.recordOrigin(target, ctx.signer.id);
    ctx.tally.counts.new += 1;
    return target;
  },
  append(ctx, p, record) {
    const target = p.targetId;
    const local = ctx.catalogue.entryRepo.get(target);
    writeRow(
      ctx,
      record,
      target,
      recordRevisions(ctx, target, record.history.slice(p.baseIndex + 1)),
      { createdAt: local.createdAt, updatedAt: record.updatedAt },
      false,
    );
    ctx.tally.counts.updated += 1;
    return target;
  },
  'take-incoming'(ctx, p, record) {
    const target = p.targetId;
    const local = ctx.catalogue.entryRepo.get(target);
    writeRow(ctx, record, target, importRevision(ctx, target, record), { createdAt: local.createdAt, updatedAt: ctx.now }, false);
    ctx.tally.counts.conflicts += 1;
    ctx.tally.counts.tookIncoming += 1;
    return target;
  },
  revive(ctx, p, record) {
    const target = p.targetId;
    const created = ctx.catalogue.revisionRepo.firstAt(target) ?? ctx.now;
    writeRow(ctx, record, target, importRevision(ctx, target, record), { createdAt: created, updatedAt: ctx.now }, true);
    ctx.tally.counts.conflicts += 1;
    ctx.tally.counts.tookIncoming += 1;
    return target;
  },
  'keep-both'(ctx, p, record) {
    const { catalogue } = ctx;
    const local = p.targetId;
    const target = newId();
    writeRow(ctx, record, target, recordRevisions(ctx, target, record.history), { createdAt: record.createdAt, updatedAt: record.updatedAt }, true);
    catalogue.ledger.recordOrigin(target, ctx.signer.id);
    if (catalogue.entryRepo.exists(local)) catalogue.relations.addLink(target, local, 'related');
    catalogue.ledger.recordVariant(record.id, target, ctx.now);
    ctx.tally.counts.conflicts += 1;
    ctx.tally.counts.keptBoth += 1;
    return target;
  },
};

/** The record's adoptions, on the local entry; an adoption already here is kept (a kept-both copy gets its own). */
function addAdoptions(ctx: Import, p: Planned, record: EntryRecord, target: string): void {
  const { relations } = ctx.catalogue;
  for (const a of record.adoptions) {
    const id = !relations.hasAdoption(a.id) ? a.id : p.action === 'keep-both' ? newId() : null;
    if (id === null) continue;
    relations.addAdoption({ id, entryId: target, enterpriseId: ctx.names.enterprise(a.enterprise).id, date: a.date, note: a.note, effects: a.effects });
    ctx.tally.counts.adoptions += 1;
    ctx.tally.changes += 1;
  }
}

/** Where each record went, and the local entries the bundle is to be recorded as the provenance of. */
interface Applied {
  targets: Map<string, string>;
  provenanceFor: string[];
}

/** Applies each planned record by its action, in bundle order. */
function applyEntries(ctx: Import, planned: readonly Planned[]): Applied {
  const { catalogue, options, tally } = ctx;
  const applied: Applied = { targets: new Map(), provenanceFor: [] };
  planned.forEach((p, index) => {
    options.progress?.(index, planned.length);
    if (p.action === 'keep-local') {
      tally.counts.conflicts += 1;
      tally.counts.keptLocal += 1;
      return;
    }
    if (p.action === 'skip') {
      if (p.class === 'identical') tally.counts.identical += 1;
      else tally.counts.older += 1;
      if (!catalogue.entryRepo.exists(p.targetId)) return;
      applied.targets.set(p.id, p.targetId);
      applied.provenanceFor.push(p.targetId);
      if (p.adoptions === 0) return;
    }
    // Read again from the bundle and checked against the manifest, unless phase 1 kept it.
    const record = options.held?.get(p.path) ?? ctx.reader.recordSync(p.path);
    let target = p.targetId;
    if (p.action !== 'skip') {
      target = ENTRY_ACTIONS[p.action](ctx, p, record);
      tally.changes += 1;
      applied.targets.set(p.id, target);
      applied.provenanceFor.push(target);
    }
    addAdoptions(ctx, p, record, target);
  });
  options.progress?.(planned.length, planned.length);
  return applied;
}

/** The records' links, once every entry of the bundle is written (a link may point to any of them). */
function linkEntries(ctx: Import, planned: readonly Planned[], targets: ReadonlyMap<string, string>): void {
  const { entryRepo, relations } = ctx.catalogue;
  for (const p of planned) {
    const from = targets.get(p.id);
    if (from === undefined) continue;
    for (const link of p.links) {
      if (link.to === from || !entryRepo.exists(link.to)) continue;
      if (relations.addLink(from, link.to, link.type)) {
        ctx.tally.counts.links += 1;
        ctx.tally.changes += 1;
      }
    }
  }
}

/**
 * The bundle's row (on first receipt), the provenance of its entries and a line in the
 * import log. Who it came from is the signer's enterprise as registered here, never the name
 * the manifest claims. A re-import that changed nothing is undone by throwing NothingChanged.
 */
function recordBundle(ctx: Import, bundle: { key: string; alreadyImported: boolean }, provenanceFor: readonly string[]): void {
  const { catalogue, reader, tally, signer } = ctx;
  const { ledger } = catalogue;
  const { manifest } = reader;
  if (bundle.alreadyImported && provenanceFor.some((id) => !ledger.hasProvenance(id, bundle.key))) tally.changes += 1;
  if (bundle.alreadyImported && tally.changes === 0) throw new NothingChanged();
  const { concepts, ...counted } = tally.counts;
  const summary = canonicalJson({ ...counted, tagsCreated: counted.tagsCreated.length, ...(concepts ? { conceptsCreated: concepts.new } : {}) });
  if (!bundle.alreadyImported) {
    ledger.recordBundle({
      id: bundle.key,
      producerBundleId: manifest.bundleId,
      producerId: signer.id,
      producerName: signer.name,
      createdAt: manifest.createdAt,
      receivedAt: ctx.now,
      counts: summary,
    });
  }
  // Provenance rows need the bundle row (foreign key), which is written last so a re-import can be told apart above.
  for (const id of provenanceFor) ledger.addProvenance(id, bundle.key);
  ledger.recordImport({
    id: newId(),
    bundleId: bundle.key,
    producerName: signer.name,
    at: ctx.now,
    actor: ctx.options.actor,
    signature: reader.signature === 'unknown-signer' ? 'trusted-on-import' : reader.signature,
    counts: summary,
  });
}

/** A bundle's concepts as the SKOS import takes them, each tag path named by `tagPath` (how the bundle's tags were mapped here). */
export function bundleConceptGraph(concepts: ConceptVocabulary, tagPath: (path: string) => string): SkosGraph {
  return {
    problems: [],
    concepts: concepts.map((c) => ({
      uri: c.uri,
      labels: c.labels,
      scopeNotes: c.scopeNotes,
      broader: c.broader,
      related: c.related,
      codes: c.codes.flatMap((code) => normaliseClassification(code) ?? []),
      tagPaths: c.tags.map(tagPath),
    })),
  };
}

/**
 * The bundle's concepts, as a SKOS import would take them (by URI, then by the tag they
 * stand for or their label), their tags named as the tags were mapped here.
 */
function applyConcepts(catalogue: Catalogue, vocabulary: Vocabulary, names: LocalNames, tally: Tally, plan: ConceptsImport): void {
  const synonymsOf = new Map(vocabulary.tags.map((t) => [t.path, t.synonyms]));
  const report = applySkos(
    catalogue,
    bundleConceptGraph(vocabulary.concepts, (p) => names.tag(p, synonymsOf.get(p) ?? [])),
  );
  tally.counts.concepts = { new: plan.new, matched: plan.matched, conflicts: report.conflicts };
  tally.changes += report.created + report.updated;
}

/**
 * Phase 2: applies a verified bundle in ONE transaction, in named steps: register the signer,
 * map enterprises and tags onto local ones by name or synonym, record the blobs, apply each
 * record by its action, link, and record the bundle. Each planned record is read again from
 * the bundle (checked against the signed manifest once more) and written through
 * EntryRepository.write, so every index hooked there stays in step. Incoming revisions are
 * numbered here, after the entry's last local one, with this catalogue's time, actor and
 * action 'import'; the signer is their source and the producer's own number, time, author
 * and action are kept as what it claimed. Blob files must already be in the store.
 */
export function applyBundle(
  catalogue: Catalogue,
  reader: BundleReader,
  vocabulary: Vocabulary,
  planned: readonly Planned[],
  options: ApplyOptions,
): ApplyCounts {
  const now = nowIso();
  const indexer = catalogue.searchIndexer;
  const apply = (): ApplyCounts => {
    const tally: Tally = { counts: emptyCounts(), changes: 0 };
    const signer = registerSigner(catalogue, reader, options, tally);
    const bundle = bundleKeyOf(catalogue, signer.id, reader.manifest.bundleId);
    const names = new LocalNames(catalogue, tally, vocabulary.enterprises);
    const ctx: Import = { catalogue, reader, options, now, signer, names, tally };
    const applicable = planned.some((p) => p.action !== 'skip' && p.action !== 'keep-local') || reader.manifest.selection.mode === 'all';
    // New and matched concepts are counted before the tags are mapped, as the preview counts them.
    const conceptPlan =
      applicable && vocabulary.concepts.length > 0 && catalogue.concepts ? planConcepts(catalogue, vocabulary.concepts.map(skosConceptOf)) : null;
    if (applicable) for (const t of vocabulary.tags) names.tag(t.path, t.synonyms);
    if (conceptPlan) applyConcepts(catalogue, vocabulary, names, tally, conceptPlan);
    recordBlobs(ctx, planned);
    const { targets, provenanceFor } = applyEntries(ctx, planned);
    linkEntries(ctx, planned, targets);
    recordBundle(ctx, bundle, provenanceFor);
    return tally.counts;
  };
  return catalogue.transaction(() => (indexer ? indexer.deferring(apply) : apply()));
}

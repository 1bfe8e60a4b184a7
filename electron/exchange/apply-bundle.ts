import { ENTRY_FIELDS, type EntryField, type LinkType } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import { snapshotOf, type EntrySnapshot } from '../../shared/schemas/entry.js';
import type { Catalogue } from '../app/catalogue.js';
import { newId, nowIso } from '../core/ids.js';
import { EntryRepository } from '../core/repos/entries.js';
import { canonicalJson } from '../core/repos/revisions.js';
import { TagLookup } from '../core/repos/tag-lookup.js';
import { canonicalOf, sameJson } from './canonical.js';
import type { Classified } from './classify.js';
import { trustKey } from './keys.js';
import type { BundleReader, Vocabulary } from './read-bundle.js';
import type { BundleRevision, EntryRecord } from './records.js';

export const CONFLICT_CHOICES = ['keep-local', 'take-incoming', 'keep-both'] as const;
export type ConflictChoice = (typeof CONFLICT_CHOICES)[number];

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
  /** The record's links, added once every entry of the bundle is written. */
  links: readonly { to: string; type: LinkType }[];
  /** How many adoptions the record carries (they are added even when the entry is skipped). */
  adoptions: number;
}

export interface ApplyCounts {
  new: number;
  identical: number;
  updated: number;
  older: number;
  conflicts: number;
  keptLocal: number;
  tookIncoming: number;
  keptBoth: number;
  attachments: number;
  adoptions: number;
  links: number;
  tagsCreated: string[];
}

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

function actionFor(c: Classified, id: string, onConflict: ConflictChoice, resolutions: Readonly<Record<string, ConflictChoice>>): { action: Action; resolution: ConflictChoice | null } {
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
    links: record.links.map((l) => ({ to: l.to, type: l.type })),
    adoptions: record.adoptions.length,
  };
}

/** Attachment hashes the planned writes will refer to (current state and history). */
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

/**
 * Phase 2: applies a verified bundle in ONE transaction. Each planned record is read again
 * from the bundle (checked against the signed manifest once more) and written through
 * EntryRepository.write, so every index hooked there stays in step. Incoming revisions are
 * numbered here, after the entry's last local one, with this catalogue's time, actor and
 * action 'import'; the signer is their source and the producer's own number, time, author
 * and action are kept as what it claimed. Incoming tags and enterprises are mapped onto
 * local ones by name or synonym. Blob files must already be in the store.
 */
/** Counts of an import that has applied nothing yet. */
export function emptyCounts(): ApplyCounts {
  return { new: 0, identical: 0, updated: 0, older: 0, conflicts: 0, keptLocal: 0, tookIncoming: 0, keptBoth: 0, attachments: 0, adoptions: 0, links: 0, tagsCreated: [] };
}

export function applyBundle(catalogue: Catalogue, reader: BundleReader, vocabulary: Vocabulary, planned: readonly Planned[], options: ApplyOptions): ApplyCounts {
  const db = catalogue.db;
  const counts = emptyCounts();
  let changes = 0;
  const now = nowIso();
  const { manifest } = reader;
  const indexer = catalogue.searchIndexer;
  return catalogue.transaction(() => (indexer ? indexer.deferring(apply) : apply()));

  function apply(): ApplyCounts {
    let signer = reader.signer;
    if (reader.signature === 'unknown-signer') {
      if (!options.trust) throw new RatioError('BUNDLE_UNTRUSTED');
      const ref = catalogue.enterprises.find(manifest.producer.enterpriseId) ?? manifest.producer.name;
      signer = trustKey(catalogue, ref, Buffer.from(manifest.producer.publicKey, 'base64'), manifest.producer.enterpriseId);
      changes += 1;
    }
    if (!signer) throw new RatioError('INTERNAL', 'A bundle is applied only once its signer is known.');
    const producerId = signer.id;
    // A bundle id is the producer's: the same id from another producer is another bundle.
    const received = db.prepare('SELECT id FROM bundles WHERE producer_id = ? AND producer_bundle_id = ?').get(producerId, manifest.bundleId) as { id: string } | undefined;
    const alreadyImported = received !== undefined;
    const bundleKey = received?.id ?? (db.prepare('SELECT 1 FROM bundles WHERE id = ?').get(manifest.bundleId) === undefined ? manifest.bundleId : newId());

    // Enterprises: by id, else by name, else created with the producer's id so later bundles find them.
    const enterpriseIds = new Map<string, string>();
    for (const e of vocabulary.enterprises) {
      let id = catalogue.enterprises.find(e.id) ?? catalogue.enterprises.find(e.name);
      if (!id) {
        id = catalogue.enterprises.create({ id: e.id, name: e.name, place: e.place, industry: e.industry }).id;
        changes += 1;
      }
      enterpriseIds.set(e.id, id);
    }
    // Nothing below renames an enterprise, so a mapped one is looked up once, not per entry.
    const localById = new Map<string, { id: string; name: string }>();
    // Local tags and enterprises as mapped below, handed to the entry writes (nothing in the import renames or removes them).
    const resolved = { tags: new Map<string, string>(), enterprises: new Map<string, string>() };
    const localEnterprise = (brief: { id: string; name: string }): { id: string; name: string } => {
      const mapped = enterpriseIds.get(brief.id);
      const known = mapped === undefined ? undefined : localById.get(mapped);
      if (known) return known;
      const id = mapped ?? catalogue.enterprises.ensure(brief.name);
      const local = { id, name: catalogue.enterprises.get(id).name };
      if (mapped !== undefined) localById.set(mapped, local);
      resolved.enterprises.set(local.name, id);
      return local;
    };

    // Tags: by path, else by name or synonym, else created with the producer's synonyms. The
    // vocabulary is read once into memory, so each look-up is a map access, not a query.
    const lookup = new TagLookup(db);
    const tagPaths = new Map<string, string>();
    const findTag = (p: string): string | undefined => {
      try {
        return lookup.find(p);
      } catch (error) {
        if (error instanceof RatioError) throw new RatioError('CONFLICT', `Incoming tag "${p}" matches more than one local tag; give one of them a fuller name, then import again.`);
        throw error;
      }
    };
    const mapTag = (p: string, synonyms: readonly string[]): string => {
      const known = tagPaths.get(p);
      if (known) return known;
      let id = findTag(p);
      for (const synonym of synonyms) id ??= findTag(synonym);
      if (!id) {
        const made = lookup.ensure(p);
        id = made.id;
        if (made.created) {
          counts.tagsCreated.push(p);
          changes += 1;
        }
        // A synonym that already names another local tag would make that name ambiguous; it is left out.
        const own = id;
        lookup.addSynonyms(id, synonyms.filter((s) => [undefined, own].includes(findTag(s))));
      }
      const local = lookup.pathOf(id);
      tagPaths.set(p, local);
      resolved.tags.set(local, id);
      return local;
    };
    const applicable = planned.some((p) => p.action !== 'skip' && p.action !== 'keep-local') || manifest.selection.mode === 'all';
    if (applicable) for (const t of vocabulary.tags) mapTag(t.path, t.synonyms);
    const mapSnapshot = (record: EntryRecord, s: EntrySnapshot): EntrySnapshot => ({
      ...s,
      tags: s.tags.map((t) => mapTag(t, [])),
      enterprise: record.enterprise ? localEnterprise(record.enterprise).name : null,
    });

    const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
    for (const sha of neededBlobs(planned)) {
      if (catalogue.blobs.has(sha)) continue;
      const size = sizes.get(`attachments/${sha}`) ?? 0;
      catalogue.blobs.record(sha, size);
      counts.attachments += 1;
      changes += 1;
    }

    // Revision rows with the canonical text and hash verification already computed, numbered here.
    const insertRevision = db.prepare(
      `INSERT INTO revisions (entry_id, number, at, author, action, changed, snapshot, content_hash, source_id, claimed)
       VALUES (?, ?, ?, ?, 'import', ?, ?, ?, ?, ?)`,
    );
    const recordRevisions = (entryId: string, revisions: readonly BundleRevision[]): number => {
      let latest = catalogue.revisionRepo.latestNumber(entryId);
      for (const rev of revisions) {
        latest += 1;
        const canonical = canonicalOf(rev.snapshot);
        insertRevision.run(entryId, latest, now, options.actor, JSON.stringify(rev.changed), canonical.text, canonical.hash, producerId, claimedOf(rev));
      }
      return latest;
    };
    /** Writes the row; when local mapping changed tags or enterprise, records that as this catalogue's own 'import' revision. */
    const writeRow = (record: EntryRecord, entryId: string, latest: number, meta: { createdAt: string; updatedAt: string }, insert: boolean): void => {
      const mapped = mapSnapshot(record, record.state);
      catalogue.entryRepo.write(entryId, mapped, { ...meta, revision: latest }, insert, resolved);
      // Tags and enterprise are mapped to local names already; a state the local mapping left
      // as it was and in the form the repository keeps reads back unchanged, so the six
      // queries of reading it back are spent only where something may differ.
      const written = sameJson(mapped, record.state) && EntryRepository.keepsAsGiven(mapped) ? record.state : snapshotOf(catalogue.entryRepo.get(entryId));
      if (sameJson(written, record.state)) return;
      const number = latest + 1;
      catalogue.revisionRepo.record({ entryId, number, at: now, author: options.actor, action: 'import', changed: changedFields(record.state, written), snapshot: written });
      catalogue.entryRepo.write(entryId, written, { createdAt: meta.createdAt, updatedAt: now, revision: number }, false);
    };
    /** The incoming state as one revision (a conflict resolved by taking it), sourced like any incoming revision. */
    const importRevision = (entryId: string, record: EntryRecord): number => {
      const state = record.state;
      const number = catalogue.revisionRepo.latestNumber(entryId) + 1;
      const before = catalogue.entryRepo.exists(entryId) ? snapshotOf(catalogue.entryRepo.get(entryId)) : state;
      const canonical = canonicalOf(state);
      const changed = before === state ? [...ENTRY_FIELDS] : changedFields(before, state);
      insertRevision.run(entryId, number, now, options.actor, JSON.stringify(changed), canonical.text, canonical.hash, producerId, claimedOf(record.history.at(-1) as BundleRevision));
      return number;
    };

    const provenance = db.prepare('INSERT OR IGNORE INTO provenance (entry_id, bundle_id) VALUES (?, ?)');
    const origin = db.prepare('INSERT OR IGNORE INTO entry_origins (entry_id, enterprise_id) VALUES (?, ?)');
    const adoptionExists = db.prepare('SELECT 1 FROM adoptions WHERE id = ?');
    const targets = new Map<string, string>();
    const provenanceFor: string[] = [];
    planned.forEach((p, index) => {
      options.progress?.(index, planned.length);
      let target = p.targetId;
      if (p.action === 'keep-local') {
        counts.conflicts += 1;
        counts.keptLocal += 1;
        return;
      }
      if (p.action === 'skip') {
        if (p.class === 'identical') counts.identical += 1;
        else counts.older += 1;
        if (!catalogue.entryRepo.exists(target)) return;
        targets.set(p.id, target);
        provenanceFor.push(target);
        if (p.adoptions === 0) return;
      }
      // Read again from the bundle and checked against the manifest, unless phase 1 kept it.
      const record = options.held?.get(p.path) ?? reader.recordSync(p.path);
      switch (p.action) {
        case 'insert':
          writeRow(record, target, recordRevisions(target, record.history), { createdAt: record.createdAt, updatedAt: record.updatedAt }, true);
          origin.run(target, producerId);
          counts.new += 1;
          break;
        case 'append': {
          const local = catalogue.entryRepo.get(target);
          writeRow(record, target, recordRevisions(target, record.history.slice(p.baseIndex + 1)), { createdAt: local.createdAt, updatedAt: record.updatedAt }, false);
          counts.updated += 1;
          break;
        }
        case 'take-incoming': {
          const local = catalogue.entryRepo.get(target);
          writeRow(record, target, importRevision(target, record), { createdAt: local.createdAt, updatedAt: now }, false);
          counts.conflicts += 1;
          counts.tookIncoming += 1;
          break;
        }
        case 'revive': {
          const created = (db.prepare('SELECT at FROM revisions WHERE entry_id = ? ORDER BY number LIMIT 1').pluck().get(target) as string | undefined) ?? now;
          writeRow(record, target, importRevision(target, record), { createdAt: created, updatedAt: now }, true);
          counts.conflicts += 1;
          counts.tookIncoming += 1;
          break;
        }
        case 'keep-both': {
          const local = target;
          target = newId();
          writeRow(record, target, recordRevisions(target, record.history), { createdAt: record.createdAt, updatedAt: record.updatedAt }, true);
          origin.run(target, producerId);
          if (catalogue.entryRepo.exists(local)) catalogue.relations.addLink(target, local, 'related');
          db.prepare('INSERT INTO variants (incoming_id, variant_id, created_at) VALUES (?, ?, ?) ON CONFLICT (incoming_id) DO UPDATE SET variant_id = excluded.variant_id').run(
            record.id,
            target,
            now,
          );
          counts.conflicts += 1;
          counts.keptBoth += 1;
          break;
        }
        case 'skip':
          break;
      }
      if (p.action !== 'skip') {
        changes += 1;
        targets.set(p.id, target);
        provenanceFor.push(target);
      }
      for (const a of record.adoptions) {
        const id = adoptionExists.get(a.id) === undefined ? a.id : p.action === 'keep-both' ? newId() : null;
        if (id === null) continue;
        catalogue.relations.addAdoption({ id, entryId: target, enterpriseId: localEnterprise(a.enterprise).id, date: a.date, note: a.note, effects: a.effects });
        counts.adoptions += 1;
        changes += 1;
      }
    });
    options.progress?.(planned.length, planned.length);

    for (const p of planned) {
      const from = targets.get(p.id);
      if (from === undefined) continue;
      for (const link of p.links) {
        if (link.to === from || !catalogue.entryRepo.exists(link.to)) continue;
        if (catalogue.relations.addLink(from, link.to, link.type)) {
          counts.links += 1;
          changes += 1;
        }
      }
    }
    const hasProvenance = db.prepare('SELECT 1 FROM provenance WHERE entry_id = ? AND bundle_id = ?');
    if (alreadyImported && provenanceFor.some((id) => hasProvenance.get(id, bundleKey) === undefined)) changes += 1;
    if (alreadyImported && changes === 0) throw new NothingChanged();
    const summary = canonicalJson({ ...counts, tagsCreated: counts.tagsCreated.length });
    // Who it came from is the signer's enterprise as registered here, never the name the manifest claims.
    if (!alreadyImported) {
      db.prepare('INSERT INTO bundles (id, producer_bundle_id, producer_id, producer_name, created_at, received_at, counts) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        bundleKey,
        manifest.bundleId,
        producerId,
        signer.name,
        manifest.createdAt,
        now,
        summary,
      );
    }
    // Provenance rows need the bundle row (foreign key), which is written last so a re-import can be told apart above.
    for (const id of provenanceFor) provenance.run(id, bundleKey);
    db.prepare('INSERT INTO imports (id, bundle_id, producer_name, at, actor, signature, counts) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      newId(),
      bundleKey,
      signer.name,
      now,
      options.actor,
      reader.signature === 'unknown-signer' ? 'trusted-on-import' : reader.signature,
      summary,
    );
    return counts;
  }
}

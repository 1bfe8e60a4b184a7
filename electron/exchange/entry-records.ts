import crypto from 'node:crypto';
import type { EntryField, LinkType, RevisionAction } from '../../shared/domain.js';
import { TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import type { Catalogue } from '../core/catalogue.js';
import { canonicalJson } from '../core/repos/revisions.js';
import type { BundleRevision, BundleSnapshot, EntryRecord, EnterpriseList, TagVocabulary } from './records.js';

interface RevisionRow {
  number: number;
  at: string;
  author: string | null;
  action: RevisionAction;
  changed: string;
  snapshot: string;
  content_hash: string;
}

/** Every revision of an entry, oldest first, as a bundle carries it. */
export function historyOf(catalogue: Catalogue, id: string): BundleRevision[] {
  const rows = catalogue.db
    .prepare('SELECT number, at, author, action, changed, snapshot, content_hash FROM revisions WHERE entry_id = ? ORDER BY number')
    .all(id) as RevisionRow[];
  return rows.map((r) => ({
    number: r.number,
    at: r.at,
    author: r.author,
    action: r.action,
    changed: JSON.parse(r.changed) as EntryField[],
    snapshot: JSON.parse(r.snapshot) as BundleSnapshot,
    contentHash: r.content_hash,
  }));
}

export function outgoingLinks(catalogue: Catalogue, id: string): { to: string; type: LinkType }[] {
  return catalogue.db.prepare('SELECT to_id AS "to", type FROM links WHERE from_id = ? ORDER BY to_id, type').all(id) as {
    to: string;
    type: LinkType;
  }[];
}

/** The whole record of one entry: current state, adoptions, links and full history. */
export function entryRecord(catalogue: Catalogue, id: string): EntryRecord {
  const entry = catalogue.entryRepo.get(id);
  return {
    id,
    createdAt: entry.createdAt,
    updatedAt: entry.updatedAt,
    revision: entry.revision,
    enterprise: entry.enterprise,
    state: catalogue.entryRepo.snapshotOf(entry),
    adoptions: catalogue.relations.adoptionsOf(id).map((a) => ({
      id: a.id,
      enterprise: a.enterprise,
      date: a.date,
      note: a.note,
      effects: a.effects,
    })),
    links: outgoingLinks(catalogue, id),
    history: historyOf(catalogue, id),
  };
}

/** The bytes of a record as written into a bundle: canonical JSON, so equal records are equal files. */
export function recordBytes(record: EntryRecord): Buffer {
  return Buffer.from(canonicalJson(record), 'utf8');
}

export function sha256(bytes: Buffer | string): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** Tags named by any snapshot of the records, with their ancestors, as paths with synonyms. */
export function vocabularyFor(catalogue: Catalogue, records: readonly EntryRecord[], everything: boolean): TagVocabulary {
  const all = catalogue.tags.list();
  if (everything) return all.map((t) => ({ path: t.path, synonyms: t.synonyms }));
  const wanted = new Set<string>();
  for (const record of records) {
    for (const revision of [record.state, ...record.history.map((h) => h.snapshot)]) {
      for (const tagPath of revision.tags) {
        const parts = tagPath.split(TAG_PATH_SEPARATOR);
        for (let i = 1; i <= parts.length; i += 1) wanted.add(parts.slice(0, i).join(TAG_PATH_SEPARATOR).toLowerCase());
      }
    }
  }
  return all.filter((t) => wanted.has(t.path.toLowerCase())).map((t) => ({ path: t.path, synonyms: t.synonyms }));
}

/** Enterprises named by the records (origin and adopters), with place and industry. */
export function enterprisesFor(catalogue: Catalogue, records: readonly EntryRecord[]): EnterpriseList {
  const ids = new Set<string>();
  for (const r of records) {
    if (r.enterprise) ids.add(r.enterprise.id);
    for (const a of r.adoptions) ids.add(a.enterprise.id);
  }
  return [...ids].sort().map((id) => {
    const e = catalogue.enterprises.get(id);
    return { id: e.id, name: e.name, place: e.place, industry: e.industry };
  });
}

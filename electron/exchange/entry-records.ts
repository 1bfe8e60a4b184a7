import crypto from 'node:crypto';
import type { EntryField, LinkType } from '../../shared/domain.js';
import { TAG_PATH_SEPARATOR } from '../../shared/domain.js';
import type { Catalogue } from '../app/catalogue.js';
import { canonicalJson, type RevisionRow } from '../core/repos/revisions.js';
import type { BundleRevision, BundleSnapshot, ConceptVocabulary, EntryRecord, EnterpriseList, TagVocabulary } from './records.js';
import { snapshotOf } from '../../shared/schemas/entry.js';

/** Every revision of an entry, oldest first, as a bundle carries it. */
export function historyOf(catalogue: Catalogue, id: string): BundleRevision[] {
  return catalogue.revisionRepo.rowsOf(id).map(toBundleRevision);
}

/** Keys are in sorted order here and in entryRecords, so canonicalJson serialises records without copying them. */
function toBundleRevision(r: Omit<RevisionRow, 'entry_id'>): BundleRevision {
  return {
    action: r.action,
    at: r.at,
    author: r.author,
    changed: JSON.parse(r.changed) as EntryField[],
    contentHash: r.content_hash,
    number: r.number,
    snapshot: JSON.parse(r.snapshot) as BundleSnapshot,
  };
}

export function outgoingLinks(catalogue: Catalogue, id: string): { to: string; type: LinkType }[] {
  return catalogue.ledger.outgoingLinks(id);
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
    state: snapshotOf(entry),
    adoptions: catalogue.relations.adoptionsOf(id).map((a) => ({
      id: a.id,
      enterprise: a.enterprise,
      date: a.date,
      note: a.note,
      // As entryRecords writes them: the direction only when it is known.
      effects: a.effects.map(({ better, ...rest }) => (better === null ? rest : { ...rest, better })),
    })),
    links: outgoingLinks(catalogue, id),
    history: historyOf(catalogue, id),
  };
}

/**
 * The records of many entries at once, in the order of `ids`: the same records
 * `entryRecord` builds one by one, read with one query per table instead of a dozen
 * queries per entry. Ids without an entry are skipped.
 */
export function entryRecords(catalogue: Catalogue, ids: readonly string[]): EntryRecord[] {
  const { entries: rows, authors, tags, codes, attachments, adoptions, effects: effectRows, links, history } = catalogue.ledger.recordRows(ids);
  const paths = catalogue.tags.paths();
  const pathOf = (id: string): string => paths.get(id) ?? '';
  const effects = new Map<string, EntryRecord['adoptions'][number]['effects']>();
  for (const e of effectRows) {
    const list = effects.get(e.adoption_id) ?? [];
    const effect: EntryRecord['adoptions'][number]['effects'][number] = {
      after: e.after_value,
      before: e.before_value,
      indicator: e.indicator,
      note: e.note,
      period: e.period,
      unit: e.unit,
    };
    if (e.better !== null) effect.better = e.better;
    list.push(effect);
    effects.set(e.adoption_id, list);
  }

  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: EntryRecord[] = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const enterprise = row.enterprise_id && row.enterprise_name ? { id: row.enterprise_id, name: row.enterprise_name } : null;
    out.push({
      adoptions: (adoptions.get(id) ?? []).map((a) => ({
        date: a.adopted_on,
        effects: effects.get(a.id) ?? [],
        enterprise: { id: a.enterprise_id, name: a.enterprise_name },
        id: a.id,
        note: a.note,
      })),
      createdAt: row.created_at,
      enterprise,
      history: (history.get(id) ?? []).map(toBundleRevision),
      id,
      links: (links.get(id) ?? []).map((l) => ({ to: l.to_id, type: l.type })),
      revision: row.revision,
      state: {
        attachments: (attachments.get(id) ?? []).map((a) => ({ mediaType: a.mediaType, name: a.name, sha256: a.sha256, size: a.size })),
        authors: (authors.get(id) ?? []).map((a) => a.name),
        body: row.body,
        classification: (codes.get(id) ?? []).map((c) => c.code),
        enterprise: enterprise?.name ?? null,
        kind: row.kind,
        language: row.language,
        registration: row.registration,
        status: row.status,
        summary: row.summary,
        tags: (tags.get(id) ?? []).map((t) => pathOf(t.tag_id)).sort(),
        title: row.title,
      },
      updatedAt: row.updated_at,
    });
  }
  return out;
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

/**
 * The concepts the vocabulary's tags point at, with links only among them (a receiver
 * could not resolve the others) and the vocabulary's tags that use each.
 */
export function conceptsFor(catalogue: Catalogue, tags: TagVocabulary): ConceptVocabulary {
  const concepts = catalogue.concepts;
  if (!concepts || tags.length === 0) return [];
  const sent = new Set(tags.map((t) => t.path));
  const byConcept = new Map<string, string[]>();
  for (const tag of catalogue.tags.list()) {
    if (!sent.has(tag.path)) continue;
    const concept = concepts.conceptOfTag(tag.id);
    if (concept === null) continue;
    const paths = byConcept.get(concept) ?? [];
    paths.push(tag.path);
    byConcept.set(concept, paths);
  }
  const all = [...byConcept.keys()].sort().map((id) => concepts.get(id));
  const uriOf = new Map(all.map((c) => [c.id, c.uri]));
  const within = (ids: readonly string[]): string[] => ids.flatMap((id) => uriOf.get(id) ?? []).sort();
  // Cut to what a bundle may carry (records.ts); a concept rarely comes near any of it.
  return all.map((c) => ({
    uri: c.uri,
    labels: c.labels.slice(0, 200),
    scopeNotes: c.scopeNotes.slice(0, 20),
    broader: within(c.broader).slice(0, 50),
    related: within(c.related).slice(0, 50),
    codes: c.codes.map((code) => code.code).slice(0, 50),
    tags: (byConcept.get(c.id) ?? []).sort().slice(0, 50),
  }));
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

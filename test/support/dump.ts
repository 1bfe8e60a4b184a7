import fs from 'node:fs';
import type { Catalogue } from '../../electron/app/catalogue.js';
import { canonicalJson } from '../../electron/core/repos/revisions.js';
import { entryRecord, historyOf, sha256 } from '../../electron/exchange/entry-records.js';
import type { BundleRevision } from '../../electron/exchange/records.js';

export interface DumpOptions {
  /**
   * Also include what exchange itself records (bundles, provenance, import log, exports,
   * variants, enterprise keys, entry origins), and when, by whom and how each revision was
   * written here and where it came from, to prove a refused import wrote nothing at all.
   */
  bookkeeping?: boolean;
}

/**
 * A canonical JSON picture of a catalogue's content: entries with their state, adoptions,
 * outgoing links and revisions (number, fields changed, snapshot and hash); deleted entries'
 * histories; tags with synonyms; the enterprises entries name; and every referenced
 * attachment with the hash of the bytes actually on disk. Two catalogues with equal dumps
 * hold the same knowledge: when and by whom a revision was written is each catalogue's own
 * (an import writes its revisions itself), so it is bookkeeping.
 */
export function dumpCatalogue(catalogue: Catalogue, options: DumpOptions = {}): string {
  const knowledge = (history: BundleRevision[]): unknown[] =>
    options.bookkeeping ? history : history.map((r) => ({ changed: r.changed, contentHash: r.contentHash, number: r.number, snapshot: r.snapshot }));
  const ids = catalogue.db.prepare('SELECT id FROM entries ORDER BY id').pluck().all() as string[];
  const records = ids.map((id) => entryRecord(catalogue, id));
  const deleted = (
    catalogue.db.prepare('SELECT DISTINCT entry_id FROM revisions WHERE entry_id NOT IN (SELECT id FROM entries) ORDER BY entry_id').pluck().all() as string[]
  ).map((id) => ({ id, history: knowledge(historyOf(catalogue, id)) }));
  const enterpriseIds = new Set<string>();
  const blobs = new Set<string>();
  for (const e of records) {
    if (e.enterprise) enterpriseIds.add(e.enterprise.id);
    for (const a of e.adoptions) enterpriseIds.add(a.enterprise.id);
    for (const s of [e.state, ...e.history.map((h) => h.snapshot)]) for (const a of s.attachments) blobs.add(a.sha256);
  }
  const dump: Record<string, unknown> = {
    entries: records.map((record) => ({ ...record, history: knowledge(record.history) })),
    deleted,
    tags: catalogue.tags.list().map((t) => ({ path: t.path, synonyms: t.synonyms })),
    enterprises: [...enterpriseIds].sort().map((id) => {
      const e = catalogue.enterprises.get(id);
      return { id: e.id, name: e.name, place: e.place, industry: e.industry };
    }),
    attachments: [...blobs].sort().map((hash) => {
      const file = catalogue.blobs.pathOf(hash);
      const row = catalogue.db.prepare('SELECT size FROM blobs WHERE sha256 = ?').pluck().get(hash) as number | undefined;
      return { sha256: hash, size: row ?? null, bytes: fs.existsSync(file) ? sha256(fs.readFileSync(file)) : null };
    }),
  };
  if (options.bookkeeping) {
    const rows = (sql: string): unknown[] => catalogue.db.prepare(sql).all();
    dump.bookkeeping = {
      bundles: rows('SELECT * FROM bundles ORDER BY id'),
      provenance: rows('SELECT * FROM provenance ORDER BY entry_id, bundle_id'),
      imports: rows('SELECT * FROM imports ORDER BY id'),
      exports: rows('SELECT * FROM exports ORDER BY id'),
      exportedEntries: rows('SELECT * FROM exported_entries ORDER BY recipient_id, entry_id'),
      variants: rows('SELECT * FROM variants ORDER BY incoming_id'),
      origins: rows('SELECT * FROM entry_origins ORDER BY entry_id'),
      revisionSources: rows('SELECT entry_id, number, source_id, claimed FROM revisions ORDER BY entry_id, number'),
      enterprises: rows('SELECT id, name, public_key FROM enterprises ORDER BY id'),
      blobs: rows('SELECT * FROM blobs ORDER BY sha256'),
      settings: rows('SELECT * FROM settings ORDER BY key'),
    };
  }
  return canonicalJson(dump);
}

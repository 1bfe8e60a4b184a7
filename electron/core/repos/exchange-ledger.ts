import type { Database } from 'better-sqlite3';
import type { EntryKind, LinkType } from '../../../shared/domain.js';
import { groupByEntry } from '../group-rows.js';
import type { EntryRow } from './entries.js';
import type { RevisionRow } from './revisions.js';

/** settings key holding the id of the catalogue's own enterprise. */
export const SELF_SETTING = 'exchange.selfEnterpriseId';

/** An enterprise with the key registered for it (null: none). */
export interface KeyedEnterprise {
  id: string;
  name: string;
  public_key: string | null;
}

/** An enterprise as the partners list shows it, before its key becomes a fingerprint. */
export interface PartnerRow {
  id: string;
  name: string;
  place: string;
  industry: string;
  publicKey: string | null;
  bundlesReceived: number;
  bundlesSent: number;
}

/** A bundle received, as its row is written once it is applied. */
export interface ReceivedBundle {
  id: string;
  producerBundleId: string;
  producerId: string;
  producerName: string;
  createdAt: string;
  receivedAt: string;
  counts: string;
}

/** One import of a bundle, for the import log (a re-import that changed nothing writes none). */
export interface ImportLogRow {
  id: string;
  bundleId: string;
  producerName: string;
  at: string;
  actor: string | null;
  signature: string;
  counts: string;
}

/** A bundle sent, and the hash of each entry's record in it for the next delta export. */
export interface SentBundle {
  id: string;
  recipientId: string | null;
  recipientName: string | null;
  createdAt: string;
  selection: string;
  counts: string;
  entries: readonly { entryId: string; recordHash: string }[];
}

export interface AdoptionRecordRow {
  id: string;
  entry_id: string;
  enterprise_id: string;
  enterprise_name: string;
  adopted_on: string;
  note: string;
}

export interface EffectRecordRow {
  adoption_id: string;
  indicator: string;
  before_value: number | null;
  after_value: number | null;
  unit: string;
  period: string;
  note: string;
  better: 'higher' | 'lower' | null;
}

/** Everything a bundle record holds of many entries, one query per table, grouped per entry. */
export interface RecordRows {
  entries: EntryRow[];
  authors: Map<string, { entry_id: string; name: string }[]>;
  tags: Map<string, { entry_id: string; tag_id: string }[]>;
  codes: Map<string, { entry_id: string; code: string }[]>;
  attachments: Map<string, { entry_id: string; sha256: string; name: string; mediaType: string; size: number }[]>;
  adoptions: Map<string, AdoptionRecordRow[]>;
  /** Effects in position order, of every adoption of the entries, in adoption id order. */
  effects: EffectRecordRow[];
  links: Map<string, { entry_id: string; to_id: string; type: LinkType }[]>;
  history: Map<string, RevisionRow[]>;
}

const IN = 'IN (SELECT value FROM json_each(?))';

/**
 * What exchange records beside the catalogue's content: bundles received and the entries
 * each brought (provenance), the import log, bundles sent and what each recipient last got,
 * kept-both variants, entry origins, partners' keys and the catalogue's own enterprise; and
 * the bulk reads that turn entries into bundle records. Statements are prepared on first
 * use, once per catalogue (the connection's cache, db/open.ts): an import runs the same few
 * for every record of a bundle.
 */
export class ExchangeLedger {
  constructor(private readonly db: Database) {}

  // The catalogue's own enterprise and partners' keys

  /** The id of the catalogue's own enterprise, or undefined before its first exchange. */
  selfEnterpriseId(): string | undefined {
    return this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SELF_SETTING) as string | undefined;
  }

  setSelfEnterpriseId(id: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SELF_SETTING, id);
  }

  /** The enterprise a public key (base64 of the raw 32 bytes) is registered for. */
  keyHolder(publicKey: string): { id: string; name: string } | undefined {
    return this.db.prepare('SELECT id, name FROM enterprises WHERE public_key = ?').get(publicKey) as { id: string; name: string } | undefined;
  }

  enterpriseById(id: string): KeyedEnterprise | undefined {
    return this.db.prepare('SELECT id, name, public_key FROM enterprises WHERE id = ?').get(id) as KeyedEnterprise | undefined;
  }

  enterpriseByName(name: string): KeyedEnterprise | undefined {
    return this.db.prepare('SELECT id, name, public_key FROM enterprises WHERE name = ? COLLATE NOCASE').get(name) as KeyedEnterprise | undefined;
  }

  /** Registers `publicKey` as the enterprise's key. */
  setPublicKey(enterpriseId: string, publicKey: string, at: string): void {
    this.db.prepare('UPDATE enterprises SET public_key = ?, updated_at = ? WHERE id = ?').run(publicKey, at, enterpriseId);
  }

  /** Forgets the catalogue's own key before a new one is recorded (re-keying). */
  clearOwnKey(enterpriseId: string): void {
    this.db.prepare('UPDATE enterprises SET public_key = NULL WHERE id = ?').run(enterpriseId);
  }

  /** Forgets a partner's key; false when it had none. */
  revokeKey(enterpriseId: string, at: string): boolean {
    return (
      this.db.prepare('UPDATE enterprises SET public_key = NULL, updated_at = ? WHERE id = ? AND public_key IS NOT NULL').run(at, enterpriseId).changes > 0
    );
  }

  /** Every enterprise with its key and the bundles exchanged with it, keyed ones first. */
  partners(): PartnerRow[] {
    return this.db
      .prepare(
        `SELECT e.id, e.name, e.place, e.industry, e.public_key AS publicKey,
         (SELECT count(*) FROM bundles b WHERE b.producer_id = e.id) AS bundlesReceived,
         (SELECT count(*) FROM exports x WHERE x.recipient_id = e.id) AS bundlesSent
       FROM enterprises e ORDER BY e.public_key IS NULL, e.name COLLATE NOCASE`,
      )
      .all() as PartnerRow[];
  }

  // Bundles received

  /** Our key of a bundle the producer already delivered (a bundle id is unique only per producer). */
  receivedBundle(producerId: string, producerBundleId: string): string | undefined {
    return (
      this.db.prepare('SELECT id FROM bundles WHERE producer_id = ? AND producer_bundle_id = ?').get(producerId, producerBundleId) as { id: string } | undefined
    )?.id;
  }

  hasBundle(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM bundles WHERE id = ?').get(id) !== undefined;
  }

  recordBundle(bundle: ReceivedBundle): void {
    this.db
      .prepare('INSERT INTO bundles (id, producer_bundle_id, producer_id, producer_name, created_at, received_at, counts) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(bundle.id, bundle.producerBundleId, bundle.producerId, bundle.producerName, bundle.createdAt, bundle.receivedAt, bundle.counts);
  }

  recordImport(row: ImportLogRow): void {
    this.db
      .prepare('INSERT INTO imports (id, bundle_id, producer_name, at, actor, signature, counts) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.bundleId, row.producerName, row.at, row.actor, row.signature, row.counts);
  }

  /** The import log, newest first, as exchange.imports lists it. */
  importLog(): { id: string; bundle: string; producer: string; at: string; actor: string | null; signature: string; counts: Record<string, number> }[] {
    const rows = this.db.prepare('SELECT id, bundle_id, producer_name, at, actor, signature, counts FROM imports ORDER BY at DESC, id DESC').all() as {
      id: string;
      bundle_id: string;
      producer_name: string;
      at: string;
      actor: string | null;
      signature: string;
      counts: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      bundle: r.bundle_id,
      producer: r.producer_name,
      at: r.at,
      actor: r.actor,
      signature: r.signature,
      counts: JSON.parse(r.counts) as Record<string, number>,
    }));
  }

  /** That an entry arrived in a bundle; the bundle's row must exist (foreign key). */
  addProvenance(entryId: string, bundleId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO provenance (entry_id, bundle_id) VALUES (?, ?)').run(entryId, bundleId);
  }

  hasProvenance(entryId: string, bundleId: string): boolean {
    return this.db.prepare('SELECT 1 FROM provenance WHERE entry_id = ? AND bundle_id = ?').get(entryId, bundleId) !== undefined;
  }

  /** The entries a bundle brought, by title. */
  entriesOfBundle(bundleId: string): { id: string; title: string; kind: EntryKind }[] {
    return this.db
      .prepare('SELECT e.id, e.title, e.kind FROM provenance p JOIN entries e ON e.id = p.entry_id WHERE p.bundle_id = ? ORDER BY e.title')
      .all(bundleId) as {
      id: string;
      title: string;
      kind: EntryKind;
    }[];
  }

  // Where entries came from

  /** The enterprise an entry first came from (a first write only: an origin is never changed). */
  recordOrigin(entryId: string, enterpriseId: string): void {
    this.db.prepare('INSERT OR IGNORE INTO entry_origins (entry_id, enterprise_id) VALUES (?, ?)').run(entryId, enterpriseId);
  }

  /** Undefined for an entry made here; null for one whose enterprise was removed. */
  originOf(entryId: string): string | null | undefined {
    return (this.db.prepare('SELECT enterprise_id FROM entry_origins WHERE entry_id = ?').get(entryId) as { enterprise_id: string | null } | undefined)
      ?.enterprise_id;
  }

  /** The local entry kept beside a conflicting one for an incoming id (keep-both), if any. */
  variantOf(incomingId: string): string | undefined {
    return (this.db.prepare('SELECT variant_id FROM variants WHERE incoming_id = ?').get(incomingId) as { variant_id: string } | undefined)?.variant_id;
  }

  recordVariant(incomingId: string, variantId: string, at: string): void {
    this.db
      .prepare(
        'INSERT INTO variants (incoming_id, variant_id, created_at) VALUES (?, ?, ?) ON CONFLICT (incoming_id) DO UPDATE SET variant_id = excluded.variant_id',
      )
      .run(incomingId, variantId, at);
  }

  // Bundles sent

  /** The hash of each entry's record as the recipient last received it. */
  sentRecordHashes(recipientId: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const row of this.db.prepare('SELECT entry_id, record_hash FROM exported_entries WHERE recipient_id = ?').all(recipientId) as {
      entry_id: string;
      record_hash: string;
    }[]) {
      out.set(row.entry_id, row.record_hash);
    }
    return out;
  }

  /** The export's row and, for a recipient, what it now holds of each entry; in the caller's transaction. */
  recordExport(sent: SentBundle): void {
    this.db
      .prepare('INSERT INTO exports (id, recipient_id, recipient_name, created_at, selection, counts) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sent.id, sent.recipientId, sent.recipientName, sent.createdAt, sent.selection, sent.counts);
    if (sent.recipientId === null) return;
    const upsert = this.db.prepare(
      `INSERT INTO exported_entries (recipient_id, entry_id, record_hash, bundle_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (recipient_id, entry_id) DO UPDATE SET record_hash = excluded.record_hash, bundle_id = excluded.bundle_id`,
    );
    for (const e of sent.entries) upsert.run(sent.recipientId, e.entryId, e.recordHash, sent.id);
  }

  // Entries as bundle records

  /** The rows of many entries' records (ids without an entry have none), one query per table. */
  recordRows(ids: readonly string[]): RecordRows {
    const idsJson = JSON.stringify(ids);
    return {
      entries: this.db
        .prepare(`SELECT e.*, ent.name AS enterprise_name FROM entries e LEFT JOIN enterprises ent ON ent.id = e.enterprise_id WHERE e.id ${IN}`)
        .all(idsJson) as EntryRow[],
      authors: groupByEntry(
        this.db
          .prepare(`SELECT a.entry_id, p.name FROM entry_authors a JOIN people p ON p.id = a.person_id WHERE a.entry_id ${IN} ORDER BY a.entry_id, a.position`)
          .all(idsJson) as {
          entry_id: string;
          name: string;
        }[],
      ),
      tags: groupByEntry(
        this.db.prepare(`SELECT entry_id, tag_id FROM entry_tags WHERE entry_id ${IN}`).all(idsJson) as { entry_id: string; tag_id: string }[],
      ),
      codes: groupByEntry(
        this.db.prepare(`SELECT entry_id, code FROM entry_classifications WHERE entry_id ${IN} ORDER BY entry_id, position`).all(idsJson) as {
          entry_id: string;
          code: string;
        }[],
      ),
      attachments: groupByEntry(
        this.db
          .prepare(
            `SELECT a.entry_id, a.sha256, a.name, a.media_type AS mediaType, b.size FROM entry_attachments a
         JOIN blobs b ON b.sha256 = a.sha256 WHERE a.entry_id ${IN} ORDER BY a.entry_id, a.position`,
          )
          .all(idsJson) as { entry_id: string; sha256: string; name: string; mediaType: string; size: number }[],
      ),
      adoptions: groupByEntry(
        this.db
          .prepare(
            `SELECT a.id, a.entry_id, a.enterprise_id, e.name AS enterprise_name, a.adopted_on, a.note FROM adoptions a
         JOIN enterprises e ON e.id = a.enterprise_id WHERE a.entry_id ${IN} ORDER BY a.entry_id, a.adopted_on, a.id`,
          )
          .all(idsJson) as AdoptionRecordRow[],
      ),
      effects: this.db
        .prepare(
          `SELECT adoption_id, indicator, before_value, after_value, unit, period, note, better FROM adoption_effects
       WHERE adoption_id IN (SELECT id FROM adoptions WHERE entry_id ${IN}) ORDER BY adoption_id, position`,
        )
        .all(idsJson) as EffectRecordRow[],
      links: groupByEntry(
        this.db.prepare(`SELECT from_id AS entry_id, to_id, type FROM links WHERE from_id ${IN} ORDER BY from_id, to_id, type`).all(idsJson) as {
          entry_id: string;
          to_id: string;
          type: LinkType;
        }[],
      ),
      history: groupByEntry(
        this.db
          .prepare(`SELECT entry_id, number, at, author, action, changed, snapshot, content_hash FROM revisions WHERE entry_id ${IN} ORDER BY entry_id, number`)
          .all(idsJson) as RevisionRow[],
      ),
    };
  }

  /** One entry's outgoing links, as a record lists them. */
  outgoingLinks(entryId: string): { to: string; type: LinkType }[] {
    return this.db.prepare('SELECT to_id AS "to", type FROM links WHERE from_id = ? ORDER BY to_id, type').all(entryId) as { to: string; type: LinkType }[];
  }
}

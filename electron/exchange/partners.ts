import type { EntryKind } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { fingerprint, SELF_SETTING } from './keys.js';
import { BundleReader } from './read-bundle.js';

export interface PartnerRow {
  id: string;
  name: string;
  place: string;
  industry: string;
  fingerprint: string | null;
  isSelf: boolean;
  bundlesReceived: number;
  bundlesSent: number;
}

/** Every enterprise with its key fingerprint and the bundles exchanged with it, keyed ones first. */
export function listPartners(catalogue: Catalogue): PartnerRow[] {
  const self = catalogue.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SELF_SETTING) as string | undefined;
  const rows = catalogue.db
    .prepare(
      `SELECT e.id, e.name, e.place, e.industry, e.public_key AS publicKey,
         (SELECT count(*) FROM bundles b WHERE b.producer_id = e.id) AS bundlesReceived,
         (SELECT count(*) FROM exports x WHERE x.recipient_id = e.id) AS bundlesSent
       FROM enterprises e ORDER BY e.public_key IS NULL, e.name COLLATE NOCASE`,
    )
    .all() as (Omit<PartnerRow, 'fingerprint' | 'isSelf'> & { publicKey: string | null })[];
  return rows.map(({ publicKey, ...row }) => ({
    ...row,
    fingerprint: publicKey ? fingerprint(Buffer.from(publicKey, 'base64')) : null,
    isSelf: row.id === self,
  }));
}

/** Forgets a partner's key; our own cannot be revoked here (it signs what we send). */
export function revokeKey(catalogue: Catalogue, ref: string): void {
  const id = catalogue.enterprises.require(ref);
  const self = catalogue.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SELF_SETTING) as string | undefined;
  if (id === self) throw new RatioError('INVALID_INPUT', 'This is the catalogue’s own signing key; it cannot be revoked here.');
  if (catalogue.db.prepare('UPDATE enterprises SET public_key = NULL, updated_at = ? WHERE id = ? AND public_key IS NOT NULL').run(new Date().toISOString(), id).changes === 0) {
    throw new RatioError('NOT_FOUND', `No key is registered for ${catalogue.enterprises.get(id).name}.`);
  }
}

export function entriesOfBundle(catalogue: Catalogue, bundleId: string): { id: string; title: string; kind: EntryKind }[] {
  return catalogue.db
    .prepare('SELECT e.id, e.title, e.kind FROM provenance p JOIN entries e ON e.id = p.entry_id WHERE p.bundle_id = ? ORDER BY e.title')
    .all(bundleId) as { id: string; title: string; kind: EntryKind }[];
}

/**
 * One incoming entry of a bundle beside the local entry of the same id, for the conflict
 * view. The manifest and signer are checked first; an unknown signer's entry is read only
 * when the person chose to trust it, and only that record is read (nothing is staged or written).
 */
export async function bundleEntryBesideLocal(catalogue: Catalogue, file: string, id: string, trust = false) {
  const reader = await BundleReader.open(catalogue, file);
  try {
    if (reader.signature === 'unknown-signer' && !trust) {
      throw new RatioError('BUNDLE_UNTRUSTED', `The bundle is signed with key ${reader.manifest.producer.keyId}, which is not registered here; trust it to see its entries.`);
    }
    const recordPath = `entries/${id}.json`;
    if (!reader.entryPaths.includes(recordPath)) throw new RatioError('NOT_FOUND', `The bundle has no entry ${id}.`);
    await reader.readVocabulary();
    const record = reader.recordSync(recordPath);
    const local = catalogue.entryRepo.exists(id) ? catalogue.entryRepo.get(id) : null;
    return {
      incoming: { ...record.state, updatedAt: record.updatedAt, revision: record.revision },
      local,
    };
  } finally {
    reader.close();
  }
}

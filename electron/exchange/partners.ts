import type { z } from 'zod';
import type { EntryKind } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import type { Partner } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import { fingerprint } from './keys.js';
import { BundleReader } from './read-bundle.js';

/** A partner as the contract lists it. */
export type PartnerRow = z.infer<typeof Partner>;

/** Every enterprise with its key fingerprint and the bundles exchanged with it, keyed ones first. */
export function listPartners(catalogue: Catalogue): PartnerRow[] {
  const self = catalogue.ledger.selfEnterpriseId();
  return catalogue.ledger.partners().map(({ publicKey, ...row }) => ({
    ...row,
    fingerprint: publicKey ? fingerprint(Buffer.from(publicKey, 'base64')) : null,
    isSelf: row.id === self,
  }));
}

/** Forgets a partner's key; our own cannot be revoked here (it signs what we send). */
export function revokeKey(catalogue: Catalogue, ref: string): void {
  const id = catalogue.enterprises.require(ref);
  if (id === catalogue.ledger.selfEnterpriseId()) throw new RatioError('INVALID_INPUT', 'This is the catalogue’s own signing key; it cannot be revoked here.');
  if (!catalogue.ledger.revokeKey(id, new Date().toISOString())) {
    throw new RatioError('NOT_FOUND', `No key is registered for ${catalogue.enterprises.get(id).name}.`);
  }
}

export function entriesOfBundle(catalogue: Catalogue, bundleId: string): { id: string; title: string; kind: EntryKind }[] {
  return catalogue.ledger.entriesOfBundle(bundleId);
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
      throw new RatioError(
        'BUNDLE_UNTRUSTED',
        `The bundle is signed with key ${reader.manifest.producer.keyId}, which is not registered here; trust it to see its entries.`,
      );
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

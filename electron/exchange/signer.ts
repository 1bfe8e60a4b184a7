import { RatioError } from '../../shared/errors.js';
import type { SignatureStatus } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import { foldCase } from '../core/repos/tag-lookup.js';
import type { Manifest } from './records.js';

export type { SignatureStatus };

/** A local enterprise: the one whose registered key signed a bundle. */
export interface Signer {
  id: string;
  name: string;
}

function refuse(reason: string): never {
  throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${reason}.`);
}

/**
 * Decides who signed a bundle, from its manifest alone (the signature over it already
 * checked). A registered key makes its enterprise the signer, and the producer the manifest
 * names must be that enterprise: the same id, or, for a key registered from its text under
 * an id of this catalogue's own, the same name. A manifest naming another enterprise
 * known here, by id or by name, is refused: one partner's key never speaks for another.
 * An unknown key is refused when the producer it claims already has a key here, or is this
 * catalogue's own enterprise; otherwise it is an unknown signer, to be trusted or not.
 */
export function judgeSigner(catalogue: Catalogue, manifest: Manifest): { signature: SignatureStatus; signer: Signer | null } {
  const claimed = manifest.producer;
  const { ledger } = catalogue;
  const byId = ledger.enterpriseById(claimed.enterpriseId);
  const byName = ledger.enterpriseByName(claimed.name);
  const keyId = `${claimed.keyId.slice(0, 16)}…`;
  const holder: Signer | undefined = ledger.keyHolder(claimed.publicKey);
  if (holder) {
    const other = [byId, byName].find((e) => e !== undefined && e.id !== holder.id);
    if (other) refuse(`it says it comes from ${claimed.name} but is signed with key ${keyId}, which is registered for ${holder.name}, not for ${other.name}`);
    if (claimed.enterpriseId !== holder.id && foldCase(claimed.name) !== foldCase(holder.name)) {
      refuse(`it says it comes from ${claimed.name} but is signed with key ${keyId}, which is registered for ${holder.name}`);
    }
    return { signature: 'valid', signer: holder };
  }
  const registered = [byId, byName].find((e) => e?.public_key !== null && e?.public_key !== undefined);
  if (registered) refuse(`it says it comes from ${claimed.name} but is signed with key ${keyId}, not the key registered for ${registered.name}`);
  const self = ledger.selfEnterpriseId();
  if (self !== undefined && (byId?.id === self || byName?.id === self))
    refuse(`it says it comes from this catalogue's own enterprise but is signed with another key (${keyId})`);
  if (byId && byName && byId.id !== byName.id) refuse(`its producer's id and name belong to two different enterprises here (${byId.name} and ${byName.name})`);
  return { signature: 'unknown-signer', signer: null };
}

/** The local enterprise an unknown signer's key would be registered for if trusted (undefined: a new one). */
export function prospectiveSigner(catalogue: Catalogue, manifest: Manifest): string | undefined {
  return catalogue.enterprises.find(manifest.producer.enterpriseId) ?? catalogue.enterprises.find(manifest.producer.name);
}

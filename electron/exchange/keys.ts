import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../core/catalogue.js';
import { newId } from '../core/ids.js';
import { userDataDir } from '../core/paths.js';

/** settings key holding the id of the catalogue's own enterprise. */
export const SELF_SETTING = 'exchange.selfEnterpriseId';
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SelfIdentity {
  enterprise: { id: string; name: string };
  privateKey: KeyObject;
  /** Raw 32-byte Ed25519 public key. */
  publicKey: Buffer;
  keyFile: string;
}

/** Where private keys live: RATIO_KEYS_DIR, else keys/ in the per-user data folder. */
export function keysDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RATIO_KEYS_DIR ?? path.join(userDataDir(env), 'keys');
}

/** Key id: SHA-256 of the raw 32-byte public key, lowercase hex. */
export function fingerprint(rawPublicKey: Buffer): string {
  return crypto.createHash('sha256').update(rawPublicKey).digest('hex');
}

export function publicKeyObject(raw: Buffer): KeyObject {
  if (raw.length !== 32) throw new RatioError('INVALID_INPUT', 'An Ed25519 public key is 32 bytes.');
  return crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

function rawOf(key: KeyObject): Buffer {
  return key.export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length);
}

export function verifySignature(message: Buffer, signature: Buffer, rawPublicKey: Buffer): boolean {
  if (signature.length !== 64) return false;
  try {
    return crypto.verify(null, message, publicKeyObject(rawPublicKey), signature);
  } catch {
    return false;
  }
}

/**
 * Reads a public key given as base64 or hex of the 32 raw bytes, or as a PEM block.
 * Anything else is refused with a sentence saying what was expected.
 */
export function parsePublicKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  if (trimmed.startsWith('-----BEGIN PUBLIC KEY-----')) {
    try {
      const key = crypto.createPublicKey(trimmed);
      if (key.asymmetricKeyType === 'ed25519') return rawOf(key);
    } catch {
      // fall through to the refusal
    }
  }
  throw new RatioError('INVALID_INPUT', 'Expected an Ed25519 public key: 44 characters of base64, 64 hex digits, or a PEM block.');
}

/**
 * The catalogue's own enterprise, created on first use. Its id is kept in settings so a
 * rename does not change who signs; the name comes from the caller or a default that
 * cannot collide with a partner's.
 */
export function selfEnterprise(catalogue: Catalogue, name?: string): { id: string; name: string } {
  return catalogue.transaction(() => {
    const stored = catalogue.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SELF_SETTING) as string | undefined;
    if (stored && catalogue.enterprises.find(stored) === stored) {
      const current = catalogue.enterprises.get(stored);
      if (name && name !== current.name) catalogue.enterprises.update(stored, { name });
      return { id: stored, name: catalogue.enterprises.get(stored).name };
    }
    const existing = name ? catalogue.enterprises.find(name) : undefined;
    const fresh = stored ?? newId();
    const id = existing ?? catalogue.enterprises.create({ id: fresh, name: name ?? `Enterprise ${fresh.slice(-8)}`, place: '', industry: '' }).id;
    catalogue.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SELF_SETTING, id);
    return { id, name: catalogue.enterprises.get(id).name };
  });
}

/** Loads the key pair of the catalogue's enterprise, making it (private key mode 0600) on first use. */
export function selfIdentity(catalogue: Catalogue, name?: string): SelfIdentity {
  const enterprise = selfEnterprise(catalogue, name);
  const dir = keysDir();
  const keyFile = path.join(dir, `${enterprise.id}.key`);
  let privateKey: KeyObject;
  try {
    if (fs.existsSync(keyFile)) {
      privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
    } else {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const pair = crypto.generateKeyPairSync('ed25519');
      privateKey = pair.privateKey;
      const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' });
      // 'wx': never overwrite a key another process made a moment ago.
      fs.writeFileSync(keyFile, pem, { mode: 0o600, flag: 'wx' });
      fs.writeFileSync(path.join(dir, `${enterprise.id}.pub`), `${rawOf(pair.publicKey).toString('base64')}\n`, { mode: 0o644 });
    }
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot read or create the signing key in ${dir} (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new RatioError('FILE_ERROR', `${keyFile} is not an Ed25519 private key.`);
  const publicKey = rawOf(crypto.createPublicKey(privateKey));
  const stored = catalogue.enterprises.get(enterprise.id).publicKey;
  if (stored !== publicKey.toString('base64')) {
    catalogue.db.prepare('UPDATE enterprises SET public_key = ? WHERE id = ?').run(publicKey.toString('base64'), enterprise.id);
  }
  return { enterprise, privateKey, publicKey, keyFile };
}

export function sign(identity: SelfIdentity, message: Buffer): Buffer {
  return crypto.sign(null, message, identity.privateKey);
}

/** Registers `rawPublicKey` as the key of enterprise `ref` (created when missing). */
export function trustKey(catalogue: Catalogue, ref: string, rawPublicKey: Buffer, id?: string): { id: string; name: string } {
  const encoded = rawPublicKey.toString('base64');
  return catalogue.transaction(() => {
    const holder = catalogue.db.prepare('SELECT id, name FROM enterprises WHERE public_key = ?').get(encoded) as
      | { id: string; name: string }
      | undefined;
    const enterpriseId =
      catalogue.enterprises.find(ref) ??
      catalogue.enterprises.create({ id: id && !catalogue.enterprises.find(id) ? id : undefined, name: ref, place: '', industry: '' }).id;
    if (holder && holder.id !== enterpriseId) {
      throw new RatioError('CONFLICT', `That key is already registered for ${holder.name}.`);
    }
    catalogue.db.prepare('UPDATE enterprises SET public_key = ?, updated_at = ? WHERE id = ?').run(encoded, new Date().toISOString(), enterpriseId);
    return { id: enterpriseId, name: catalogue.enterprises.get(enterpriseId).name };
  });
}

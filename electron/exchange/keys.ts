import crypto, { type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { newId } from '../core/ids.js';
import { userDataDir } from '../core/paths.js';
import { HEX64 } from '../../shared/text-rules.js';

export { SELF_SETTING } from '../core/repos/exchange-ledger.js';
/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
/** A raw public key given as 64 hex digits, in either case. */
const HEX64_KEY = new RegExp(`^${HEX64}$`, 'i');

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
  if (HEX64_KEY.test(trimmed)) return Buffer.from(trimmed, 'hex');
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

/** The id of the catalogue's own enterprise, or undefined before its first exchange. */
export function selfEnterpriseId(catalogue: Catalogue): string | undefined {
  return catalogue.ledger.selfEnterpriseId();
}

/**
 * The catalogue's own enterprise, created on first use. Its id is kept in settings so a
 * rename does not change who signs; the name comes from the caller or a default that
 * cannot collide with a partner's. A partner whose key is registered is never taken as it.
 */
export function selfEnterprise(catalogue: Catalogue, name?: string): { id: string; name: string } {
  return catalogue.transaction(() => {
    const stored = selfEnterpriseId(catalogue);
    if (stored && catalogue.enterprises.find(stored) === stored) {
      const current = catalogue.enterprises.get(stored);
      if (name && name !== current.name) catalogue.enterprises.update(stored, { name });
      return { id: stored, name: catalogue.enterprises.get(stored).name };
    }
    const existing = name ? catalogue.enterprises.find(name) : undefined;
    if (existing && catalogue.enterprises.get(existing).publicKey !== null) {
      throw new RatioError(
        'CONFLICT',
        `${catalogue.enterprises.get(existing).name} is a partner with its own registered key; give this catalogue's enterprise another name.`,
      );
    }
    const fresh = stored ?? newId();
    const id = existing ?? catalogue.enterprises.create({ id: fresh, name: name ?? `Enterprise ${fresh.slice(-8)}`, place: '', industry: '' }).id;
    catalogue.ledger.setSelfEnterpriseId(id);
    return { id, name: catalogue.enterprises.get(id).name };
  });
}

/** Permission bits mean nothing on Windows (its ACLs are not read here), so the checks are POSIX only. */
const checksModes = (): boolean => process.platform !== 'win32';
const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, '0');

function unsafe(message: string): RatioError {
  return new RatioError('SIGNING_KEY_UNSAFE', message);
}

/** The keys folder must be a folder only its owner can write: anyone else could swap the key in it. */
function checkFolder(dir: string): void {
  const stat = fs.statSync(dir);
  if (!stat.isDirectory()) throw unsafe(`The keys folder ${dir} is not a folder; move it away and run the command again.`);
  if (checksModes() && (stat.mode & 0o022) !== 0) {
    throw unsafe(
      `The keys folder ${dir} can be written by other users (mode ${octal(stat.mode)}); run "chmod 700 ${dir}", then check that the keys in it are still yours.`,
    );
  }
}

/** The private key must be a regular file of this user that nobody else can read or write. */
function checkKeyFile(file: string): void {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw unsafe(`The signing key ${file} is not a regular file.`);
  if (!checksModes()) return;
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw unsafe(`The signing key ${file} belongs to another user; only its owner may sign with it.`);
  }
  if ((stat.mode & 0o077) !== 0) {
    throw unsafe(
      `The signing key ${file} can be read or written by other users (mode ${octal(stat.mode)}); run "chmod 600 ${file}" (and if others may have copied it, re-key with "ratio keys rekey --yes").`,
    );
  }
}

function readPrivateKey(file: string): KeyObject {
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey(fs.readFileSync(file));
  } catch {
    throw unsafe(`The signing key ${file} cannot be read as a private key; restore it from a backup ("ratio keys import-identity FILE") or re-key.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw unsafe(`The signing key ${file} is not an Ed25519 private key; restore it from a backup or re-key.`);
  return key;
}

/** Writes a new private key (never over an existing file) and its public key beside it. */
function writeKeyPair(dir: string, enterpriseId: string, privateKey: KeyObject): void {
  // 'wx': never overwrite a key another process made a moment ago.
  fs.writeFileSync(path.join(dir, `${enterpriseId}.key`), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  fs.writeFileSync(path.join(dir, `${enterpriseId}.pub`), `${rawOf(crypto.createPublicKey(privateKey)).toString('base64')}\n`, { mode: 0o644 });
}

function recordPublicKey(catalogue: Catalogue, enterpriseId: string, publicKey: Buffer): void {
  catalogue.ledger.setPublicKey(enterpriseId, publicKey.toString('base64'), new Date().toISOString());
}

/** Runs a file operation; a failure of the file system itself becomes FILE_ERROR naming the folder. */
function inKeysFolder<T>(dir: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot read or write the signing key in ${dir} (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/**
 * Loads the key pair of the catalogue's enterprise. The catalogue records its own public key
 * (its enterprise's public_key) the first time it has one; from then on a key file that is
 * missing, unreadable or holds another key is refused, never replaced: a new key makes every
 * partner refuse our bundles, so re-keying is done only on request (rekeySelf). The folder is
 * made 0700 and the key 0600, and either left open to others is refused.
 */
export function selfIdentity(catalogue: Catalogue, name?: string): SelfIdentity {
  const enterprise = selfEnterprise(catalogue, name);
  const dir = keysDir();
  const keyFile = path.join(dir, `${enterprise.id}.key`);
  const recorded = catalogue.enterprises.get(enterprise.id).publicKey;
  const restoreHint =
    'restore the key file from a backup ("ratio keys import-identity FILE"), or re-key deliberately with "ratio keys rekey --yes" and send partners the new key';
  const privateKey = inKeysFolder(dir, () => {
    if (!fs.existsSync(keyFile)) {
      if (recorded !== null) {
        throw unsafe(
          `The signing key of ${enterprise.name} (fingerprint ${fingerprint(Buffer.from(recorded, 'base64')).slice(0, 16)}…) is missing from ${dir}; ${restoreHint}.`,
        );
      }
      if (fs.existsSync(dir)) checkFolder(dir);
      else fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeKeyPair(dir, enterprise.id, crypto.generateKeyPairSync('ed25519').privateKey);
    }
    checkFolder(dir);
    checkKeyFile(keyFile);
    return readPrivateKey(keyFile);
  });
  const publicKey = rawOf(crypto.createPublicKey(privateKey));
  if (recorded === null) recordPublicKey(catalogue, enterprise.id, publicKey);
  else if (recorded !== publicKey.toString('base64')) {
    throw unsafe(
      `The signing key in ${keyFile} (fingerprint ${fingerprint(publicKey).slice(0, 16)}…) is not the one this catalogue signs with (${fingerprint(Buffer.from(recorded, 'base64')).slice(0, 16)}…); ${restoreHint}.`,
    );
  }
  return { enterprise, privateKey, publicKey, keyFile };
}

/**
 * Deliberate re-keying: a new key pair for the catalogue's enterprise, the old key file kept
 * beside it as `<id>.key.retired-<time>`. Partners must register the new public key.
 */
export function rekeySelf(catalogue: Catalogue): { identity: SelfIdentity; previousFingerprint: string | null; retiredKeyFile: string | null } {
  const enterprise = selfEnterprise(catalogue);
  const dir = keysDir();
  const keyFile = path.join(dir, `${enterprise.id}.key`);
  const recorded = catalogue.enterprises.get(enterprise.id).publicKey;
  const retiredKeyFile = inKeysFolder(dir, () => {
    if (fs.existsSync(dir)) checkFolder(dir);
    else fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    let retired: string | null = null;
    if (fs.existsSync(keyFile)) {
      retired = `${keyFile}.retired-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(keyFile, retired);
    }
    fs.rmSync(path.join(dir, `${enterprise.id}.pub`), { force: true });
    writeKeyPair(dir, enterprise.id, crypto.generateKeyPairSync('ed25519').privateKey);
    return retired;
  });
  catalogue.transaction(() => catalogue.ledger.clearOwnKey(enterprise.id));
  return { identity: selfIdentity(catalogue), previousFingerprint: recorded === null ? null : fingerprint(Buffer.from(recorded, 'base64')), retiredKeyFile };
}

/** What an identity backup holds: who the catalogue's enterprise is and its private key. */
const IDENTITY_FORMAT = 'ratio-identity';
const MAX_IDENTITY_BYTES = 16 * 1024;

/** Writes the catalogue's identity (enterprise id, name, private key) to `file`, mode 0600, never over an existing file. */
export function exportIdentity(catalogue: Catalogue, file: string): { file: string; enterprise: { id: string; name: string }; fingerprint: string } {
  const identity = selfIdentity(catalogue);
  const text = `${JSON.stringify(
    {
      format: IDENTITY_FORMAT,
      version: 1,
      enterpriseId: identity.enterprise.id,
      enterpriseName: identity.enterprise.name,
      privateKey: identity.privateKey.export({ format: 'pem', type: 'pkcs8' }),
    },
    null,
    2,
  )}\n`;
  try {
    fs.writeFileSync(file, text, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    const code = error && typeof error === 'object' && 'code' in error ? String(error.code) : '';
    if (code === 'EEXIST') throw new RatioError('CONFLICT', `${file} exists already; an identity backup is never written over another file.`);
    throw new RatioError('FILE_ERROR', `Cannot write ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { file, enterprise: identity.enterprise, fingerprint: fingerprint(identity.publicKey) };
}

function readIdentityFile(file: string): { enterpriseId: string; enterpriseName: string; privateKey: KeyObject } {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_IDENTITY_BYTES) throw new RatioError('INVALID_INPUT', `${file} is not a Ratio identity backup (too large).`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot read ${file}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const record = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const { enterpriseId, enterpriseName, privateKey } = record;
  if (record.format !== IDENTITY_FORMAT || typeof enterpriseId !== 'string' || typeof enterpriseName !== 'string' || typeof privateKey !== 'string') {
    throw new RatioError('INVALID_INPUT', `${file} is not a Ratio identity backup ("ratio keys export-identity" writes one).`);
  }
  let key: KeyObject;
  try {
    key = crypto.createPrivateKey(privateKey);
  } catch {
    throw new RatioError('INVALID_INPUT', `${file} does not hold a readable private key.`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new RatioError('INVALID_INPUT', `${file} does not hold an Ed25519 private key.`);
  return { enterpriseId, enterpriseName, privateKey: key };
}

/**
 * Restores an identity backup: the key file of the catalogue's enterprise comes back. Only
 * the identity this catalogue records is accepted (or any, in a catalogue that has none yet,
 * which then takes the backup's enterprise as its own); a key file that is not that identity
 * is moved aside, never deleted.
 */
export function importIdentity(catalogue: Catalogue, file: string): { enterprise: { id: string; name: string }; fingerprint: string; keyFile: string } {
  const backup = readIdentityFile(file);
  const publicKey = rawOf(crypto.createPublicKey(backup.privateKey));
  const encoded = publicKey.toString('base64');
  catalogue.transaction(() => {
    const self = selfEnterpriseId(catalogue);
    if (self !== undefined && self !== backup.enterpriseId) {
      throw new RatioError(
        'CONFLICT',
        `${file} is the identity of another enterprise (${backup.enterpriseName}); this catalogue signs as ${catalogue.enterprises.find(self) ? catalogue.enterprises.get(self).name : self}.`,
      );
    }
    const holder = catalogue.ledger.keyHolder(encoded);
    if (holder && holder.id !== backup.enterpriseId) throw new RatioError('CONFLICT', `That key is registered for the partner ${holder.name}.`);
    const existing = catalogue.enterprises.find(backup.enterpriseId);
    if (existing && self === undefined) {
      throw new RatioError(
        'CONFLICT',
        `This catalogue knows ${catalogue.enterprises.get(existing).name} as another enterprise; an identity is restored into its own catalogue or a new one.`,
      );
    }
    if (existing) {
      const recorded = catalogue.enterprises.get(existing).publicKey;
      if (recorded !== null && recorded !== encoded) {
        throw new RatioError('CONFLICT', `${file} holds another key than the one this catalogue signs with; to change keys, use "ratio keys rekey --yes".`);
      }
    } else {
      const name = catalogue.enterprises.find(backup.enterpriseName) ? `${backup.enterpriseName} (${backup.enterpriseId.slice(-8)})` : backup.enterpriseName;
      catalogue.enterprises.create({ id: backup.enterpriseId, name, place: '', industry: '' });
    }
    catalogue.ledger.setSelfEnterpriseId(backup.enterpriseId);
    recordPublicKey(catalogue, backup.enterpriseId, publicKey);
  });
  const dir = keysDir();
  const keyFile = path.join(dir, `${backup.enterpriseId}.key`);
  inKeysFolder(dir, () => {
    if (fs.existsSync(dir)) checkFolder(dir);
    else fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (fs.existsSync(keyFile)) {
      let same = false;
      try {
        same = rawOf(crypto.createPublicKey(crypto.createPrivateKey(fs.readFileSync(keyFile)))).equals(publicKey);
      } catch {
        same = false;
      }
      if (same) fs.chmodSync(keyFile, 0o600);
      else fs.renameSync(keyFile, `${keyFile}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    }
    if (!fs.existsSync(keyFile)) {
      fs.rmSync(path.join(dir, `${backup.enterpriseId}.pub`), { force: true });
      writeKeyPair(dir, backup.enterpriseId, backup.privateKey);
    }
  });
  const identity = selfIdentity(catalogue);
  return { enterprise: identity.enterprise, fingerprint: fingerprint(identity.publicKey), keyFile: identity.keyFile };
}

export function sign(identity: SelfIdentity, message: Buffer): Buffer {
  return crypto.sign(null, message, identity.privateKey);
}

/** Registers `rawPublicKey` as the key of enterprise `ref` (created when missing). */
export function trustKey(catalogue: Catalogue, ref: string, rawPublicKey: Buffer, id?: string): { id: string; name: string } {
  const encoded = rawPublicKey.toString('base64');
  return catalogue.transaction(() => {
    const holder = catalogue.ledger.keyHolder(encoded);
    const enterpriseId =
      catalogue.enterprises.find(ref) ??
      catalogue.enterprises.create({ id: id && !catalogue.enterprises.find(id) ? id : undefined, name: ref, place: '', industry: '' }).id;
    if (holder && holder.id !== enterpriseId) {
      throw new RatioError('CONFLICT', `That key is already registered for ${holder.name}.`);
    }
    // Our own key is made and checked by selfIdentity; registering another in its place would make us sign with a key we do not hold.
    if (enterpriseId === selfEnterpriseId(catalogue)) {
      throw new RatioError(
        'CONFLICT',
        `${catalogue.enterprises.get(enterpriseId).name} is this catalogue's own enterprise; its key is managed by "ratio keys".`,
      );
    }
    catalogue.ledger.setPublicKey(enterpriseId, encoded, new Date().toISOString());
    return { id: enterpriseId, name: catalogue.enterprises.get(enterpriseId).name };
  });
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../core/catalogue.js';
import { canonicalOf, sameJson, shareCanonical } from './canonical.js';
import { fingerprint, verifySignature } from './keys.js';
import { BUNDLE_PATH, DEFAULT_LIMITS, ENTERPRISES_FILE, FORMAT_NAME, FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_FILE, TAGS_FILE, type BundleLimits } from './limits.js';
import { EnterpriseList, EntryRecord, Manifest, TagVocabulary } from './records.js';
import { isEntryRecord } from './record-check.js';
import { parseUntrustedJson } from './safe-json.js';
import { StagingFailed, StagingWriter } from './staging-writer.js';
import { BundleArchive, type ArchiveFile } from './zip-reader.js';

export type SignatureStatus = 'valid' | 'unknown-signer' | 'invalid';

export interface VerifiedBundle {
  manifest: Manifest;
  signature: SignatureStatus;
  /** The local enterprise whose registered key signed the bundle, when there is one. */
  signer: { id: string; name: string } | null;
  records: EntryRecord[];
  tags: TagVocabulary;
  enterprises: EnterpriseList;
  /** Verified attachment files in the staging folder, by SHA-256 (empty when not staging). */
  staged: Map<string, { file: string; size: number }>;
}

export interface ReadOptions {
  limits?: Partial<BundleLimits>;
  /** A folder to stage attachments in; null verifies them without keeping them. */
  stageDir: string | null;
  progress?: (done: number, total: number) => void;
  /** Called with each entry record as soon as it is checked, with the number of entries the manifest announces. */
  onRecord?: (record: EntryRecord, entries: number) => void;
}

function refuse(reason: string): never {
  throw new RatioError('BUNDLE_REFUSED', `The bundle was refused: ${reason}.`);
}

function parseWith<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return refuse(`${what} is malformed${where} (${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/** Decides how far to trust the signer: its registered key, an unknown key, or a key that contradicts the registered one. */
function judgeSignature(catalogue: Catalogue, manifest: Manifest): { signature: SignatureStatus; signer: { id: string; name: string } | null } {
  const holder = catalogue.db.prepare('SELECT id, name FROM enterprises WHERE public_key = ?').get(manifest.producer.publicKey) as
    | { id: string; name: string }
    | undefined;
  if (holder) return { signature: 'valid', signer: holder };
  const known = catalogue.db
    .prepare('SELECT id, name, public_key FROM enterprises WHERE id = ? OR name = ? COLLATE NOCASE')
    .all(manifest.producer.enterpriseId, manifest.producer.name) as { id: string; name: string; public_key: string | null }[];
  const registered = known.find((k) => k.public_key !== null);
  if (registered) {
    refuse(`it says it comes from ${manifest.producer.name} but is signed with key ${manifest.producer.keyId.slice(0, 16)}…, not the key registered for ${registered.name}`);
  }
  return { signature: 'unknown-signer', signer: null };
}

function checkRecord(record: EntryRecord, fileName: string): void {
  if (`entries/${record.id}.json` !== fileName) refuse(`${fileName} holds entry ${record.id}`);
  let previous = 0;
  for (const revision of record.history) {
    if (revision.number <= previous) refuse(`the revisions of entry ${record.id} are not in increasing order`);
    previous = revision.number;
    if (canonicalOf(revision.snapshot).hash !== revision.contentHash) refuse(`revision ${revision.number} of entry ${record.id} does not match its content hash`);
  }
  const last = record.history.at(-1) as EntryRecord['history'][number];
  if (last.action === 'delete') refuse(`entry ${record.id} ends with a deletion`);
  // The state is normally a copy of the last revision's snapshot; then it has the same canonical JSON and hash.
  if (sameJson(record.state, last.snapshot)) shareCanonical(record.state, last.snapshot);
  if (last.number !== record.revision || canonicalOf(record.state).hash !== last.contentHash) {
    refuse(`the current state of entry ${record.id} is not its last revision`);
  }
  if ((record.enterprise?.name ?? null) !== record.state.enterprise) refuse(`entry ${record.id} names two different enterprises`);
}

/** A refusal already says why; any other failure to read a file from the archive becomes one. */
function unreadable(file: ArchiveFile, error: unknown): never {
  if (error instanceof RatioError) throw error;
  return refuse(`${JSON.stringify(file.name)} cannot be read (${error instanceof Error ? error.message : String(error)})`);
}

/** Hashes (and, when staging, writes) one file chunk by chunk; never holds it whole. */
async function copyFile(archive: BundleArchive, file: ArchiveFile, target: string | null): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let out: fs.promises.FileHandle | null = null;
  try {
    out = target === null ? null : await fs.promises.open(target, 'wx');
    for await (const chunk of archive.chunks(file)) {
      hash.update(chunk);
      size += chunk.length;
      for (let written = 0; out !== null && written < chunk.length; ) {
        written += (await out.write(chunk, written, chunk.length - written)).bytesWritten;
      }
    }
  } catch (error) {
    return unreadable(file, error);
  } finally {
    await out?.close();
  }
  return { sha256: hash.digest('hex'), size };
}

/** Attachments up to this size are held whole while they are written; larger ones stream. */
const SMALL_ATTACHMENT = 1024 * 1024;
/** Staged files being written at once (so at most this many small attachments in memory). */
const STAGING_WRITES = 8;

/** Reads one (small) file whole and hashes it. */
async function readHashed(archive: BundleArchive, file: ArchiveFile): Promise<{ sha256: string; size: number; bytes: Buffer }> {
  const hash = crypto.createHash('sha256');
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    const stored = archive.storedBytes(file);
    if (stored !== null) return { sha256: hash.update(stored).digest('hex'), size: stored.length, bytes: stored };
    for await (const chunk of archive.chunks(file)) {
      hash.update(chunk);
      size += chunk.length;
      // A file that holds more than its header declares is refused by size; stop holding it early.
      if (size > SMALL_ATTACHMENT) return { sha256: '', size, bytes: Buffer.alloc(0) };
      chunks.push(chunk);
    }
  } catch (error) {
    return unreadable(file, error);
  }
  return { sha256: hash.digest('hex'), size, bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) };
}

/**
 * Phase 1 of an import: reads and checks a whole bundle without touching the catalogue.
 * Signature, every file's hash and size, the file list both ways, every record's schema
 * and revision hashes, and every attachment reference. Throws BUNDLE_REFUSED with one
 * sentence on the first problem.
 */
export async function readBundle(catalogue: Catalogue, file: string, options: ReadOptions): Promise<VerifiedBundle> {
  const limits: BundleLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const archive = await BundleArchive.open(file, limits);
  try {
    const manifestFile = archive.files.get(MANIFEST_FILE);
    if (!manifestFile) refuse('it has no manifest.json');
    const signatureFile = archive.files.get(SIGNATURE_FILE);
    if (!signatureFile) refuse('it is not signed (manifest.sig is missing)');
    const manifestBytes = await archive.readAll(manifestFile, limits.maxJsonBytes);
    const signatureBytes = await archive.readAll(signatureFile, 64);

    const raw = parseUntrustedJson(manifestBytes, MANIFEST_FILE, limits.maxJsonDepth);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) refuse('manifest.json is not an object');
    const head = raw as Record<string, unknown>;
    if (head.format !== FORMAT_NAME) refuse('it is not a Ratio bundle (manifest.json has no "format": "ratio-bundle")');
    if (head.formatVersion !== FORMAT_VERSION) {
      refuse(`it has format version ${JSON.stringify(head.formatVersion)}, which this Ratio does not read (it reads version ${FORMAT_VERSION})`);
    }
    const manifest = parseWith(Manifest, raw, MANIFEST_FILE);
    const publicKey = Buffer.from(manifest.producer.publicKey, 'base64');
    if (fingerprint(publicKey) !== manifest.producer.keyId) refuse('the key id in manifest.json does not match its public key');
    if (!verifySignature(manifestBytes, signatureBytes, publicKey)) refuse('its signature does not match manifest.json (the manifest was altered or signed by another key)');
    const trust = judgeSignature(catalogue, manifest);

    // The file list, both ways, before any content is read.
    const listed = new Map<string, Manifest['files'][number]>();
    for (const entry of manifest.files) {
      if (!BUNDLE_PATH.test(entry.path)) refuse(`manifest.json lists an unexpected path ${JSON.stringify(entry.path)}`);
      if (listed.has(entry.path)) refuse(`manifest.json lists ${entry.path} twice`);
      if (entry.path.startsWith('attachments/') && entry.path !== `attachments/${entry.sha256}`) refuse(`${entry.path} is not named by its SHA-256`);
      listed.set(entry.path, entry);
      const inArchive = archive.files.get(entry.path);
      if (!inArchive) refuse(`${entry.path} is listed in manifest.json but missing from the archive`);
      if (inArchive.size !== entry.size) refuse(`${entry.path} has ${inArchive.size} bytes but manifest.json says ${entry.size}`);
    }
    for (const name of archive.files.keys()) {
      if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) refuse(`${JSON.stringify(name)} is in the archive but not in manifest.json`);
    }
    for (const required of [TAGS_FILE, ENTERPRISES_FILE]) if (!listed.has(required)) refuse(`it has no ${required}`);

    const recordsByPath = new Map<string, EntryRecord>();
    let tags: TagVocabulary = [];
    let enterprises: EnterpriseList = [];
    const staged = new Map<string, { file: string; size: number }>();
    let done = 0;
    const progress = (): void => {
      done += 1;
      options.progress?.(done, manifest.files.length);
    };
    // The JSON files first, read together in archive order; then the attachments, streamed.
    const jsonFiles = manifest.files.filter((f) => !f.path.startsWith('attachments/')).map((f) => archive.files.get(f.path) as ArchiveFile);
    for await (const { file: archived, bytes } of archive.readMany(jsonFiles, limits.maxJsonBytes)) {
      const entry = listed.get(archived.name) as Manifest['files'][number];
      if (bytes.length !== entry.size || crypto.createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
        refuse(`${entry.path} does not match its SHA-256 and size in manifest.json`);
      }
      const value = parseUntrustedJson(bytes, entry.path, limits.maxJsonDepth);
      if (entry.path === TAGS_FILE) tags = parseWith(TagVocabulary, value, entry.path);
      else if (entry.path === ENTERPRISES_FILE) enterprises = parseWith(EnterpriseList, value, entry.path);
      else {
        const record = isEntryRecord(value) ? value : parseWith(EntryRecord, value, entry.path);
        checkRecord(record, entry.path);
        recordsByPath.set(entry.path, record);
        options.onRecord?.(record, manifest.counts.entries);
      }
      progress();
    }
    const writer = new StagingWriter(STAGING_WRITES);
    try {
      for (const entry of manifest.files) {
        if (!entry.path.startsWith('attachments/')) continue;
        const archived = archive.files.get(entry.path) as ArchiveFile;
        const target = options.stageDir === null ? null : path.join(options.stageDir, entry.sha256);
        // Small files are read whole, checked, then written while the next one is read; large ones stream.
        const small = target !== null && archived.size <= SMALL_ATTACHMENT;
        const actual: { sha256: string; size: number; bytes?: Buffer } = small ? await readHashed(archive, archived) : await copyFile(archive, archived, target);
        if (actual.size !== entry.size) refuse(`${entry.path} has ${actual.size} bytes but manifest.json says ${entry.size}`);
        if (actual.sha256 !== entry.sha256) refuse(`${entry.path} does not match its SHA-256 in manifest.json`);
        if (target !== null) {
          if (actual.bytes) await writer.write(target, actual.bytes);
          staged.set(entry.sha256, { file: target, size: actual.size });
        }
        progress();
      }
      await writer.finish();
    } catch (error) {
      if (error instanceof StagingFailed) refuse(`${JSON.stringify(path.basename(error.file))} could not be staged (${error.message})`);
      throw error;
    } finally {
      await writer.settle();
    }
    // Records in the order the manifest lists them.
    const records: EntryRecord[] = [];
    for (const entry of manifest.files) {
      const record = recordsByPath.get(entry.path);
      if (record) records.push(record);
    }

    // Every attachment any snapshot names must be in the bundle, with the size it claims.
    for (const record of records) {
      for (const snapshot of [record.state, ...record.history.map((h) => h.snapshot)]) {
        for (const ref of snapshot.attachments) {
          const listedFile = listed.get(`attachments/${ref.sha256}`);
          if (!listedFile) refuse(`entry ${record.id} refers to attachment ${ref.sha256.slice(0, 12)}… which the bundle lacks`);
          if (listedFile.size !== ref.size) refuse(`entry ${record.id} gives attachment ${ref.name} a size its file does not have`);
        }
      }
    }
    const counts = manifest.counts;
    const attachmentCount = manifest.files.filter((f) => f.path.startsWith('attachments/')).length;
    if (counts.entries !== records.length || counts.attachments !== attachmentCount || counts.tags !== tags.length) {
      refuse('the counts in manifest.json do not match its files');
    }
    const enterpriseIds = new Set(enterprises.map((e) => e.id));
    for (const record of records) {
      for (const ref of [record.enterprise, ...record.adoptions.map((a) => a.enterprise)]) {
        if (ref && !enterpriseIds.has(ref.id)) refuse(`entry ${record.id} names enterprise ${ref.name}, which enterprises.json lacks`);
      }
    }
    return { manifest, ...trust, records, tags, enterprises, staged };
  } finally {
    archive.close();
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { canonicalOf, sameJson, shareCanonical } from './canonical.js';
import { fingerprint, verifySignature } from './keys.js';
import {
  BUNDLE_PATH,
  CONCEPTS_FILE,
  DEFAULT_LIMITS,
  ENTERPRISES_FILE,
  FORMAT_NAME,
  FORMAT_VERSION,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  TAGS_FILE,
  type BundleLimits,
} from './limits.js';
import { ConceptVocabulary, EnterpriseList, EntryRecord, Manifest, TagVocabulary } from './records.js';
import { isEntryRecord } from './record-check.js';
import { parseUntrustedJson } from './safe-json.js';
import { judgeSigner, type SignatureStatus, type Signer } from './signer.js';
import { StagingFailed, StagingWriter } from './staging-writer.js';
import { BundleArchive, type ArchiveFile } from './zip-reader.js';

export type { SignatureStatus, Signer } from './signer.js';

type ManifestFile = Manifest['files'][number];

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

function checkRecord(record: EntryRecord, fileName: string): void {
  if (`entries/${record.id}.json` !== fileName) refuse(`${fileName} holds entry ${record.id}`);
  let previous = 0;
  for (const revision of record.history) {
    if (revision.number <= previous) refuse(`the revisions of entry ${record.id} are not in increasing order`);
    previous = revision.number;
    if (canonicalOf(revision.snapshot).hash !== revision.contentHash)
      refuse(`revision ${revision.number} of entry ${record.id} does not match its content hash`);
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

/** Why staging failed, said as what it is: a full disk is no fault of the bundle. */
export function stagingError(error: StagingFailed): RatioError {
  const code = error.original && typeof error.original === 'object' && 'code' in error.original ? String(error.original.code) : '';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new RatioError(
      'DISK_FULL',
      `The disk is full: the bundle's attachments could not be staged in ${path.dirname(error.file)}; free some space and import again (nothing was written).`,
    );
  }
  return new RatioError(
    'FILE_ERROR',
    `The bundle's attachments could not be staged in ${path.dirname(error.file)} (${code || error.message}); nothing was written.`,
  );
}

/** Hashes (and, when staging, writes) one file chunk by chunk; never holds it whole. */
async function copyFile(archive: BundleArchive, file: ArchiveFile, target: string | null): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let out: fs.promises.FileHandle | null = null;
  try {
    if (target !== null) out = await fs.promises.open(target, 'wx').catch((error: unknown) => Promise.reject(new StagingFailed(target, error)));
    for await (const chunk of archive.chunks(file)) {
      hash.update(chunk);
      size += chunk.length;
      for (let written = 0; out !== null && written < chunk.length;) {
        try {
          written += (await out.write(chunk, written, chunk.length - written)).bytesWritten;
        } catch (error) {
          throw new StagingFailed(target as string, error);
        }
      }
    }
  } catch (error) {
    if (error instanceof StagingFailed) throw error;
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

export interface Vocabulary {
  tags: TagVocabulary;
  enterprises: EnterpriseList;
  /** Empty when the bundle has no concepts.json. */
  concepts: ConceptVocabulary;
}

/**
 * A bundle opened for import, read in the order trust allows. `open` reads only the
 * manifest and its signature, decides who signed it, and checks the file list against the
 * archive: nothing an unknown signer sent beyond its manifest has been read when it returns.
 * Then, if the signer is trusted, the vocabulary, the entry records one at a time (never
 * all held at once) and the attachments. Every file is checked against its SHA-256 and size
 * in the signed manifest, and every record against the schema and its revision hashes;
 * the first problem throws BUNDLE_REFUSED with one sentence. Nothing here writes to the catalogue.
 */
export class BundleReader {
  private vocabulary: Vocabulary | null = null;
  private enterpriseIds = new Set<string>();

  private constructor(
    private readonly archive: BundleArchive,
    readonly manifest: Manifest,
    readonly signature: SignatureStatus,
    /** The local enterprise whose registered key signed the bundle; null for an unknown signer. */
    readonly signer: Signer | null,
    readonly limits: BundleLimits,
    private readonly listed: ReadonlyMap<string, ManifestFile>,
    /** Entry record paths, in the order the manifest lists them. */
    readonly entryPaths: readonly string[],
  ) {}

  static async open(catalogue: Catalogue, file: string, overrides?: Partial<BundleLimits>): Promise<BundleReader> {
    const limits: BundleLimits = { ...DEFAULT_LIMITS, ...overrides };
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
      if (!verifySignature(manifestBytes, signatureBytes, publicKey))
        refuse('its signature does not match manifest.json (the manifest was altered or signed by another key)');
      const { signature, signer } = judgeSigner(catalogue, manifest);

      // The file list, both ways, before any content is read.
      const listed = new Map<string, ManifestFile>();
      const entryPaths: string[] = [];
      let attachments = 0;
      let jsonBytes = 0;
      for (const entry of manifest.files) {
        if (!BUNDLE_PATH.test(entry.path)) refuse(`manifest.json lists an unexpected path ${JSON.stringify(entry.path)}`);
        if (listed.has(entry.path)) refuse(`manifest.json lists ${entry.path} twice`);
        if (entry.path.startsWith('attachments/')) {
          if (entry.path !== `attachments/${entry.sha256}`) refuse(`${entry.path} is not named by its SHA-256`);
          attachments += 1;
        } else {
          jsonBytes += entry.size;
          if (entry.path.startsWith('entries/')) entryPaths.push(entry.path);
        }
        listed.set(entry.path, entry);
        const inArchive = archive.files.get(entry.path);
        if (!inArchive) refuse(`${entry.path} is listed in manifest.json but missing from the archive`);
        if (inArchive.size !== entry.size) refuse(`${entry.path} has ${inArchive.size} bytes but manifest.json says ${entry.size}`);
      }
      for (const name of archive.files.keys()) {
        if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name))
          refuse(`${JSON.stringify(name)} is in the archive but not in manifest.json`);
      }
      for (const required of [TAGS_FILE, ENTERPRISES_FILE]) if (!listed.has(required)) refuse(`it has no ${required}`);
      if (manifest.counts.entries !== entryPaths.length || manifest.counts.attachments !== attachments)
        refuse('the counts in manifest.json do not match its files');
      if (jsonBytes > limits.maxTotalJsonBytes) refuse(`its records add up to more than the limit of ${limits.maxTotalJsonBytes} bytes`);
      return new BundleReader(archive, manifest, signature, signer, limits, listed, entryPaths);
    } catch (error) {
      archive.close();
      throw error;
    }
  }

  close(): void {
    this.archive.close();
  }

  private archived(entry: ManifestFile): ArchiveFile {
    return this.archive.files.get(entry.path) as ArchiveFile;
  }

  private verified(entry: ManifestFile, bytes: Buffer): unknown {
    if (bytes.length !== entry.size || crypto.createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
      refuse(`${entry.path} does not match its SHA-256 and size in manifest.json`);
    }
    return parseUntrustedJson(bytes, entry.path, this.limits.maxJsonDepth);
  }

  /** tags.json and enterprises.json, checked and bounded; read once, before the records. */
  async readVocabulary(): Promise<Vocabulary> {
    if (this.vocabulary) return this.vocabulary;
    const tagsEntry = this.listed.get(TAGS_FILE) as ManifestFile;
    const enterprisesEntry = this.listed.get(ENTERPRISES_FILE) as ManifestFile;
    const conceptsEntry = this.listed.get(CONCEPTS_FILE);
    let tags: TagVocabulary = [];
    let enterprises: EnterpriseList = [];
    let concepts: ConceptVocabulary = [];
    const files = [this.archived(tagsEntry), this.archived(enterprisesEntry), ...(conceptsEntry ? [this.archived(conceptsEntry)] : [])];
    for await (const { file, bytes } of this.archive.readMany(files, this.limits.maxJsonBytes)) {
      const entry = this.listed.get(file.name) as ManifestFile;
      const value = this.verified(entry, bytes);
      if (entry.path === CONCEPTS_FILE) {
        if (Array.isArray(value) && value.length > this.limits.maxTags)
          refuse(`concepts.json has ${value.length} concepts, more than the limit of ${this.limits.maxTags}`);
        concepts = parseWith(ConceptVocabulary, value, entry.path);
      } else if (entry.path === TAGS_FILE) {
        // The length is checked before the schema looks at every item.
        if (Array.isArray(value) && value.length > this.limits.maxTags)
          refuse(`tags.json has ${value.length} tags, more than the limit of ${this.limits.maxTags}`);
        tags = parseWith(TagVocabulary, value, entry.path);
      } else {
        enterprises = parseWith(EnterpriseList, value, entry.path);
      }
    }
    const synonyms = tags.reduce((n, t) => n + t.synonyms.length, 0);
    if (synonyms > this.limits.maxTagSynonyms) refuse(`tags.json has ${synonyms} synonyms, more than the limit of ${this.limits.maxTagSynonyms}`);
    if (this.manifest.counts.tags !== tags.length || (this.manifest.counts.concepts ?? 0) !== concepts.length) {
      refuse('the counts in manifest.json do not match its files');
    }
    this.enterpriseIds = new Set(enterprises.map((e) => e.id));
    this.vocabulary = { tags, enterprises, concepts };
    return this.vocabulary;
  }

  /** Parses and checks one record's verified bytes: schema, revision hashes, attachments and enterprises it names. */
  private record(entry: ManifestFile, bytes: Buffer): EntryRecord {
    const value = this.verified(entry, bytes);
    const record = isEntryRecord(value) ? value : parseWith(EntryRecord, value, entry.path);
    checkRecord(record, entry.path);
    // Every attachment any snapshot names must be in the bundle, with the size it claims.
    for (const snapshot of [record.state, ...record.history.map((h) => h.snapshot)]) {
      for (const ref of snapshot.attachments) {
        const listedFile = this.listed.get(`attachments/${ref.sha256}`);
        if (!listedFile) refuse(`entry ${record.id} refers to attachment ${ref.sha256.slice(0, 12)}… which the bundle lacks`);
        if (listedFile.size !== ref.size) refuse(`entry ${record.id} gives attachment ${ref.name} a size its file does not have`);
      }
    }
    for (const ref of [record.enterprise, ...record.adoptions.map((a) => a.enterprise)]) {
      if (ref && !this.enterpriseIds.has(ref.id)) refuse(`entry ${record.id} names enterprise ${ref.name}, which enterprises.json lacks`);
    }
    return record;
  }

  /**
   * Every entry record, checked, one at a time in archive order (neighbours are read
   * together, but only one record is parsed and held at a time here). Needs readVocabulary first.
   */
  async *records(): AsyncGenerator<{ path: string; record: EntryRecord; size: number }> {
    if (!this.vocabulary) throw new RatioError('INTERNAL', 'The vocabulary is read before the records.');
    const files = this.entryPaths.map((p) => this.archived(this.listed.get(p) as ManifestFile));
    for await (const { file, bytes } of this.archive.readMany(files, this.limits.maxJsonBytes)) {
      yield { path: file.name, record: this.record(this.listed.get(file.name) as ManifestFile, bytes), size: bytes.length };
    }
  }

  /**
   * One record read again, synchronously (inside the import's transaction, which cannot wait
   * for an event), and checked again against the signed manifest: a bundle file changed
   * since it was verified is refused, and the transaction rolled back.
   */
  recordSync(recordPath: string): EntryRecord {
    const entry = this.listed.get(recordPath);
    if (!entry || !recordPath.startsWith('entries/')) throw new RatioError('NOT_FOUND', `The bundle has no record ${recordPath}.`);
    if (!this.vocabulary) throw new RatioError('INTERNAL', 'The vocabulary is read before the records.');
    let bytes: Buffer;
    try {
      bytes = this.archive.readWholeSync(this.archived(entry), this.limits.maxJsonBytes);
    } catch (error) {
      return unreadable(this.archived(entry), error);
    }
    return this.record(entry, bytes);
  }

  /**
   * Reads every attachment and checks its SHA-256 and size; the ones `wanted` says so are
   * written to `stageDir` as they are checked. Returns the staged files by SHA-256.
   */
  async attachments(stageDir: string | null, wanted: (sha256: string) => boolean, progress: () => void): Promise<Map<string, { file: string; size: number }>> {
    const staged = new Map<string, { file: string; size: number }>();
    const writer = new StagingWriter(STAGING_WRITES);
    try {
      for (const entry of this.manifest.files) {
        if (!entry.path.startsWith('attachments/')) continue;
        const archived = this.archived(entry);
        const target = stageDir !== null && wanted(entry.sha256) ? path.join(stageDir, entry.sha256) : null;
        // Small files are read whole, checked, then written while the next one is read; large ones stream.
        const small = target !== null && archived.size <= SMALL_ATTACHMENT;
        const actual: { sha256: string; size: number; bytes?: Buffer } = small
          ? await readHashed(this.archive, archived)
          : await copyFile(this.archive, archived, target);
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
      if (error instanceof StagingFailed) throw stagingError(error);
      throw error;
    } finally {
      await writer.settle();
    }
    return staged;
  }
}

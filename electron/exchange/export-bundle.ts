import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { newId, nowIso } from '../core/ids.js';
import { canonicalJson } from '../core/repos/revisions.js';
import { conceptsFor, entryRecords, enterprisesFor, recordBytes, sha256, vocabularyFor } from './entry-records.js';
import { selfIdentity, fingerprint, sign } from './keys.js';
import type { z } from 'zod';
import type { ExportEstimate, ExportResult as ExportResultSchema } from '../../shared/schemas/exchange.js';
import { CONCEPTS_FILE, DEFAULT_LIMITS, ENTERPRISES_FILE, FORMAT_NAME, FORMAT_VERSION, MANIFEST_FILE, SIGNATURE_FILE, TAGS_FILE } from './limits.js';
import { isEntryRecord } from './record-check.js';
import { ConceptVocabulary, EnterpriseList, EntryRecord, Manifest, TagVocabulary } from './records.js';
import { selectEntryIds, type Selection } from './selection.js';
import { ZipWriter } from './zip-writer.js';

export interface ExportOptions {
  out: string;
  selection: Selection;
  /** Recipient enterprise (id or name); required for a delta. */
  to?: string | undefined;
  /** Only entries new or changed since the last bundle sent to `to`. */
  sinceLast?: boolean | undefined;
  /** Name of this catalogue's enterprise, set on first use or to rename it. */
  enterpriseName?: string | undefined;
  progress?: (done: number, total: number) => void;
}

/** A written bundle, as the contract reports it. */
export type ExportResult = z.infer<typeof ExportResultSchema>;

function damaged(hash: string): RatioError {
  return new RatioError('FILE_ERROR', `Attachment ${hash} in the catalogue is damaged (its bytes no longer match its hash); nothing was exported.`);
}

/** Leading bytes of formats that are compressed already (PNG, JPEG, GIF, WebP, ZIP and its offspring, gzip, bzip2, xz, 7z, zstd). */
const COMPRESSED_SIGNATURES: readonly (readonly [offset: number, bytes: Buffer])[] = [
  [0, Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  [0, Buffer.from([0xff, 0xd8, 0xff])],
  [0, Buffer.from('GIF8', 'latin1')],
  [8, Buffer.from('WEBP', 'latin1')],
  [0, Buffer.from([0x50, 0x4b, 0x03, 0x04])],
  [0, Buffer.from([0x1f, 0x8b])],
  [0, Buffer.from('BZh', 'latin1')],
  [0, Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])],
  [0, Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  [0, Buffer.from([0x28, 0xb5, 0x2f, 0xfd])],
];

/** How much of a file is deflated to judge it: enough to tell text and drawings from noise, cheap next to the file. */
const SAMPLE_BYTES = 4 * 1024;

/**
 * Whether deflating a file is worth its time: not for formats that are compressed already,
 * nor when a sample of it does not shrink by at least 5 % (random bytes, unknown compressed
 * formats). Deflating incompressible bytes costs as much as compressible ones and gains nothing.
 */
function worthDeflating(bytes: Buffer): boolean {
  if (COMPRESSED_SIGNATURES.some(([offset, signature]) => bytes.subarray(offset, offset + signature.length).equals(signature))) return false;
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  return sample.length > 0 && zlib.deflateRawSync(sample, { level: DEFLATE_LEVEL }).length < sample.length * 0.95;
}

/** Deflate level for records and small attachments: the fastest, which costs little in size on JSON. */
const DEFLATE_LEVEL = 1;

/** Files that compress well are deflated; large ones (mostly images, archives) are stored to keep export fast. */
const COMPRESS_BELOW = 4 * 1024 * 1024;

interface CollectedExport {
  recipient: { id: string; name: string } | null;
  records: EntryRecord[];
  bytesById: Map<string, Buffer>;
  /** Every attachment any exported state or revision refers to, with its size. */
  blobs: Map<string, number>;
}

/** What an export would contain: the selected (or, for a delta, changed) entries and their attachments. */
function collectExport(catalogue: Catalogue, options: Omit<ExportOptions, 'out'>): CollectedExport {
  const recipientId = options.to === undefined ? null : catalogue.enterprises.require(options.to);
  const recipient = recipientId === null ? null : { id: recipientId, name: catalogue.enterprises.get(recipientId).name };
  if (options.sinceLast && recipient === null) throw new RatioError('INVALID_INPUT', 'A delta export (--since-last) needs the recipient (--to).');

  const ids = selectEntryIds(catalogue, options.selection);
  const records: EntryRecord[] = [];
  const bytesById = new Map<string, Buffer>();
  const sentBefore = options.sinceLast && recipient ? catalogue.ledger.sentRecordHashes(recipient.id) : new Map<string, string>();
  for (const record of entryRecords(catalogue, ids)) {
    const bytes = recordBytes(record);
    if (options.sinceLast && sentBefore.get(record.id) === sha256(bytes)) continue;
    records.push(record);
    bytesById.set(record.id, bytes);
  }

  const blobs = new Map<string, number>();
  for (const record of records) {
    for (const snapshot of [record.state, ...record.history.map((h) => h.snapshot)]) {
      for (const a of snapshot.attachments) blobs.set(a.sha256, a.size);
    }
  }
  return { recipient, records, bytesById, blobs };
}

function unreadable(what: string, issue: z.core.$ZodIssue | undefined): RatioError {
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return new RatioError(
    'INVALID_INPUT',
    `${what} cannot be exported: it breaks the bundle rules${where} (${issue?.message ?? 'invalid'}), and a recipient would refuse the whole bundle. Correct it first; nothing was written.`,
  );
}

/**
 * Holds an export to the rules a reader applies (records.ts, limits.ts), so this catalogue
 * never writes a bundle every recipient refuses: an entry with an over-long history or a
 * revision number past the limit, a name with control characters from before the rules.
 */
function checkReadable(
  records: readonly EntryRecord[],
  tags: TagVocabulary,
  concepts: ConceptVocabulary,
  enterprises: EnterpriseList,
  manifest: Manifest,
): void {
  for (const record of records) {
    // The fast check first; the schema, slower, only to say what is wrong.
    const value: unknown = record;
    if (isEntryRecord(value)) continue;
    const parsed = EntryRecord.safeParse(record);
    if (!parsed.success) throw unreadable(`Entry ${record.id} ("${record.state.title.slice(0, 80)}")`, parsed.error.issues[0]);
  }
  const synonyms = tags.reduce((n, t) => n + t.synonyms.length, 0);
  if (tags.length > DEFAULT_LIMITS.maxTags || synonyms > DEFAULT_LIMITS.maxTagSynonyms) {
    throw new RatioError(
      'INVALID_INPUT',
      `The tag vocabulary (${tags.length} tags, ${synonyms} synonyms) is larger than a bundle may carry (${DEFAULT_LIMITS.maxTags} tags, ${DEFAULT_LIMITS.maxTagSynonyms} synonyms); export a selection instead. Nothing was written.`,
    );
  }
  for (const [what, schema, value] of [
    ['The tag vocabulary', TagVocabulary, tags],
    ['The concepts of the tags', ConceptVocabulary, concepts],
    ['An enterprise the entries name', EnterpriseList, enterprises],
    ['The manifest (this enterprise’s name, the recipient or the selection)', Manifest, manifest],
  ] as const) {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw unreadable(what, parsed.error.issues[0]);
  }
}

/** Records deflated to measure how well an export's records compress: enough to judge, cheap next to the export. */
const ESTIMATE_SAMPLE_RECORDS = 64;
/** What each file costs the zip besides its data: a local header (30 bytes) and a central directory record (46), each with the name. */
const zipEntryBytes = (name: string): number => 76 + 2 * Buffer.byteLength(name);
/** The end of the central directory, the signature file, and the manifest's fixed fields (producer, key, counts). */
const FIXED_BYTES = 22 + zipEntryBytes(SIGNATURE_FILE) + 64 + zipEntryBytes(MANIFEST_FILE) + 700;

/** About how many bytes an attachment takes in the bundle: as it is when export stores it, else its sample's deflated share. */
function attachmentEstimate(file: string, size: number): number {
  if (size >= COMPRESS_BELOW || size === 0) return size;
  let sample: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES * 16));
      fs.readSync(fd, sample, 0, sample.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return size;
  }
  if (!worthDeflating(sample)) return size;
  return Math.ceil(size * (zlib.deflateRawSync(sample, { level: DEFLATE_LEVEL }).length / sample.length));
}

/**
 * The counts and the size of an export before anything is written. The size is that of the
 * bundle file: records as a sample of them deflates, attachments as export stores or
 * deflates them (judged from their first bytes), the manifest's file list, and the zip's
 * own headers — within a few per cent of the written file, where the sum of uncompressed
 * sizes was several times too large.
 */
export function estimateExport(catalogue: Catalogue, options: Omit<ExportOptions, 'out'>): z.infer<typeof ExportEstimate> {
  const { records, bytesById, blobs } = collectExport(catalogue, options);
  const recordBytesList = records.map((r) => bytesById.get(r.id) as Buffer);
  let raw = 0;
  for (const b of recordBytesList) raw += b.length;
  let sampledRaw = 0;
  let sampledDeflated = 0;
  const step = Math.max(1, Math.floor(recordBytesList.length / ESTIMATE_SAMPLE_RECORDS));
  for (let i = 0; i < recordBytesList.length; i += step) {
    const bytes = recordBytesList[i] as Buffer;
    sampledRaw += bytes.length;
    sampledDeflated += zlib.deflateRawSync(bytes, { level: DEFLATE_LEVEL }).length;
  }
  let bytes = FIXED_BYTES + (sampledRaw === 0 ? 0 : Math.ceil((raw * sampledDeflated) / sampledRaw));
  const files: { path: string; sha256: string; size: number }[] = records.map((r, i) => {
    const data = recordBytesList[i] as Buffer;
    return { path: `entries/${r.id}.json`, sha256: sha256(data), size: data.length };
  });
  for (const [hash, size] of blobs) {
    files.push({ path: `attachments/${hash}`, sha256: hash, size });
    bytes += attachmentEstimate(catalogue.blobs.pathOf(hash), size);
  }
  const mode = options.sinceLast ? 'delta' : options.selection.mode;
  const vocabulary = vocabularyFor(catalogue, records, mode === 'all');
  const concepts = conceptsFor(catalogue, vocabulary);
  for (const [name, value] of [
    [TAGS_FILE, vocabulary],
    [ENTERPRISES_FILE, enterprisesFor(catalogue, records)],
    ...(concepts.length > 0 ? [[CONCEPTS_FILE, concepts] as const] : []),
  ] as const) {
    const data = Buffer.from(canonicalJson(value), 'utf8');
    files.push({ path: name, sha256: sha256(data), size: data.length });
    bytes += zlib.deflateRawSync(data, { level: DEFLATE_LEVEL }).length;
  }
  for (const f of files) bytes += zipEntryBytes(f.path);
  bytes += zlib.deflateRawSync(Buffer.from(JSON.stringify(files, null, 2), 'utf8'), { level: DEFLATE_LEVEL }).length;
  return { entries: records.length, attachments: blobs.size, revisions: records.reduce((n, r) => n + r.history.length, 0), bytes };
}

/**
 * Writes a signed bundle of the selected entries to `out` (via a temporary name, so a
 * failed export leaves no half file) and records it for later delta exports.
 */
export async function exportBundle(catalogue: Catalogue, options: ExportOptions): Promise<ExportResult> {
  const identity = selfIdentity(catalogue, options.enterpriseName);
  const { recipient, records, bytesById, blobs } = collectExport(catalogue, options);
  const mode = options.sinceLast ? 'delta' : options.selection.mode;
  const tags = vocabularyFor(catalogue, records, mode === 'all');
  const enterprises = enterprisesFor(catalogue, records);
  const concepts = conceptsFor(catalogue, tags);
  const tagsBytes = Buffer.from(canonicalJson(tags), 'utf8');
  const enterprisesBytes = Buffer.from(canonicalJson(enterprises), 'utf8');
  // Only a bundle with concepts has the file, so a catalogue without a thesaurus writes what it always wrote.
  const conceptsBytes = concepts.length > 0 ? Buffer.from(canonicalJson(concepts), 'utf8') : null;

  const files: Manifest['files'] = [
    { path: TAGS_FILE, sha256: sha256(tagsBytes), size: tagsBytes.length },
    { path: ENTERPRISES_FILE, sha256: sha256(enterprisesBytes), size: enterprisesBytes.length },
    ...(conceptsBytes ? [{ path: CONCEPTS_FILE, sha256: sha256(conceptsBytes), size: conceptsBytes.length }] : []),
    ...records.map((r) => {
      const bytes = bytesById.get(r.id) as Buffer;
      return { path: `entries/${r.id}.json`, sha256: sha256(bytes), size: bytes.length };
    }),
    ...[...blobs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([hash, size]) => ({ path: `attachments/${hash}`, sha256: hash, size })),
  ];
  const bundleId = newId();
  const createdAt = nowIso();
  const description = `${options.sinceLast ? `changes since the last bundle to ${recipient?.name ?? ''}; ` : ''}${options.selection.description}`;
  const manifest: Manifest = {
    format: FORMAT_NAME,
    formatVersion: FORMAT_VERSION,
    bundleId,
    createdAt,
    producer: {
      enterpriseId: identity.enterprise.id,
      name: identity.enterprise.name,
      keyId: fingerprint(identity.publicKey),
      publicKey: identity.publicKey.toString('base64'),
    },
    recipient,
    selection: { mode, description },
    counts: {
      entries: records.length,
      attachments: blobs.size,
      revisions: records.reduce((n, r) => n + r.history.length, 0),
      adoptions: records.reduce((n, r) => n + r.adoptions.length, 0),
      links: records.reduce((n, r) => n + r.links.length, 0),
      tags: tags.length,
      ...(conceptsBytes ? { concepts: concepts.length } : {}),
    },
    files,
  };
  checkReadable(records, tags, concepts, enterprises, manifest);
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const signature = sign(identity, manifestBytes);

  const out = path.resolve(options.out);
  const temp = `${out}.${process.pid}.partial`;
  const totalBytes = [...blobs.values()].reduce((a, b) => a + b, 0);
  let sent = 0;
  let zip: ZipWriter | null = null;
  try {
    zip = await ZipWriter.create(temp, new Date(createdAt));
    await zip.addBuffer(MANIFEST_FILE, manifestBytes, DEFLATE_LEVEL);
    await zip.addBuffer(SIGNATURE_FILE, signature, null);
    await zip.addBuffer(TAGS_FILE, tagsBytes, DEFLATE_LEVEL);
    await zip.addBuffer(ENTERPRISES_FILE, enterprisesBytes, DEFLATE_LEVEL);
    if (conceptsBytes) await zip.addBuffer(CONCEPTS_FILE, conceptsBytes, DEFLATE_LEVEL);
    for (const r of records) await zip.addBuffer(`entries/${r.id}.json`, bytesById.get(r.id) as Buffer, DEFLATE_LEVEL);
    // Attachments are checked against their names as they go in: a damaged store fails the export.
    for (const [hash, size] of blobs) {
      const name = `attachments/${hash}`;
      if (size < COMPRESS_BELOW) {
        const bytes = await fs.promises.readFile(catalogue.blobs.pathOf(hash));
        if (bytes.length !== size || sha256(bytes) !== hash) throw damaged(hash);
        await zip.addBuffer(name, bytes, worthDeflating(bytes) ? DEFLATE_LEVEL : null);
      } else {
        const digest = crypto.createHash('sha256');
        await zip.addStoredFile(
          name,
          catalogue.blobs.pathOf(hash),
          size,
          (chunk) => {
            digest.update(chunk);
            sent += chunk.length;
            options.progress?.(sent, totalBytes);
          },
          (read) => {
            if (read !== size || digest.digest('hex') !== hash) throw damaged(hash);
          },
        );
        continue;
      }
      sent += size;
      options.progress?.(sent, totalBytes);
    }
    const finishing = zip;
    zip = null;
    await finishing.finish();
    fs.renameSync(temp, out);
  } catch (error) {
    await zip?.abort();
    fs.rmSync(temp, { force: true });
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot write ${out} (${error instanceof Error ? error.message : String(error)}).`);
  }
  options.progress?.(totalBytes, totalBytes);

  catalogue.transaction(() =>
    catalogue.ledger.recordExport({
      id: bundleId,
      recipientId: recipient?.id ?? null,
      recipientName: recipient?.name ?? null,
      createdAt,
      selection: canonicalJson(manifest.selection),
      counts: canonicalJson(manifest.counts),
      entries: recipient ? records.map((r) => ({ entryId: r.id, recordHash: sha256(bytesById.get(r.id) as Buffer) })) : [],
    }),
  );
  return {
    bundle: bundleId,
    file: out,
    producer: { id: identity.enterprise.id, name: identity.enterprise.name, keyId: manifest.producer.keyId },
    recipient,
    selection: description,
    entries: records.length,
    attachments: blobs.size,
    revisions: manifest.counts.revisions,
    bytes: fs.statSync(out).size,
  };
}

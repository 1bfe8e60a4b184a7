// The same-run baseline of bench:exchange (issue #21): what an import of a bundle costs at
// least, with nothing checked. It reads the bundle file whole, lists it with yauzl, inflates
// each file straight from memory (yauzl's per-file streams cost ten times more on 10,000 small
// records, and a baseline slower than it need be would flatter the import), parses every record and
// vocabulary file with JSON.parse (no signature, no SHA-256, no schema, no revision hashes,
// no classification or plan), writes each attachment straight into the catalogue's blob
// folder, and writes the same rows an import of the bundle into an empty catalogue writes,
// through the same repositories, in one transaction with indexing deferred to its end, so
// the real indexer writes the same postings in batches.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import yauzl from 'yauzl';
import type { Catalogue } from '../../electron/app/catalogue.js';
import { newId, nowIso } from '../../electron/core/ids.js';
import { canonicalJson } from '../../electron/core/repos/revisions.js';
import { CONCEPTS_FILE, ENTERPRISES_FILE, MANIFEST_FILE, TAGS_FILE } from '../../electron/exchange/limits.js';
import type { ConceptVocabulary, EnterpriseList, EntryRecord, Manifest, TagVocabulary } from '../../electron/exchange/records.js';
import { bundleConceptGraph } from '../../electron/exchange/apply-bundle.js';
import { applySkos } from '../../electron/exchange/skos-import.js';

/** What the baseline includes and leaves out, printed beside its figure. */
export const BASELINE_SCOPE =
  'the bundle read whole and unzipped from memory (yauzl lists it, zlib inflates), JSON.parse of every record, attachment blobs written to the store, and in one transaction the rows ' +
  '(enterprises, tags, concepts, blobs, entries with authors/tags/codes/attachments, revisions, origins, adoptions, links, bundle, provenance, import log) ' +
  'with indexing deferred to the real indexer; without signature, SHA-256, schema and revision-hash checks, classification, ' +
  'planning, staging, pre-analysis on a worker, or registering the signer key';

export interface BaselineResult {
  entries: number;
  attachments: number;
  /** Seconds spent unzipping, parsing and writing blob files, before the transaction. */
  readSeconds: number;
  /** Seconds of the transaction that writes the rows and the postings. */
  writeSeconds: number;
}

const LOCAL_HEADER = 30;
const STORED = 0;
const DEFLATED = 8;

/** One file's bytes, from the archive held in memory: its data follows its local header's name and extra field. */
function contentOf(archive: Buffer, entry: yauzl.Entry): Buffer {
  const at = entry.relativeOffsetOfLocalHeader;
  const start = at + LOCAL_HEADER + archive.readUInt16LE(at + 26) + archive.readUInt16LE(at + 28);
  const data = archive.subarray(start, start + entry.compressedSize);
  if (entry.compressionMethod === STORED) return data;
  if (entry.compressionMethod === DEFLATED) return zlib.inflateRawSync(data);
  throw new Error(`${entry.fileName} uses compression method ${entry.compressionMethod}`);
}

/** The bundle's files as read without any check: records by archive order, attachments written to `blobDir`. */
async function unzip(
  file: string,
  blobDir: string,
): Promise<{
  manifest: Manifest;
  tags: TagVocabulary;
  enterprises: EnterpriseList;
  concepts: ConceptVocabulary;
  records: EntryRecord[];
  blobs: Map<string, number>;
}> {
  const archive = await fs.promises.readFile(file);
  const zip = await yauzl.fromBufferPromise(archive, { lazyEntries: true });
  let manifest: Manifest | undefined;
  let tags: TagVocabulary = [];
  let enterprises: EnterpriseList = [];
  let concepts: ConceptVocabulary = [];
  const records: EntryRecord[] = [];
  const blobs = new Map<string, number>();
  try {
    for await (const entry of zip.eachEntry()) {
      const name = entry.fileName;
      if (name.startsWith('attachments/')) {
        const sha = name.slice('attachments/'.length);
        fs.writeFileSync(path.join(blobDir, sha), contentOf(archive, entry));
        blobs.set(sha, entry.uncompressedSize);
      } else if (name.startsWith('entries/')) {
        records.push(JSON.parse(contentOf(archive, entry).toString('utf8')) as EntryRecord);
      } else if (name === MANIFEST_FILE) {
        manifest = JSON.parse(contentOf(archive, entry).toString('utf8')) as Manifest;
      } else if (name === TAGS_FILE) {
        tags = JSON.parse(contentOf(archive, entry).toString('utf8')) as TagVocabulary;
      } else if (name === ENTERPRISES_FILE) {
        enterprises = JSON.parse(contentOf(archive, entry).toString('utf8')) as EnterpriseList;
      } else if (name === CONCEPTS_FILE) {
        concepts = JSON.parse(contentOf(archive, entry).toString('utf8')) as ConceptVocabulary;
      }
      // manifest.sig is not read: nothing is verified.
    }
  } finally {
    zip.close();
  }
  if (!manifest) throw new Error(`${file} has no ${MANIFEST_FILE}`);
  return { manifest, tags, enterprises, concepts, records, blobs };
}

/**
 * Writes the bundle into `catalogue`, which must be empty (every record is inserted as new,
 * as an import into an empty catalogue classifies it). Trusts every byte of the bundle.
 */
export async function baselineImport(catalogue: Catalogue, file: string, actor: string | null): Promise<BaselineResult> {
  const t0 = process.hrtime.bigint();
  const { manifest, tags, enterprises, concepts, records, blobs } = await unzip(file, catalogue.blobs.dir);
  const t1 = process.hrtime.bigint();
  const now = nowIso();
  const write = (): void => {
    const known = { tags: new Map<string, string>(), enterprises: new Map<string, string>() };
    for (const e of enterprises) {
      const id = catalogue.enterprises.find(e.id) ?? catalogue.enterprises.create({ id: e.id, name: e.name, place: e.place, industry: e.industry }).id;
      known.enterprises.set(e.name, id);
    }
    const { producer } = manifest;
    const sourceId =
      catalogue.enterprises.find(producer.enterpriseId) ??
      catalogue.enterprises.create({ id: producer.enterpriseId, name: producer.name, place: '', industry: '' }).id;
    const lookup = catalogue.tags.lookup();
    const localPath = new Map<string, string>();
    for (const t of tags) {
      const made = lookup.ensure(t.path);
      if (made.created) lookup.addSynonyms(made.id, t.synonyms);
      const local = lookup.pathOf(made.id);
      localPath.set(t.path, local);
      known.tags.set(local, made.id);
    }
    // The concepts as the import applies them: through the SKOS import, tags named as they were mapped.
    if (concepts.length > 0 && catalogue.concepts) {
      applySkos(
        catalogue,
        bundleConceptGraph(concepts, (p) => localPath.get(p) ?? p),
      );
    }
    for (const [sha, size] of blobs) catalogue.blobs.record(sha, size);
    for (const record of records) {
      let number = 0;
      for (const revision of record.history) {
        number += 1;
        catalogue.revisionRepo.recordImported({
          entryId: record.id,
          number,
          at: now,
          author: actor,
          changed: revision.changed,
          // The bundle's own content hash is taken as it is: nothing is checked.
          canonical: { text: canonicalJson(revision.snapshot), hash: revision.contentHash },
          sourceId,
          claimed: canonicalJson({ action: revision.action, at: revision.at, author: revision.author, number: revision.number }),
        });
      }
      catalogue.entryRepo.write(record.id, record.state, { createdAt: record.createdAt, updatedAt: record.updatedAt, revision: number }, true, known);
      catalogue.ledger.recordOrigin(record.id, sourceId);
      for (const a of record.adoptions) {
        catalogue.relations.addAdoption({ id: a.id, entryId: record.id, enterpriseId: a.enterprise.id, date: a.date, note: a.note, effects: a.effects });
      }
    }
    for (const record of records) for (const link of record.links) if (link.to !== record.id) catalogue.relations.addLink(record.id, link.to, link.type);
    const counts = canonicalJson({ new: records.length, attachments: blobs.size });
    catalogue.ledger.recordBundle({
      id: manifest.bundleId,
      producerBundleId: manifest.bundleId,
      producerId: sourceId,
      producerName: producer.name,
      createdAt: manifest.createdAt,
      receivedAt: now,
      counts,
    });
    for (const record of records) catalogue.ledger.addProvenance(record.id, manifest.bundleId);
    catalogue.ledger.recordImport({
      id: newId(),
      bundleId: manifest.bundleId,
      producerName: producer.name,
      at: now,
      actor,
      signature: 'trusted-on-import',
      counts,
    });
  };
  const indexer = catalogue.searchIndexer;
  catalogue.transaction(() => (indexer ? indexer.deferring(write) : write()));
  const t2 = process.hrtime.bigint();
  return { entries: records.length, attachments: blobs.size, readSeconds: Number(t1 - t0) / 1e9, writeSeconds: Number(t2 - t1) / 1e9 };
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../shared/errors.js';
import type { ConflictChoice, ImportReport } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import { applyBundle, attachmentTypes, emptyCounts, neededBlobs, NothingChanged, plan, type ApplyCounts, type Planned } from './apply-bundle.js';
import { isAlive, sweepOrphanBlobs } from './blob-sweep.js';
import { Classifier } from './classify.js';
import type { BundleLimits } from './limits.js';
import { PreAnalysis } from '../search/pre-analysis.js';
import { BundleReader, stagingError } from './read-bundle.js';
import { planConcepts, skosConceptOf } from './skos-import.js';
import type { EntryRecord, Manifest } from './records.js';
import { prospectiveSigner } from './signer.js';
import { StagingFailed } from './staging-writer.js';

/** Staging lives inside the catalogue folder so staged files reach the store by rename, on one file system. */
export const STAGING_DIR = '.staging';

export interface ImportOptions {
  dryRun: boolean;
  onConflict: ConflictChoice;
  resolutions?: Readonly<Record<string, ConflictChoice>>;
  /**
   * Accept a signer whose key is not registered. An import registers the key; a preview
   * only reads the entries (without it, a preview of an unknown signer reads the manifest alone).
   */
  trust: boolean;
  actor: string | null;
  limits?: Partial<BundleLimits>;
  progress?: (event: { task: string; done: number; total: number }) => void;
}

export type { ImportReport };

/** Removes staging folders left by imports whose process died (killed mid-import). */
function sweepStaging(root: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || !isAlive(pid)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty (another import is staging) or already gone
  }
}

type ReportBase = Omit<ImportReport, 'message'>;

function message(report: ReportBase): string {
  if (!report.entriesRead) {
    const { announced } = report;
    return `Bundle ${report.bundle} says it comes from ${report.producer} and is signed with key ${report.keyId}, which is not registered here. It announces ${announced.entries} entries and ${announced.attachments} attachments; nothing beyond its manifest was read. Confirm the key id with the sender, then trust the key to see the entries.`;
  }
  const parts = [`${report.new} new`, `${report.identical} identical`, `${report.updated} updated`, `${report.older} older`, `${report.conflicts} conflicts`];
  if (report.dryRun) return `Preview of bundle ${report.bundle} from ${report.producer} (${report.signature}): ${parts.join(', ')}; nothing was written.`;
  if (!report.changed) return `Bundle ${report.bundle} was already imported; nothing changed.`;
  return `Imported bundle ${report.bundle} from ${report.producer}: ${parts.join(', ')}; ${report.attachments} attachments, ${report.tagsCreated.length} new tags.`;
}

const NO_COUNTS: ApplyCounts = emptyCounts();

function buildReport(
  catalogue: Catalogue,
  reader: BundleReader,
  planned: readonly Planned[],
  counts: ApplyCounts,
  flags: { dryRun: boolean; alreadyImported: boolean; changed: boolean; entriesRead: boolean },
): ImportReport {
  const { manifest } = reader;
  // After a trusted import the signer is registered: the report names it as this catalogue does.
  const signer = reader.signer ?? (flags.changed ? registeredSigner(catalogue, manifest) : null);
  const base: ReportBase = {
    bundle: manifest.bundleId,
    producer: signer?.name ?? manifest.producer.name,
    producerId: signer?.id ?? manifest.producer.enterpriseId,
    claimedProducer: manifest.producer.name,
    keyId: manifest.producer.keyId,
    signature: reader.signature,
    createdAt: manifest.createdAt,
    selection: manifest.selection.description,
    ...flags,
    ...counts,
    entries: planned.map((p) => ({ id: p.id, title: p.title, class: p.class, reason: p.reason, resolution: p.resolution, localId: p.targetId })),
    announced: manifest.counts,
    attachmentTypes: attachmentTypes(planned),
  };
  return { ...base, message: message(base) };
}

function registeredSigner(catalogue: Catalogue, manifest: Manifest): { id: string; name: string } | null {
  return catalogue.ledger.keyHolder(manifest.producer.publicKey) ?? null;
}

/** What a preview expects phase 2 to do, counted the same way phase 2 counts. */
function predictedCounts(catalogue: Catalogue, planned: readonly Planned[]): ApplyCounts {
  const count = (f: (p: Planned) => boolean): number => planned.filter(f).length;
  return {
    new: count((p) => p.class === 'new'),
    identical: count((p) => p.class === 'identical'),
    updated: count((p) => p.class === 'newer'),
    older: count((p) => p.class === 'older'),
    conflicts: count((p) => p.class === 'conflict'),
    keptLocal: count((p) => p.resolution === 'keep-local'),
    tookIncoming: count((p) => p.resolution === 'take-incoming'),
    keptBoth: count((p) => p.resolution === 'keep-both'),
    attachments: [...neededBlobs(planned)].filter((sha) => !catalogue.blobs.has(sha)).length,
    adoptions: 0,
    links: 0,
    tagsCreated: [],
  };
}

/** Whether the signer already delivered this very bundle (a bundle id is unique only per producer). */
function receivedBefore(catalogue: Catalogue, signerId: string | undefined, bundleId: string): boolean {
  if (signerId === undefined) return false;
  return catalogue.ledger.receivedBundle(signerId, bundleId) !== undefined;
}

/** From this many entries on, an import has their texts analysed on a worker thread while it verifies the bundle. */
const PRE_ANALYSIS_ENTRIES = 500;
/** Text sent to the worker at most: its answers are held until the transaction, so they are bounded like the records are. */
const PRE_ANALYSIS_CHARACTERS = 32 * 1024 * 1024;
/**
 * Records phase 1 keeps for phase 2, in bytes of their files: reading a record again costs
 * about as much as reading it the first time, so a bundle of usual size is read once (the
 * 10,000 records of the benchmark, 61 MiB, take about 100 MB held), and a larger one keeps
 * memory bounded by this while the rest is read again.
 */
const HELD_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * Imports (or with dryRun, previews) a bundle. The manifest and the signer come first: an
 * unknown signer's bundle is refused (or, in a preview, described from its manifest) before
 * any other file is read, unless the person chose to trust it. Then phase 1 verifies every
 * record one at a time, keeping only a small plan of each, and stages the attachments that
 * plan needs, without touching the catalogue; phase 2 places the blobs and applies all
 * records, read again one at a time, in one transaction. Staging is removed whatever happens.
 */
export async function importBundle(catalogue: Catalogue, file: string, options: ImportOptions): Promise<ImportReport> {
  const root = path.join(catalogue.dir, STAGING_DIR);
  sweepStaging(root);
  if (!options.dryRun) sweepOrphanBlobs(catalogue, root);
  const reader = await BundleReader.open(catalogue, file, options.limits);
  let analysis: PreAnalysis | null = null;
  let stageDir: string | null = null;
  try {
    const { manifest } = reader;
    if (reader.signature === 'unknown-signer' && !options.trust) {
      if (options.dryRun) return buildReport(catalogue, reader, [], NO_COUNTS, { dryRun: true, alreadyImported: false, changed: false, entriesRead: false });
      throw new RatioError(
        'BUNDLE_UNTRUSTED',
        `The bundle is signed by ${manifest.producer.name} with key ${manifest.producer.keyId}, which is not registered here; confirm the key id with the sender, then import with --trust or run "ratio trust" first.`,
      );
    }
    const total = manifest.files.length;
    let done = 0;
    const progress = (): void => {
      done += 1;
      options.progress?.({ task: 'Verifying the bundle', done, total });
    };
    const vocabulary = await reader.readVocabulary();
    progress();
    progress();

    const signerId = reader.signer?.id ?? prospectiveSigner(catalogue, manifest);
    const classifier = new Classifier(catalogue, signerId);
    const order = new Map(reader.entryPaths.map((p, i) => [p, i]));
    const planned: Planned[] = [];
    const analyse = !options.dryRun && catalogue.searchIndexer !== undefined && manifest.counts.entries >= PRE_ANALYSIS_ENTRIES;
    let analysed = 0;
    const held = new Map<string, EntryRecord>();
    let heldBytes = 0;
    for await (const { path: recordPath, record, size } of reader.records()) {
      const p = plan(record, recordPath, classifier.classify(record), options.onConflict, options.resolutions ?? {});
      planned.push(p);
      const applied = p.action !== 'keep-local' && (p.action !== 'skip' || p.adoptions > 0);
      if (!options.dryRun && applied && heldBytes + size <= HELD_RECORD_BYTES) {
        held.set(recordPath, record);
        heldBytes += size;
      }
      if (analyse && analysed < PRE_ANALYSIS_CHARACTERS) {
        // The texts to index go to a worker thread while verification goes on.
        analysis ??= new PreAnalysis();
        for (const [text, markdown] of [
          [record.state.title, false],
          [record.state.summary, false],
          [record.state.body, true],
        ] as const) {
          analysis.add(text, markdown);
          analysed += text.length;
        }
      }
      progress();
    }
    analysis?.flush();
    planned.sort((a, b) => (order.get(a.path) as number) - (order.get(b.path) as number));
    const alreadyImported = receivedBefore(catalogue, signerId, manifest.bundleId);

    const needed = neededBlobs(planned);
    if (!options.dryRun) {
      stageDir = path.join(root, `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
      try {
        fs.mkdirSync(stageDir, { recursive: true });
      } catch (error) {
        throw stagingError(new StagingFailed(path.join(stageDir, 'x'), error));
      }
    }
    // Every attachment is checked; only those the plan needs and the store lacks are staged.
    const staged = await reader.attachments(stageDir, (sha) => needed.has(sha) && !catalogue.blobs.has(sha), progress);
    if (options.dryRun) {
      const concepts = vocabulary.concepts.length > 0 ? planConcepts(catalogue, vocabulary.concepts.map(skosConceptOf)) : undefined;
      return buildReport(
        catalogue,
        reader,
        planned,
        { ...predictedCounts(catalogue, planned), ...(concepts ? { concepts } : {}) },
        {
          dryRun: true,
          alreadyImported,
          changed: false,
          entriesRead: true,
        },
      );
    }

    // Blob files go into the store before any row refers to them; if the transaction fails
    // the ones placed here are removed again, and a crash leaves only unreferenced files,
    // which the next import sweeps.
    const placed: string[] = [];
    for (const sha of needed) {
      const file = staged.get(sha);
      if (!file || catalogue.blobs.has(sha)) continue;
      if (catalogue.blobs.placeFile(file.file, sha)) placed.push(sha);
    }
    try {
      const apply = (): ApplyCounts =>
        applyBundle(catalogue, reader, vocabulary, planned, {
          trust: options.trust,
          actor: options.actor,
          held,
          progress: (doneEntries, entries) => options.progress?.({ task: 'Importing entries', done: doneEntries, total: entries }),
        });
      const indexer = catalogue.searchIndexer;
      const counts = analysis && indexer ? indexer.withPreAnalysis(analysis, apply) : apply();
      return buildReport(catalogue, reader, planned, counts, { dryRun: false, alreadyImported, changed: true, entriesRead: true });
    } catch (error) {
      for (const sha of placed) if (!catalogue.blobs.has(sha)) fs.rmSync(catalogue.blobs.pathOf(sha), { force: true });
      if (error instanceof NothingChanged) {
        return buildReport(catalogue, reader, planned, predictedCounts(catalogue, planned), {
          dryRun: false,
          alreadyImported: true,
          changed: false,
          entriesRead: true,
        });
      }
      throw error;
    }
  } finally {
    reader.close();
    analysis?.close();
    if (stageDir !== null) fs.rmSync(stageDir, { recursive: true, force: true });
    removeIfEmpty(root);
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../core/catalogue.js';
import { applyBundle, neededBlobs, NothingChanged, plan, type ApplyCounts, type ConflictChoice, type Planned } from './apply-bundle.js';
import { classify, type EntryClass } from './classify.js';
import type { BundleLimits } from './limits.js';
import { PreAnalysis } from '../search/pre-analysis.js';
import { readBundle, type SignatureStatus, type VerifiedBundle } from './read-bundle.js';

/** Staging lives inside the catalogue folder so staged files reach the store by rename, on one file system. */
export const STAGING_DIR = '.staging';

export interface ImportOptions {
  dryRun: boolean;
  onConflict: ConflictChoice;
  resolutions?: Readonly<Record<string, ConflictChoice>>;
  trust: boolean;
  actor: string | null;
  limits?: Partial<BundleLimits>;
  progress?: (event: { task: string; done: number; total: number }) => void;
}

export interface ImportReport extends ApplyCounts {
  bundle: string;
  producer: string;
  producerId: string;
  keyId: string;
  signature: SignatureStatus;
  createdAt: string;
  selection: string;
  dryRun: boolean;
  alreadyImported: boolean;
  /** Whether the catalogue changed. */
  changed: boolean;
  entries: { id: string; title: string; class: EntryClass; resolution: ConflictChoice | null; localId: string }[];
  message: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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

function message(report: Omit<ImportReport, 'message'>): string {
  const parts = [`${report.new} new`, `${report.identical} identical`, `${report.updated} updated`, `${report.older} older`, `${report.conflicts} conflicts`];
  if (report.dryRun) return `Preview of bundle ${report.bundle} from ${report.producer} (${report.signature}): ${parts.join(', ')}; nothing was written.`;
  if (!report.changed) return `Bundle ${report.bundle} was already imported; nothing changed.`;
  return `Imported bundle ${report.bundle} from ${report.producer}: ${parts.join(', ')}; ${report.attachments} attachments, ${report.tagsCreated.length} new tags.`;
}

function buildReport(bundle: VerifiedBundle, planned: readonly Planned[], counts: ApplyCounts, flags: { dryRun: boolean; alreadyImported: boolean; changed: boolean }): ImportReport {
  const { manifest } = bundle;
  const base = {
    bundle: manifest.bundleId,
    producer: manifest.producer.name,
    producerId: manifest.producer.enterpriseId,
    keyId: manifest.producer.keyId,
    signature: bundle.signature,
    createdAt: manifest.createdAt,
    selection: manifest.selection.description,
    ...flags,
    ...counts,
    entries: planned.map((p) => ({ id: p.record.id, title: p.record.state.title, class: p.class, resolution: p.resolution, localId: p.targetId })),
  };
  return { ...base, message: message(base) };
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

/** From this many entries on, an import has their texts analysed on a worker thread while it verifies the bundle. */
const PRE_ANALYSIS_ENTRIES = 500;

/**
 * Imports (or with dryRun, previews) a bundle. Phase 1 verifies everything and stages
 * attachments without touching the catalogue; phase 2 places the blobs and applies all
 * records in one transaction. Staging is removed whatever happens.
 */
export async function importBundle(catalogue: Catalogue, file: string, options: ImportOptions): Promise<ImportReport> {
  const root = path.join(catalogue.dir, STAGING_DIR);
  sweepStaging(root);
  // Made on the first record, if the bundle is big enough (set inside a callback, hence the holder).
  const ahead: { analysis: PreAnalysis | null } = { analysis: null };
  const stageDir = options.dryRun ? null : path.join(root, `${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  try {
    if (stageDir !== null) fs.mkdirSync(stageDir, { recursive: true });
    const bundle = await readBundle(catalogue, file, {
      stageDir,
      limits: options.limits,
      progress: (done, total) => options.progress?.({ task: 'Verifying the bundle', done, total }),
      onRecord: (record, entries) => {
        // The texts to index go to a worker thread while verification goes on.
        if (options.dryRun || !catalogue.searchIndexer || entries < PRE_ANALYSIS_ENTRIES) return;
        const analysis = (ahead.analysis ??= new PreAnalysis());
        analysis.add(record.state.title, false);
        analysis.add(record.state.summary, false);
        analysis.add(record.state.body, true);
      },
    });
    ahead.analysis?.flush();
    const planned = plan(classify(catalogue, bundle.records), options.onConflict, options.resolutions ?? {});
    const alreadyImported = catalogue.db.prepare('SELECT 1 FROM bundles WHERE id = ?').get(bundle.manifest.bundleId) !== undefined;
    if (options.dryRun) return buildReport(bundle, planned, predictedCounts(catalogue, planned), { dryRun: true, alreadyImported, changed: false });
    if (bundle.signature === 'unknown-signer' && !options.trust) {
      const { producer } = bundle.manifest;
      throw new RatioError(
        'BUNDLE_UNTRUSTED',
        `The bundle is signed by ${producer.name} with key ${producer.keyId}, which is not registered here; confirm the key id with the sender, then import with --trust or run "ratio trust" first.`,
      );
    }

    // Blob files go into the store before any row refers to them; if the transaction fails
    // the ones placed here are removed again, and a crash leaves only unreferenced files.
    const placed: string[] = [];
    for (const sha of neededBlobs(planned)) {
      const staged = bundle.staged.get(sha);
      if (!staged || catalogue.blobs.has(sha)) continue;
      if (catalogue.blobs.placeFile(staged.file, sha)) placed.push(sha);
    }
    try {
      const apply = (): ApplyCounts =>
        applyBundle(catalogue, bundle, planned, {
          trust: options.trust,
          actor: options.actor,
          progress: (done, total) => options.progress?.({ task: 'Importing entries', done, total }),
        });
      const indexer = catalogue.searchIndexer;
      const counts = ahead.analysis && indexer ? indexer.withPreAnalysis(ahead.analysis, apply) : apply();
      return buildReport(bundle, planned, counts, { dryRun: false, alreadyImported, changed: true });
    } catch (error) {
      for (const sha of placed) if (!catalogue.blobs.has(sha)) fs.rmSync(catalogue.blobs.pathOf(sha), { force: true });
      if (error instanceof NothingChanged) {
        return buildReport(bundle, planned, predictedCounts(catalogue, planned), { dryRun: false, alreadyImported: true, changed: false });
      }
      throw error;
    }
  } finally {
    ahead.analysis?.close();
    if (stageDir !== null) fs.rmSync(stageDir, { recursive: true, force: true });
    removeIfEmpty(root);
  }
}

import { z } from 'zod';
import { read, write } from './operation.js';
import { Empty } from '../schemas/common.js';
import {
  BundleEntries,
  BundleEntriesRequest,
  BundleEntry,
  BundleEntryRequest,
  CsvExportRequest,
  EstimateExportRequest,
  ExportEstimate,
  Partners,
  RevokeRequest,
  ExportRequest,
  ExportResult,
  FlatExportResult,
  FlatImportRequest,
  FlatImportResult,
  ImportLog,
  ImportReport,
  ImportRequest,
  KeysRequest,
  KeysResult,
  MarkdownExportRequest,
  PreviewImportRequest,
  TrustRequest,
  TrustResult,
} from '../schemas/exchange.js';

/**
 * Signed bundles between enterprises, keys and trust, and the CSV and Markdown formats
 * librarians use. Paths in these requests are local paths the user chose.
 */
export const exchangeOperations = {
  /** The catalogue's own enterprise and signing key, made on first use. */
  'exchange.keys': write(KeysRequest, KeysResult),
  'exchange.trust': write(TrustRequest, TrustResult),
  /** Writes a bundle; records it so a later delta export to the same recipient sends only changes. */
  'exchange.export': write(ExportRequest, ExportResult),
  /** Verifies a bundle and classifies every entry; writes nothing. */
  'exchange.previewImport': read(PreviewImportRequest, ImportReport),
  'exchange.import': write(ImportRequest, ImportReport),
  'exchange.imports': read(Empty, ImportLog),
  'exchange.exportCsv': read(CsvExportRequest, FlatExportResult),
  'exchange.importCsv': write(FlatImportRequest, FlatImportResult),
  'exchange.exportMarkdown': read(MarkdownExportRequest, FlatExportResult),
  'exchange.importMarkdown': write(FlatImportRequest, FlatImportResult),
  /** Counts and size of an export before it is written. */
  'exchange.estimateExport': read(EstimateExportRequest, ExportEstimate),
  /** Enterprises with their key fingerprints and how many bundles went each way. */
  'exchange.partners': read(Empty, Partners),
  /** Forgets an enterprise's registered key: its bundles then need explicit trust again. */
  'exchange.revoke': write(RevokeRequest, z.object({ ok: z.literal(true) })),
  /** An incoming entry of a bundle and its local counterpart (verifies the bundle; writes nothing). */
  'exchange.bundleEntry': read(BundleEntryRequest, BundleEntry),
  /** The entries that arrived in a bundle. */
  'exchange.bundleEntries': read(BundleEntriesRequest, BundleEntries),
} as const;

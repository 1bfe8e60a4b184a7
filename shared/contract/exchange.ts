import { read, write } from './operation.js';
import { Empty } from '../schemas/common.js';
import {
  CsvExportRequest,
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
} as const;

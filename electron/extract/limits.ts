/** Bounds on reading one file; the pool passes them to each worker job. */
export interface ExtractLimits {
  /** Wall-clock time per file before its worker is stopped. */
  timeMs: number;
  /** Pages per file; a longer PDF is too large. */
  maxPages: number;
  /** Pixels per image (from its header, before decoding). */
  maxPixels: number;
  /** Bytes of one file; a bigger file is not read at all. */
  maxBytes: number;
  /** Bytes a zip (DOCX, ODT) or a PDF's compressed streams may inflate to, all together. */
  maxInflated: number;
  /** Characters of text kept per page (a page of text rarely has 20,000). */
  maxPageChars: number;
  /** Old-generation heap of each worker, MB. */
  workerHeapMb: number;
}

export const DEFAULT_LIMITS: ExtractLimits = {
  timeMs: 60_000,
  maxPages: 2_000,
  maxPixels: 50_000_000,
  maxBytes: 512 * 1024 * 1024,
  maxInflated: 256 * 1024 * 1024,
  maxPageChars: 200_000,
  workerHeapMb: 512,
};

/**
 * The reader's version: stored with each file's text, and raised whenever a change to the
 * readers would read some file differently, so those files are read again (lazily).
 */
export const EXTRACTOR_VERSION = 1;

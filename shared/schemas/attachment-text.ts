import { z } from 'zod';

/**
 * Where reading one attached file's text stands. `queued` and `reading` are transient;
 * the others are final for the extractor version that reached them.
 */
export const ExtractionState = z.enum(['queued', 'reading', 'done', 'failed', 'unsupported', 'too-large']);
export type ExtractionState = z.infer<typeof ExtractionState>;

/** The final states other than done; each comes with a reason. */
export const ProblemState = z.enum(['failed', 'unsupported', 'too-large']);
export type ProblemState = z.infer<typeof ProblemState>;

/** How a page's text was obtained: from the file's own text layer, or by OCR of its image. */
export const PageMethod = z.enum(['text', 'ocr']);
export type PageMethod = z.infer<typeof PageMethod>;

/** Sha-256 of a stored blob, lower-case hex. */
export const BlobHash = z.string().regex(/^[0-9a-f]{64}$/, 'Not an attachment hash.');

/** One page of extracted text (page 1 for formats without pages). */
export const PageText = z
  .object({
    page: z.number().int().min(1),
    text: z.string(),
    method: PageMethod,
    /** Tesseract's mean word confidence, 0–100; null for text-layer pages. */
    confidence: z.number().min(0).max(100).nullable(),
    /** Languages the page was read in, as Tesseract names them ("eng+rus"); null when not OCR. */
    language: z.string().max(100).nullable(),
  })
  .strict();
export type PageText = z.infer<typeof PageText>;

/** The state of one blob's text: what it is, how far reading got, and why it stopped. */
export const AttachmentTextStatus = z
  .object({
    sha256: BlobHash,
    state: ExtractionState,
    /** Why it failed or is unsupported; null otherwise. */
    error: z.string().nullable(),
    /** The media type sniffed from the content (not from the name); null before sniffing. */
    detectedType: z.string().nullable(),
    /** Pages in the file when known. */
    pages: z.number().int().min(0).nullable(),
    /** Pages read so far (progress while reading; equals pages when done). */
    pagesDone: z.number().int().min(0),
    extractorVersion: z.number().int().min(0),
    updatedAt: z.string(),
  })
  .strict();
export type AttachmentTextStatus = z.infer<typeof AttachmentTextStatus>;

/** Blob counts per state, across the catalogue. */
export const ExtractionCounts = z.record(ExtractionState, z.number().int().min(0));
export type ExtractionCounts = z.infer<typeof ExtractionCounts>;

/** A file that could not be read, with the entries and names it is attached under. */
export const ExtractionProblem = z
  .object({
    sha256: BlobHash,
    state: ProblemState,
    error: z.string().nullable(),
    detectedType: z.string().nullable(),
    attachments: z.array(z.object({ entryId: z.string().min(1), name: z.string() }).strict()),
  })
  .strict();
export type ExtractionProblem = z.infer<typeof ExtractionProblem>;

import { z } from 'zod';
import { read, write } from './operation.js';
import { Id } from '../schemas/common.js';
import { AttachmentTextStatus, BlobHash, ExtractionCounts, ExtractionProblem, PageText } from '../schemas/attachment-text.js';

const ExtractRequest = z
  .object({
    /** One entry's files; without it, `all` must say every attached file. */
    entryId: Id.optional(),
    all: z.boolean().default(false),
    /** Reads again even files this reader version has read. */
    force: z.boolean().default(false),
    /** Waits until the queue is empty, reporting progress; false: returns once queued. */
    wait: z.boolean().default(true),
  })
  .strict()
  .refine((r) => r.entryId !== undefined || r.all, { message: 'Name an entry or ask for all attachments.' });

const StatusResponse = z
  .object({
    counts: ExtractionCounts,
    /** Attached files never queued (attached before extraction existed). */
    unqueued: z.number().int().min(0),
    problems: z.array(ExtractionProblem),
  })
  .strict();

/** Reading the text of attached files: queueing it, its state, and the text read. */
export const attachmentTextOperations = {
  /** Queues files for reading (an entry's, or every file without text from this reader); with wait, reads them, reporting progress. */
  'attachments.extract': write(ExtractRequest, z.object({ queued: z.number().int().min(0), counts: ExtractionCounts }).strict()),
  /** Files per extraction state, and the files that could not be read with the reason. */
  'attachments.status': read(z.object({ problems: z.number().int().min(0).max(10_000).default(100) }).strict(), StatusResponse),
  /** One file's extraction state and its text, page by page. */
  'attachments.text': read(z.object({ sha256: BlobHash }).strict(), z.object({ status: AttachmentTextStatus.nullable(), pages: z.array(PageText) }).strict()),
};

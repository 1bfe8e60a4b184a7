import type { ProblemState } from '../../shared/schemas/attachment-text.js';
import type { ExtractLimits } from './limits.js';
import type { OcrLanguage } from './ocr.js';
import type { ReadResult } from './read-file.js';

/** What the pool asks a worker: read the file at `path` (the blob store's), within `limits`. */
export interface WorkerJob {
  id: number;
  path: string;
  name: string;
  languages: OcrLanguage[];
  limits: ExtractLimits;
}

export type WorkerReply =
  | { id: number; kind: 'progress'; done: number; total: number | null; detectedType: string }
  | { id: number; kind: 'done'; result: ReadResult; peakMemory: number }
  | { id: number; kind: 'problem'; state: ProblemState; error: string; detectedType: string | null; peakMemory: number };

export interface WorkerSetup {
  tessdataDir: string;
  /** Tests switch OCR off to keep workers light. */
  ocr: boolean;
}

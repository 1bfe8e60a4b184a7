import type { ProblemState } from '../../shared/schemas/attachment-text.js';

/** Why a file could not be read, and which final state that puts it in. */
export class ExtractError extends Error {
  constructor(
    readonly state: ProblemState,
    message: string,
    /** The type sniffed before the reader gave up, when known. */
    public detectedType: string | null = null,
  ) {
    super(message);
    this.name = 'ExtractError';
  }
}

import fs from 'node:fs';
import path from 'node:path';
import type { RequestOf } from '../../shared/contract/index.js';
import type { EntryKind, EntryStatus } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';

/** Reads a file named on the command line, relative to the working folder. */
export function readFileArg(file: string, cwd: string): Buffer {
  const full = path.resolve(cwd, file);
  try {
    return fs.readFileSync(full);
  } catch (error) {
    const reason = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
    throw new RatioError('FILE_ERROR', `Cannot read ${file} (${reason}).`);
  }
}

/** Parses a numeric option; absent gives null, anything not a finite number is refused by name. */
export function numberArg(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new RatioError('INVALID_INPUT', `--${name} must be a number, not "${value}".`);
  return n;
}

/** Commander's way to gather a repeatable option into a list. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The filter options `ratio search` and `ratio bulk` both take. */
export interface FilterFlags {
  kind?: string[];
  status?: string[];
  tag?: string[];
  enterprise?: string;
  class?: string[];
  language?: string[];
  from?: string;
  to?: string;
  attachments?: boolean;
  adoptedBy?: string;
}

/** The filters of a search request, as `ratio search` and `ratio bulk` send them. */
type Filters = NonNullable<RequestOf<'search.query'>['filters']>;

/** The search filters the options give; an option not given leaves its filter undefined. */
export function filtersOf(flags: FilterFlags): Filters {
  return {
    kind: flags.kind as EntryKind[] | undefined,
    status: flags.status as EntryStatus[] | undefined,
    tags: flags.tag,
    enterprise: flags.enterprise,
    classification: flags.class,
    language: flags.language,
    yearFrom: numberArg('from', flags.from) ?? undefined,
    yearTo: numberArg('to', flags.to) ?? undefined,
    hasAttachments: flags.attachments ? true : undefined,
    adoptedBy: flags.adoptedBy,
  };
}

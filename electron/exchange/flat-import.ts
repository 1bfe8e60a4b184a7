import { type z } from 'zod';
import { RatioError } from '../../shared/errors.js';
import { EntryCreate, EntryPatch, snapshotOf, type Entry } from '../../shared/schemas/entry.js';
import type { Catalogue } from '../core/catalogue.js';
import { canonicalJson } from '../core/repos/revisions.js';

/** The fields CSV and Markdown carry, as one importer sees them. */
export const FLAT_FIELDS = ['kind', 'title', 'summary', 'body', 'status', 'language', 'enterprise', 'registration', 'authors', 'tags', 'classification'] as const;

export function describeZod(error: z.ZodError, where: string): RatioError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return new RatioError('INVALID_INPUT', `${where}: ${field}${issue?.message ?? 'not valid'}`.replace(/([^.])$/, '$1.'));
}

/**
 * Creates the entry, or when its id exists changes only the fields that differ (one
 * revision, or none when nothing changed). Returns what happened.
 */
export function upsertFlat(catalogue: Catalogue, input: Record<string, unknown>, where: string): { entry: Entry; outcome: 'created' | 'updated' | 'unchanged' } {
  const id = typeof input.id === 'string' && input.id.length > 0 ? input.id : undefined;
  if (id !== undefined && catalogue.entryRepo.exists(id)) {
    const current = catalogue.entryRepo.get(id);
    const fields = Object.fromEntries(FLAT_FIELDS.filter((f) => input[f] !== undefined).map((f) => [f, input[f]]));
    const parsed = EntryPatch.safeParse(fields);
    if (!parsed.success) throw describeZod(parsed.error, where);
    const before = snapshotOf(current);
    const changed = Object.fromEntries(
      Object.entries(parsed.data).filter(([key, value]) => canonicalJson(value) !== canonicalJson(before[key as keyof typeof before])),
    );
    if (Object.keys(changed).length === 0) return { entry: current, outcome: 'unchanged' };
    const entry = catalogue.entryService.update(id, changed);
    return { entry, outcome: entry.revision === current.revision ? 'unchanged' : 'updated' };
  }
  const parsed = EntryCreate.safeParse({ ...input, id });
  if (!parsed.success) throw describeZod(parsed.error, where);
  return { entry: catalogue.entryService.create(parsed.data), outcome: 'created' };
}

import type { EntryKind, EntryStatus } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../core/catalogue.js';

export interface SelectionInput {
  ids?: string[] | undefined;
  tag?: string | undefined;
  kind?: EntryKind | undefined;
  status?: EntryStatus | undefined;
  enterprise?: string | undefined;
}

export interface Selection extends SelectionInput {
  mode: 'all' | 'filter' | 'ids';
  description: string;
}

/** Names what an export or listing covers, for the manifest and the report. */
export function describeSelection(input: SelectionInput): Selection {
  if (input.ids && input.ids.length > 0) return { ...input, mode: 'ids', description: `${input.ids.length} chosen entries` };
  const parts: string[] = [];
  if (input.kind) parts.push(`kind ${input.kind}`);
  if (input.status) parts.push(`status ${input.status}`);
  if (input.tag) parts.push(`tag ${input.tag}`);
  if (input.enterprise) parts.push(`enterprise ${input.enterprise}`);
  return parts.length === 0 ? { ...input, mode: 'all', description: 'every entry' } : { ...input, mode: 'filter', description: `entries with ${parts.join(', ')}` };
}

/** Ids of the entries a selection covers, oldest first so bundles list entries stably. */
export function selectEntryIds(catalogue: Catalogue, selection: SelectionInput): string[] {
  if (selection.ids && selection.ids.length > 0) {
    for (const id of selection.ids) if (!catalogue.entryRepo.exists(id)) throw new RatioError('NOT_FOUND', `There is no entry with id ${id}.`);
    return [...new Set(selection.ids)];
  }
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (selection.kind) {
    where.push('kind = @kind');
    params.kind = selection.kind;
  }
  if (selection.status) {
    where.push('status = @status');
    params.status = selection.status;
  }
  if (selection.enterprise) {
    where.push('enterprise_id = @enterprise');
    params.enterprise = catalogue.enterprises.require(selection.enterprise);
  }
  if (selection.tag) {
    const tagIds = catalogue.tags.descendantsAndSelf(catalogue.tags.require(selection.tag));
    where.push('id IN (SELECT entry_id FROM entry_tags WHERE tag_id IN (SELECT value FROM json_each(@tags)))');
    params.tags = JSON.stringify(tagIds);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return catalogue.db.prepare(`SELECT id FROM entries ${clause} ORDER BY created_at, id`).pluck().all(params) as string[];
}

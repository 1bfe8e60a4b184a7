import type { z } from 'zod';
import { RatioError } from '../../shared/errors.js';
import type { ExportSelection } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import { savedSearchEntryIds } from '../app/selection.js';

/** Which entries an export or listing covers, as the contract's requests give it. */
export type SelectionInput = z.infer<typeof ExportSelection>;

export interface Selection extends SelectionInput {
  mode: 'all' | 'filter' | 'ids';
  description: string;
}

/** Names what an export or listing covers, for the manifest and the report. */
export function describeSelection(input: SelectionInput): Selection {
  if (input.ids && input.ids.length > 0) return { ...input, mode: 'ids', description: `${input.ids.length} chosen entries` };
  if (input.savedSearch !== undefined) return { ...input, mode: 'filter', description: 'the entries of a saved search' };
  const parts: string[] = [];
  if (input.kind) parts.push(`kind ${input.kind}`);
  if (input.status) parts.push(`status ${input.status}`);
  if (input.tag) parts.push(`tag ${input.tag}`);
  if (input.enterprise) parts.push(`enterprise ${input.enterprise}`);
  return parts.length === 0
    ? { ...input, mode: 'all', description: 'every entry' }
    : { ...input, mode: 'filter', description: `entries with ${parts.join(', ')}` };
}

/** Ids of the entries a selection covers, oldest first so bundles list entries stably. */
export function selectEntryIds(catalogue: Catalogue, selection: SelectionInput): string[] {
  if (selection.ids && selection.ids.length > 0) {
    for (const id of selection.ids) if (!catalogue.entryRepo.exists(id)) throw new RatioError('NOT_FOUND', `There is no entry with id ${id}.`);
    return [...new Set(selection.ids)];
  }
  if (selection.savedSearch !== undefined) return savedSearchEntryIds(catalogue, selection.savedSearch);
  return catalogue.entryRepo.ids({
    kind: selection.kind,
    status: selection.status,
    enterpriseId: selection.enterprise === undefined ? undefined : catalogue.enterprises.require(selection.enterprise),
    tagIds: selection.tag === undefined ? undefined : catalogue.tags.descendantsAndSelf(catalogue.tags.require(selection.tag)),
  });
}

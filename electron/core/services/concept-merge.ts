import { RatioError } from '../../../shared/errors.js';
import { displayLabel } from '../../../shared/label-language.js';
import type { CatalogueCore } from '../catalogue.js';
import type { ConceptRepository, MergeCounts } from '../repos/concepts.js';
import type { ConceptMergeUndo, UndoPlan } from '../repos/undo-log.js';

function repository(catalogue: CatalogueCore): ConceptRepository {
  if (!catalogue.concepts) throw new RatioError('INTERNAL', 'This catalogue has no thesaurus.');
  return catalogue.concepts;
}

function nameOf(concepts: ConceptRepository, id: string): string {
  const prefLabels: Record<string, string> = {};
  for (const label of concepts.get(id).labels) if (label.kind === 'pref') prefLabels[label.lang] = label.text;
  return displayLabel(prefLabels) || id;
}

/** What a concept merge moved, and the two concepts' names (for the undo log's words). */
export type ConceptMergeOutcome = MergeCounts & { names: { from: string; into: string } };

/**
 * Merges `from` into `into` (ConceptRepository.merge) and notes in the undo plan both
 * concepts' rows from before and `into`'s from right after, so entries.undo puts both back
 * exactly — labels, notes, URIs, links, codes, suggestions and the tags (and through them
 * the entries) that pointed at each. curation.ts's mergeConcepts records it.
 */
export function mergeConceptsNoting(catalogue: CatalogueCore, plan: UndoPlan, from: string, into: string): ConceptMergeOutcome {
  const concepts = repository(catalogue);
  concepts.require(from);
  concepts.require(into);
  const names = { from: nameOf(concepts, from), into: nameOf(concepts, into) };
  const before = concepts.snapshot([from, into]);
  const moved = concepts.merge(from, into);
  plan.concepts = { from, into, before, after: concepts.snapshot([into]) };
  return { ...moved, names };
}

/**
 * Takes a concept merge back: refused, changing nothing, when the concept kept changed since
 * (a label, link, code, suggestion or tag of it differs from right after the merge) or the
 * merged concept's id or URI is in use again.
 */
export function undoConceptMerge(catalogue: CatalogueCore, merge: ConceptMergeUndo, label: string): void {
  const concepts = repository(catalogue);
  const refuse = (why: string): never => {
    throw new RatioError('CONFLICT', `"${label}" cannot be undone: ${why}; nothing was undone.`);
  };
  if (JSON.stringify(concepts.snapshot([merge.into])) !== JSON.stringify(merge.after)) refuse('the concept it merged into changed after it');
  const merged = merge.before.concepts.find((c) => c.id === merge.from);
  if (concepts.exists(merge.from) || (merged && concepts.byUri(merged.uri) !== undefined)) refuse('another concept now has the merged concept’s id or URI');
  concepts.restoreSnapshot([merge.from, merge.into], merge.before);
}

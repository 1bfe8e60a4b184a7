import type { LabelKind } from '../../shared/schemas/thesaurus.js';

/*
 * The part of SKOS Ratio keeps, as it travels in files and bundles: a concept by its URI,
 * with its labels, scope notes, links to other concepts by URI, IPC codes and the tag
 * paths it stands for (ratio:tagPath). Everything else in a file is ignored.
 */

export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
export const RATIO = 'https://ratio.example.invalid/skos#';

export const SKOS_CONCEPT = `${SKOS}Concept`;
export const SKOS_SCHEME = `${SKOS}ConceptScheme`;
export const RDF_TYPE = `${RDF}type`;
export const LABEL_PREDICATES: Readonly<Record<string, LabelKind>> = {
  [`${SKOS}prefLabel`]: 'pref',
  [`${SKOS}altLabel`]: 'alt',
  [`${SKOS}hiddenLabel`]: 'hidden',
};
export const PREDICATE_OF_KIND: Readonly<Record<LabelKind, string>> = {
  pref: `${SKOS}prefLabel`,
  alt: `${SKOS}altLabel`,
  hidden: `${SKOS}hiddenLabel`,
};
export const SCOPE_NOTE = `${SKOS}scopeNote`;
export const BROADER = `${SKOS}broader`;
export const NARROWER = `${SKOS}narrower`;
export const RELATED = `${SKOS}related`;
export const IPC = `${RATIO}ipc`;
export const TAG_PATH = `${RATIO}tagPath`;

export interface SkosConcept {
  uri: string;
  labels: { lang: string; kind: LabelKind; text: string }[];
  scopeNotes: { lang: string; text: string }[];
  /** URIs of broader concepts (skos:broader, and skos:narrower read the other way). */
  broader: string[];
  related: string[];
  codes: string[];
  tagPaths: string[];
}

/** Something in a file that was not taken as it stood, and why. */
export interface SkosProblem {
  uri: string;
  label?: string;
  reason: string;
}

export function emptyConcept(uri: string): SkosConcept {
  return { uri, labels: [], scopeNotes: [], broader: [], related: [], codes: [], tagPaths: [] };
}

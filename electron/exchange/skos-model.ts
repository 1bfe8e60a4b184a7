import type { ConceptConflict, ConceptConflictCode } from '../../shared/schemas/exchange.js';
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

/** Something in a file that was not taken as it stood, and why (a code the interface words, and English). */
export type SkosProblem = ConceptConflict;

type ProblemParams = Record<string, string | number>;

/** Each code's reason in English, as the CLI prints it; the renderer has its own words for each (thesaurus.conflicts). */
const ENGLISH: Record<ConceptConflictCode, (p: ProblemParams) => string> = {
  'bad-uri': () => 'not a usable concept URI',
  'bad-language': (p) => `language tag "${p.language}" is not valid`,
  'label-too-long': (p) => `label longer than ${p.max} characters`,
  'label-control': () => 'label with control characters',
  'second-pref': (p) => `second preferred label in ${p.lang}; kept as an alternative label`,
  'bad-note': () => 'scope note too long or with control characters',
  'self-link': () => 'linked to itself',
  'not-ipc': () => 'not an IPC code',
  'not-tag-path': () => 'not a tag path',
  'broader-missing': (p) => `broader concept ${p.other} is neither in the file nor in the catalogue`,
  'related-missing': (p) => `related concept ${p.other} is neither in the file nor in the catalogue`,
  'label-kept-apart': (p) => `same preferred label as ${p.other}; kept apart (merge them if they are one)`,
  'label-ambiguous': (p) => `its preferred labels match ${p.count} concepts here; imported as a new concept`,
  'label-new': (p) => `same preferred label as ${p.other}; imported as a new concept (merge them if they are one)`,
  'pref-differs': (p) => `preferred label in ${p.lang} differs from "${p.text}"; added as an alternative label`,
  'note-differs': (p) => `scope note in ${p.lang} differs; the catalogue's is kept`,
  'under-itself': () => 'A concept cannot be put under itself or a concept below it.',
  'tag-ambiguous': () => 'the tag is ambiguous here; give the full path',
  'no-tag': () => 'there is no such tag here',
};

/** A problem by its code; `reason` replaces the English when a refusal's own message says more (which tags a name could be). */
export function skosProblem(uri: string, label: string | undefined, code: ConceptConflictCode, params: ProblemParams = {}, reason?: string): SkosProblem {
  return {
    uri,
    ...(label === undefined ? {} : { label }),
    reason: reason ?? ENGLISH[code](params),
    code,
    ...(Object.keys(params).length === 0 ? {} : { params }),
  };
}

export function emptyConcept(uri: string): SkosConcept {
  return { uri, labels: [], scopeNotes: [], broader: [], related: [], codes: [], tagPaths: [] };
}

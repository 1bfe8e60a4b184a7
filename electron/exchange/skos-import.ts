import fs from 'node:fs';
import { RatioError } from '../../shared/errors.js';
import type { ConceptsImport } from '../../shared/schemas/exchange.js';
import type { SkosFormat, ThesaurusImportReport } from '../../shared/schemas/thesaurus.js';
import type { CatalogueCore } from '../core/catalogue.js';
import type { ConceptRepository } from '../core/repos/concepts.js';
import { readSkos, SKOS_LIMITS, type SkosGraph, type SkosLimits } from './skos-read.js';
import type { ConceptVocabulary } from './records.js';
import { skosProblem, type SkosConcept, type SkosProblem } from './skos-model.js';

/** URIs Ratio makes up for concepts nobody named: a file's URI for the same concept is better. */
const MADE_UP_URI = /^urn:ratio:(tag|concept):/;

/** How an incoming concept found its local one. */
type Match = { id: string; how: 'uri' | 'label' | 'new' };

/** What a tag path leads to: the concept Ratio made for the tag, a tag the import will make (with its own new concept), or neither. */
type TagConceptFinder = (path: string) => { concept: string } | { newTag: true } | undefined;

/** The local concept a tag stands for, when Ratio made it for the tag (so a file may name it better). */
function tagConceptFinder(catalogue: CatalogueCore, concepts: ConceptRepository, tagsWillBeMade = false): TagConceptFinder {
  return (path) => {
    try {
      const tagId = catalogue.tags.find(path);
      if (tagId === undefined && tagsWillBeMade) return { newTag: true };
      const concept = tagId === undefined ? null : concepts.conceptOfTag(tagId);
      return concept !== null && MADE_UP_URI.test(concepts.uriOf(concept)) ? { concept } : undefined;
    } catch (error) {
      if (error instanceof RatioError) return undefined; // an ambiguous single name: reported when the tag is linked
      throw error;
    }
  };
}

/**
 * What importing a bundle's concepts will do, matched as the import matches them, before
 * the bundle's tags are mapped (a tag the import makes brings a new concept); writes nothing.
 */
export function planConcepts(catalogue: CatalogueCore, incoming: readonly SkosConcept[]): ConceptsImport {
  const concepts = catalogue.concepts;
  if (!concepts) return { new: 0, matched: 0, conflicts: [] };
  const conflicts: SkosProblem[] = [];
  const claimed = new Set<string>();
  const tagConcept = tagConceptFinder(catalogue, concepts, true);
  let created = 0;
  for (const c of incoming) {
    const match = matchConcept(concepts, c, claimed, conflicts, tagConcept);
    if (match && match.how !== 'new') claimed.add(match.id);
    else created += 1;
  }
  return { new: created, matched: incoming.length - created, conflicts: conflicts.slice(0, SKOS_LIMITS.maxProblems) };
}

/**
 * Applies a SKOS graph in one transaction. A concept is matched by URI, then by a preferred
 * label (when exactly one local concept has it and its URI is one Ratio made up, the
 * concept takes the file's URI and preferred labels); a concept the file ties to a tag by
 * ratio:tagPath is matched to the concept Ratio made for that tag. Otherwise it is created.
 * Where the catalogue's concept has a real URI, what it says wins: a different preferred
 * label or scope note is kept and the incoming one reported (a label is added as an
 * alternative). Links to unknown concepts, cycles and tag paths without a tag are
 * reported and left out. A URI Ratio made up elsewhere (a partner's tag concept) is
 * never taken over a local one.
 */
export function applySkos(catalogue: CatalogueCore, graph: SkosGraph): ThesaurusImportReport {
  const concepts = requireConcepts(catalogue);
  const conflicts: SkosProblem[] = [...graph.problems];
  const report = { created: 0, updated: 0, unchanged: 0, linkedTags: 0 };
  catalogue.transaction(() => {
    const matched = new Map<string, Match>();
    const claimed = new Set<string>();
    const tagConcept = tagConceptFinder(catalogue, concepts);
    for (const c of graph.concepts) {
      const found = matchConcept(concepts, c, claimed, conflicts, tagConcept);
      const match: Match =
        found && found.how !== 'new' ? found : { id: concepts.create({ uri: c.uri, labels: c.labels, scopeNotes: c.scopeNotes, codes: c.codes }), how: 'new' };
      claimed.add(match.id);
      matched.set(c.uri, match);
    }
    const changed = new Set<string>();
    for (const c of graph.concepts) {
      const { id, how } = matched.get(c.uri) as Match;
      if (how === 'new') continue;
      // A concept found by tag or label had a URI Ratio made up, and labels taken from a tag's
      // name: the file's URI and preferred labels are better (the old labels stay as alternatives).
      const madeUp = how === 'label';
      if (madeUp && concepts.uriOf(id) !== c.uri && !MADE_UP_URI.test(c.uri)) {
        concepts.setUri(id, c.uri);
        changed.add(id);
      }
      if (mergeContent(concepts, id, c, conflicts, madeUp)) changed.add(id);
    }
    const idOf = (uri: string): string | undefined => matched.get(uri)?.id ?? concepts.byUri(uri);
    for (const c of graph.concepts) {
      const { id } = matched.get(c.uri) as Match;
      for (const uri of c.broader) {
        const broader = idOf(uri);
        if (broader === undefined) conflicts.push(skosProblem(c.uri, undefined, 'broader-missing', { other: uri }));
        else if (tryWrite(() => concepts.addBroader(id, broader), c.uri, conflicts)) changed.add(id);
      }
      for (const uri of c.related) {
        const related = idOf(uri);
        if (related === undefined) conflicts.push(skosProblem(c.uri, undefined, 'related-missing', { other: uri }));
        else if (related !== id && concepts.addRelated(id, related)) changed.add(id);
      }
      for (const path of c.tagPaths) {
        const linked = linkTag(catalogue, concepts, id, c.uri, path, conflicts);
        if (linked !== 'no') report.linkedTags += 1;
        if (linked === 'now') changed.add(id);
      }
    }
    for (const { id, how } of matched.values()) {
      if (how === 'new') report.created += 1;
      else if (changed.has(id)) report.updated += 1;
      else report.unchanged += 1;
    }
  });
  return { ...report, conflicts: conflicts.slice(0, SKOS_LIMITS.maxProblems + 1) };
}

function requireConcepts(catalogue: CatalogueCore): ConceptRepository {
  if (!catalogue.concepts) throw new RatioError('INTERNAL', 'This catalogue has no thesaurus.');
  return catalogue.concepts;
}

function matchConcept(
  concepts: ConceptRepository,
  c: SkosConcept,
  claimed: ReadonlySet<string>,
  conflicts: SkosProblem[],
  tagConcept: TagConceptFinder,
): Match | undefined {
  const byUri = concepts.byUri(c.uri);
  if (byUri !== undefined) return { id: byUri, how: 'uri' };
  const candidates = new Set<string>();
  for (const label of c.labels) if (label.kind === 'pref') for (const id of concepts.byPrefLabel(label.lang, label.text)) candidates.add(id);
  const label = c.labels.find((l) => l.kind === 'pref')?.text;
  // A concept the file ties to a tag is that tag's concept, when Ratio made it for the tag;
  // a concept a thesaurus named with the same label may be the same one, which the librarian decides.
  for (const path of c.tagPaths) {
    const found = tagConcept(path);
    if (found === undefined || ('concept' in found && claimed.has(found.concept))) continue;
    const foundId = 'concept' in found ? found.concept : undefined;
    for (const other of candidates) {
      const otherUri = concepts.uriOf(other);
      if (other !== foundId && !MADE_UP_URI.test(otherUri)) {
        conflicts.push(skosProblem(c.uri, label, 'label-kept-apart', { other: otherUri }));
      }
    }
    return foundId === undefined ? { id: '', how: 'new' } : { id: foundId, how: 'label' };
  }
  if (candidates.size === 0) return undefined;
  if (candidates.size > 1) {
    conflicts.push(skosProblem(c.uri, label, 'label-ambiguous', { count: candidates.size }));
    return undefined;
  }
  const [id] = [...candidates] as [string];
  const localUri = concepts.uriOf(id);
  if (!MADE_UP_URI.test(localUri) || claimed.has(id)) {
    conflicts.push(skosProblem(c.uri, label, 'label-new', { other: localUri }));
    return undefined;
  }
  return { id, how: 'label' };
}

/** Adds what the local concept lacks; reports what differs. Returns whether anything changed. */
function mergeContent(concepts: ConceptRepository, id: string, c: SkosConcept, conflicts: SkosProblem[], fileWins: boolean): boolean {
  const local = concepts.get(id);
  let changed = false;
  for (const label of c.labels) {
    const pref = local.labels.find((l) => l.kind === 'pref' && l.lang === label.lang);
    if (label.kind === 'pref' && pref && pref.text !== label.text && !fileWins) {
      conflicts.push(skosProblem(c.uri, label.text, 'pref-differs', { lang: label.lang, text: pref.text }));
      if (concepts.addLabel(id, label.lang, 'alt', label.text)) changed = true;
    } else if (concepts.addLabel(id, label.lang, label.kind, label.text)) changed = true;
  }
  for (const note of c.scopeNotes) {
    const mine = local.scopeNotes.find((n) => n.lang === note.lang);
    if (mine === undefined) {
      concepts.setScopeNote(id, note.lang, note.text);
      changed = true;
    } else if (mine.text !== note.text) conflicts.push(skosProblem(c.uri, undefined, 'note-differs', { lang: note.lang }));
  }
  for (const code of c.codes) if (concepts.addCode(id, code)) changed = true;
  return changed;
}

function tryWrite(write: () => boolean, uri: string, conflicts: SkosProblem[]): boolean {
  try {
    return write();
  } catch (error) {
    if (!(error instanceof RatioError) || error.code !== 'INVALID_INPUT') throw error;
    // A cycle has its code; another refusal (none today) keeps its English message.
    conflicts.push(error.detail?.key === 'core.conceptUnderItself' ? skosProblem(uri, undefined, 'under-itself') : { uri, reason: error.message });
    return false;
  }
}

/**
 * Points the tag at the concept. The concept the tag had, when it was made for that tag
 * alone, is merged into this one, so the tag's synonyms stay labels.
 */
function linkTag(
  catalogue: CatalogueCore,
  concepts: ConceptRepository,
  id: string,
  uri: string,
  path: string,
  conflicts: SkosProblem[],
): 'now' | 'already' | 'no' {
  let tagId: string | undefined;
  try {
    tagId = catalogue.tags.find(path);
  } catch (error) {
    if (!(error instanceof RatioError)) throw error;
    // find() refuses only a name that could be several tags; its message names them.
    conflicts.push(error.code === 'INVALID_INPUT' ? skosProblem(uri, path, 'tag-ambiguous', {}, error.message) : { uri, label: path, reason: error.message });
    return 'no';
  }
  if (tagId === undefined) {
    conflicts.push(skosProblem(uri, path, 'no-tag'));
    return 'no';
  }
  const old = concepts.conceptOfTag(tagId);
  if (old === id) return 'already';
  if (old !== null && concepts.uriOf(old) === `urn:ratio:tag:${tagId}` && concepts.get(old).tags.length === 1) {
    const target = tagId;
    const merged = tryWrite(
      () => {
        concepts.merge(old, id);
        return concepts.conceptOfTag(target) === id;
      },
      uri,
      conflicts,
    );
    return merged ? 'now' : 'no';
  }
  concepts.linkTag(tagId, id);
  return 'now';
}

/** A bundle's concept as the SKOS matching takes it, its tags named as the producer names them. */
export function skosConceptOf(c: ConceptVocabulary[number]): SkosConcept {
  return { uri: c.uri, labels: c.labels, scopeNotes: c.scopeNotes, broader: c.broader, related: c.related, codes: c.codes, tagPaths: c.tags };
}

/** Reads the file (the text given or a path) and applies it. */
export async function importSkos(
  catalogue: CatalogueCore,
  source: { format: SkosFormat; text?: string | undefined; path?: string | undefined },
  limits: SkosLimits = SKOS_LIMITS,
): Promise<ThesaurusImportReport> {
  const text = source.text ?? readBounded(source.path as string, limits.maxBytes);
  return applySkos(catalogue, await readSkos(text, source.format, limits));
}

function readBounded(file: string, maxBytes: number): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new RatioError('FILE_ERROR', `Cannot read the thesaurus file ${file}.`);
  }
  if (size > maxBytes) throw new RatioError('INVALID_INPUT', `The thesaurus file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`);
  return fs.readFileSync(file, 'utf8');
}

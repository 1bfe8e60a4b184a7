import { Parser, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { RatioError } from '../../shared/errors.js';
import { canonicalLanguageTag } from '../../shared/label-language.js';
import { normaliseClassification, TagPath } from '../../shared/schemas/common.js';
import { ConceptUri, MAX_LABEL_LENGTH, MAX_NOTE_LENGTH, MAX_SKOS_BYTES, type SkosFormat } from '../../shared/schemas/thesaurus.js';
import { isMultiLineText, isSingleLineText } from '../../shared/text-rules.js';
import {
  BROADER,
  emptyConcept,
  IPC,
  LABEL_PREDICATES,
  NARROWER,
  RDF_TYPE,
  RELATED,
  SCOPE_NOTE,
  SKOS_CONCEPT,
  SKOS_SCHEME,
  TAG_PATH,
  skosProblem,
  type SkosConcept,
  type SkosProblem,
} from './skos-model.js';

/** Caps on what one SKOS file may make the reader hold; tests lower them. */
export interface SkosLimits {
  maxBytes: number;
  maxTriples: number;
  maxConcepts: number;
  /** Problems reported in full; the rest are counted. */
  maxProblems: number;
}

export const SKOS_LIMITS: SkosLimits = { maxBytes: MAX_SKOS_BYTES, maxTriples: 1_000_000, maxConcepts: 100_000, maxProblems: 1000 };

export interface SkosGraph {
  concepts: SkosConcept[];
  problems: SkosProblem[];
}

const refuse = (message: string): RatioError => new RatioError('INVALID_INPUT', message);

/** Parses the file into triples, refusing it whole when it is too large, malformed or declares entities. */
export async function readTriples(text: string, format: SkosFormat, limits: SkosLimits = SKOS_LIMITS): Promise<Quad[]> {
  if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw refuse(`The thesaurus file is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.`);
  const quads: Quad[] = [];
  const take = (quad: Quad): void => {
    quads.push(quad);
    if (quads.length > limits.maxTriples) throw refuse(`The thesaurus file has more than ${limits.maxTriples.toLocaleString('en')} triples.`);
  };
  if (format === 'turtle') {
    // n3 calls back asynchronously, where a throw would escape: past the bound quads are
    // no longer kept (the size bound caps the work left) and the file is refused at the end.
    let over = false;
    await new Promise<void>((resolve, reject) => {
      new Parser({ format: 'text/turtle' }).parse(text, (error, quad) => {
        if (error) reject(refuse(`The Turtle file could not be read: ${firstLine(error)}`));
        else if (quad) {
          if (quads.length >= limits.maxTriples) over = true;
          else quads.push(quad);
        } else resolve();
      });
    });
    if (over) throw refuse(`The thesaurus file has more than ${limits.maxTriples.toLocaleString('en')} triples.`);
    return quads;
  }
  // sax expands no external entities, but a DOCTYPE can still declare internal ones that
  // multiply (a billion laughs); SKOS files need neither, so either refuses the file.
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw refuse('The RDF/XML file declares a DOCTYPE or entities, which a thesaurus does not need.');
  await new Promise<void>((resolve, reject) => {
    const parser = new RdfXmlParser({ baseIRI: 'urn:ratio:import:' });
    parser.on('data', (quad: Quad) => {
      try {
        take(quad);
      } catch (error) {
        parser.destroy();
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    parser.on('error', (error: unknown) => reject(error instanceof RatioError ? error : refuse(`The RDF/XML file could not be read: ${firstLine(error)}`)));
    parser.on('end', () => resolve());
    parser.write(text);
    parser.end();
  });
  return quads;
}

/** A value as a report may show it: no control or bidirectional characters, at most `max` characters. */
function shown(text: string, max = 80): string {
  return text.replace(/[\p{Cc}\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/gu, ' ').slice(0, max);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return shown(message.split('\n')[0] ?? '', 300);
}

/**
 * The concepts of a SKOS graph: every subject typed skos:Concept, or carrying a SKOS label
 * without being typed a concept scheme (a scheme has labels of its own).
 * A value that breaks a rule (too long, control characters, a bad language tag or code) is
 * left out and reported; links to concepts neither in the file nor here are the importer's to judge.
 */
export function conceptsOf(quads: readonly Quad[], limits: SkosLimits = SKOS_LIMITS): SkosGraph {
  const concepts = new Map<string, SkosConcept>();
  const problems: SkosProblem[] = [];
  let dropped = 0;
  const problem = (p: SkosProblem): void => {
    if (problems.length < limits.maxProblems) problems.push(p);
    else dropped += 1;
  };
  const conceptFor = (uri: string): SkosConcept | undefined => {
    let concept = concepts.get(uri);
    if (!concept) {
      if (concepts.size >= limits.maxConcepts) throw refuse(`The thesaurus file has more than ${limits.maxConcepts.toLocaleString('en')} concepts.`);
      if (!ConceptUri.safeParse(uri).success) {
        problem(skosProblem(shown(uri, 200), undefined, 'bad-uri'));
        return undefined;
      }
      concept = emptyConcept(uri);
      concepts.set(uri, concept);
    }
    return concept;
  };
  const isConceptSubject = new Set<string>();
  const schemes = new Set(quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === SKOS_SCHEME).map((q) => q.subject.value));
  for (const q of quads) {
    if (q.subject.termType !== 'NamedNode') continue;
    const typedConcept = q.predicate.value === RDF_TYPE && q.object.value === SKOS_CONCEPT;
    if (typedConcept || (q.predicate.value in LABEL_PREDICATES && !schemes.has(q.subject.value))) isConceptSubject.add(q.subject.value);
  }
  const narrowerOf: [string, string][] = [];
  for (const q of quads) {
    const subject = q.subject.value;
    if (q.subject.termType !== 'NamedNode' || !isConceptSubject.has(subject)) continue;
    const predicate = q.predicate.value;
    const kind = LABEL_PREDICATES[predicate];
    if (kind !== undefined || predicate === SCOPE_NOTE) {
      const concept = conceptFor(subject);
      if (!concept || q.object.termType !== 'Literal') continue;
      const text = q.object.value.trim();
      const lang = canonicalLanguageTag(q.object.language || 'en');
      const label = shown(text);
      if (lang === undefined) problem(skosProblem(subject, label, 'bad-language', { language: shown(q.object.language, 40) }));
      else if (text === '') continue;
      else if (kind !== undefined) {
        if (text.length > MAX_LABEL_LENGTH) problem(skosProblem(subject, label, 'label-too-long', { max: MAX_LABEL_LENGTH }));
        else if (!isSingleLineText(text)) problem(skosProblem(subject, label, 'label-control'));
        else if (kind === 'pref' && concept.labels.some((l) => l.kind === 'pref' && l.lang === lang && l.text !== text)) {
          // SKOS allows one preferred label per language; a second one is kept as an alternative.
          problem(skosProblem(subject, label, 'second-pref', { lang }));
          concept.labels.push({ lang, kind: 'alt', text });
        } else if (!concept.labels.some((l) => l.lang === lang && l.kind === kind && l.text === text)) concept.labels.push({ lang, kind, text });
      } else if (text.length > MAX_NOTE_LENGTH || !isMultiLineText(text)) problem(skosProblem(subject, undefined, 'bad-note'));
      else if (!concept.scopeNotes.some((n) => n.lang === lang)) concept.scopeNotes.push({ lang, text });
      continue;
    }
    if (predicate === BROADER || predicate === NARROWER || predicate === RELATED) {
      const concept = conceptFor(subject);
      if (!concept || q.object.termType !== 'NamedNode') continue;
      const other = q.object.value;
      if (other === subject) problem(skosProblem(subject, undefined, 'self-link'));
      else if (predicate === BROADER) pushOnce(concept.broader, other);
      else if (predicate === RELATED) pushOnce(concept.related, other);
      else narrowerOf.push([other, subject]);
      continue;
    }
    if (predicate === IPC || predicate === TAG_PATH) {
      const concept = conceptFor(subject);
      if (!concept || q.object.termType !== 'Literal') continue;
      if (predicate === IPC) {
        const code = normaliseClassification(q.object.value);
        if (code === null) problem(skosProblem(subject, shown(q.object.value, 40), 'not-ipc'));
        else pushOnce(concept.codes, code);
      } else {
        const path = TagPath.safeParse(q.object.value);
        if (path.success) pushOnce(concept.tagPaths, path.data);
        else problem(skosProblem(subject, shown(q.object.value), 'not-tag-path'));
      }
    }
  }
  for (const [narrower, broader] of narrowerOf) {
    const concept = conceptFor(narrower);
    if (concept) pushOnce(concept.broader, broader);
  }
  if (dropped > 0) problems.push({ uri: '', reason: `${dropped.toLocaleString('en')} more problems not listed` });
  return { concepts: [...concepts.values()], problems };
}

function pushOnce<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

export async function readSkos(text: string, format: SkosFormat, limits: SkosLimits = SKOS_LIMITS): Promise<SkosGraph> {
  return conceptsOf(await readTriples(text, format, limits), limits);
}

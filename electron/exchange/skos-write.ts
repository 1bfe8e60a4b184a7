import { DataFactory, Writer, type Quad } from 'n3';
import type { SkosFormat } from '../../shared/schemas/thesaurus.js';
import type { ConceptRepository } from '../core/repos/concepts.js';
import { BROADER, IPC, PREDICATE_OF_KIND, RATIO, RDF, RDF_TYPE, RELATED, SCOPE_NOTE, SKOS, SKOS_CONCEPT, TAG_PATH, type SkosConcept } from './skos-model.js';

const namedNode = (iri: string) => DataFactory.namedNode(iri);
const literal = (text: string, lang?: string) => DataFactory.literal(text, lang);
const quad = (s: Quad['subject'], p: Quad['predicate'], o: Quad['object']): Quad => DataFactory.quad(s, p, o);

/** Every concept of the catalogue as SKOS, links by URI, in the tree's order. */
export function skosConcepts(concepts: ConceptRepository): SkosConcept[] {
  const all = concepts.tree().map((node) => concepts.get(node.id));
  const uriOf = new Map(all.map((c) => [c.id, c.uri]));
  const uris = (ids: readonly string[]): string[] => ids.flatMap((id) => uriOf.get(id) ?? []);
  return all.map((c) => ({
    uri: c.uri,
    labels: c.labels,
    scopeNotes: c.scopeNotes,
    broader: uris(c.broader),
    related: uris(c.related),
    codes: c.codes.map((code) => code.code),
    tagPaths: c.tags.map((t) => t.path),
  }));
}

/** The triples of the concepts: skos:related written both ways, as SKOS means it symmetric; narrower left to be inferred. */
export function skosQuads(concepts: readonly SkosConcept[]): Quad[] {
  const out: Quad[] = [];
  for (const c of concepts) {
    const s = namedNode(c.uri);
    out.push(quad(s, namedNode(RDF_TYPE), namedNode(SKOS_CONCEPT)));
    for (const label of c.labels) out.push(quad(s, namedNode(PREDICATE_OF_KIND[label.kind]), literal(label.text, label.lang)));
    for (const note of c.scopeNotes) out.push(quad(s, namedNode(SCOPE_NOTE), literal(note.text, note.lang)));
    for (const uri of c.broader) out.push(quad(s, namedNode(BROADER), namedNode(uri)));
    for (const uri of c.related) out.push(quad(s, namedNode(RELATED), namedNode(uri)));
    for (const code of c.codes) out.push(quad(s, namedNode(IPC), literal(code)));
    for (const path of c.tagPaths) out.push(quad(s, namedNode(TAG_PATH), literal(path)));
  }
  return out;
}

export function writeTurtle(concepts: readonly SkosConcept[]): Promise<string> {
  const writer = new Writer({ format: 'text/turtle', prefixes: { skos: SKOS, ratio: RATIO } });
  writer.addQuads(skosQuads(concepts));
  return new Promise((resolve, reject) => {
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result)));
  });
}

const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
const xmlAttribute = (text: string): string => xmlText(text).replace(/"/g, '&quot;');

/**
 * RDF/XML, one skos:Concept element per concept. n3 writes no RDF/XML, and no maintained
 * RDF/JS serialiser for it exists on npm (@graphy/content.xml.scribe has not been released
 * since 2020); the subset SKOS needs — resources, language-tagged and plain literals — is
 * a few elements whose text and attributes only need escaping.
 */
export function writeRdfXml(concepts: readonly SkosConcept[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<rdf:RDF xmlns:rdf="${RDF}" xmlns:skos="${SKOS}" xmlns:ratio="${RATIO}">`];
  const kindElement = { pref: 'skos:prefLabel', alt: 'skos:altLabel', hidden: 'skos:hiddenLabel' } as const;
  for (const c of concepts) {
    lines.push(`  <skos:Concept rdf:about="${xmlAttribute(c.uri)}">`);
    for (const l of c.labels) lines.push(`    <${kindElement[l.kind]} xml:lang="${xmlAttribute(l.lang)}">${xmlText(l.text)}</${kindElement[l.kind]}>`);
    for (const n of c.scopeNotes) lines.push(`    <skos:scopeNote xml:lang="${xmlAttribute(n.lang)}">${xmlText(n.text)}</skos:scopeNote>`);
    for (const uri of c.broader) lines.push(`    <skos:broader rdf:resource="${xmlAttribute(uri)}"/>`);
    for (const uri of c.related) lines.push(`    <skos:related rdf:resource="${xmlAttribute(uri)}"/>`);
    for (const code of c.codes) lines.push(`    <ratio:ipc>${xmlText(code)}</ratio:ipc>`);
    for (const path of c.tagPaths) lines.push(`    <ratio:tagPath>${xmlText(path)}</ratio:tagPath>`);
    lines.push('  </skos:Concept>');
  }
  lines.push('</rdf:RDF>', '');
  return lines.join('\n');
}

export async function writeSkos(concepts: ConceptRepository, format: SkosFormat): Promise<{ text: string; concepts: number }> {
  const all = skosConcepts(concepts);
  return { text: format === 'turtle' ? await writeTurtle(all) : writeRdfXml(all), concepts: all.length };
}

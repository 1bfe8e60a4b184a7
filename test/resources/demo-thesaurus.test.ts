import fs from 'node:fs';
import path from 'node:path';
import { Parser, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { DemoCatalogue } from '../../shared/schemas/demo.js';

const DEMO = path.join(import.meta.dirname, '../../resources/demo');
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const RATIO = 'https://ratio.example.invalid/skos#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SCHEME = 'https://ratio.example.invalid/thesaurus/demo';
const LANGUAGES = ['en', 'ru', 'zh-Hans'] as const;
/** BCP 47 tags compare case-insensitively and n3 lower-cases them; compare in the spelling the file uses. */
const canonical = (tag: string): string => LANGUAGES.find((l) => l.toLowerCase() === tag.toLowerCase()) ?? tag;

const quads: Quad[] = new Parser({ format: 'text/turtle' }).parse(fs.readFileSync(path.join(DEMO, 'thesaurus.ttl'), 'utf8'));
const demo = DemoCatalogue.parse(JSON.parse(fs.readFileSync(path.join(DEMO, 'catalogue.json'), 'utf8')));

const objects = (subject: string, predicate: string): Quad['object'][] =>
  quads.filter((q) => q.subject.value === subject && q.predicate.value === predicate).map((q) => q.object);
const concepts = quads.filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${SKOS}Concept`).map((q) => q.subject.value);
const conceptSet = new Set(concepts);
const labelsOf = (c: string, predicate: 'prefLabel' | 'altLabel'): { value: string; language: string }[] =>
  objects(c, `${SKOS}${predicate}`).map((o) => ({ value: o.value, language: o.termType === 'Literal' ? canonical(o.language) : '' }));

describe('the demo thesaurus (resources/demo/thesaurus.ttl)', () => {
  it('has at least 150 concepts under the demo scheme, each in it', () => {
    expect(concepts.length).toBeGreaterThanOrEqual(150);
    expect(new Set(concepts).size).toBe(concepts.length);
    for (const c of concepts) {
      expect(c.startsWith(`${SCHEME}/`), c).toBe(true);
      expect(
        objects(c, `${SKOS}inScheme`).map((o) => o.value),
        c,
      ).toEqual([SCHEME]);
    }
    const scheme = labelsOf(SCHEME, 'prefLabel').map((l) => l.language);
    expect(scheme.sort()).toEqual([...LANGUAGES].sort());
  });

  it('gives every concept exactly one prefLabel in en, ru and zh-Hans and nothing else', () => {
    for (const c of concepts) {
      const pref = labelsOf(c, 'prefLabel');
      expect(pref.map((l) => l.language).sort(), c).toEqual([...LANGUAGES].sort());
      for (const l of pref) expect(l.value.trim().length, c).toBeGreaterThan(0);
    }
  });

  it('keeps labels in the script of their language and altLabels apart from the prefLabel', () => {
    for (const c of concepts) {
      const pref = labelsOf(c, 'prefLabel');
      for (const l of [...pref, ...labelsOf(c, 'altLabel')]) {
        expect(LANGUAGES as readonly string[], `${c} ${l.value}`).toContain(l.language);
        if (l.language === 'ru') expect(l.value, c).toMatch(/[а-яё]/i);
        if (l.language === 'zh-Hans') expect(l.value, c).toMatch(/\p{Script=Han}/u);
        if (l.language === 'en') expect(l.value, c).not.toMatch(/[\p{Script=Cyrillic}\p{Script=Han}]/u);
      }
      for (const a of labelsOf(c, 'altLabel')) {
        expect(pref.some((p) => p.language === a.language && p.value === a.value), `${c}: ${a.value}`).toBe(false);
      }
    }
  });

  it('writes scope notes in the three languages, at most one each', () => {
    let notes = 0;
    for (const c of concepts) {
      const languages = objects(c, `${SKOS}scopeNote`).map((o) => (o.termType === 'Literal' ? canonical(o.language) : ''));
      notes += languages.length;
      expect(new Set(languages).size, c).toBe(languages.length);
      for (const l of languages) expect(LANGUAGES as readonly string[], c).toContain(l);
    }
    expect(notes).toBeGreaterThan(30);
  });

  it('gives no two concepts the same prefLabel in one language', () => {
    for (const language of LANGUAGES) {
      const seen = new Map<string, string>();
      for (const c of concepts) {
        for (const l of labelsOf(c, 'prefLabel').filter((x) => x.language === language)) {
          expect(seen.get(l.value.toLowerCase()), `${language} "${l.value}" on ${c}`).toBeUndefined();
          seen.set(l.value.toLowerCase(), c);
        }
      }
    }
  });

  it('points broader and related only at concepts of the file, and has no broader cycle', () => {
    const broader = new Map(concepts.map((c) => [c, objects(c, `${SKOS}broader`).map((o) => o.value)]));
    for (const [c, targets] of broader) for (const t of targets) expect(conceptSet.has(t), `${c} broader ${t}`).toBe(true);
    for (const c of concepts) for (const t of objects(c, `${SKOS}related`)) expect(conceptSet.has(t.value), `${c} related ${t.value}`).toBe(true);
    const tops = new Set(quads.filter((q) => q.predicate.value === `${SKOS}topConceptOf`).map((q) => q.subject.value));
    for (const c of concepts) {
      expect(reachesUp(c, c, broader), `broader cycle through ${c}`).toBe(false);
      if ((broader.get(c) ?? []).length === 0) expect(tops.has(c), `${c} has no broader and is not a top concept`).toBe(true);
      else expect(tops.has(c), `${c} is a top concept with a broader one`).toBe(false);
    }
  });

  it('maps every tag path of the demo catalogue to one concept that carries the tag synonyms', () => {
    const byTag = new Map<string, string[]>();
    for (const q of quads.filter((x) => x.predicate.value === `${RATIO}tagPath`)) byTag.set(q.object.value, [...(byTag.get(q.object.value) ?? []), q.subject.value]);
    const usedTags = new Set([...demo.tags.map((t) => t.path), ...demo.entries.flatMap((e) => e.tags)]);
    for (const tag of usedTags) {
      const mapped = byTag.get(tag) ?? [];
      expect(mapped, tag).toHaveLength(1);
      const concept = mapped[0] ?? '';
      const labels = new Set([...labelsOf(concept, 'prefLabel'), ...labelsOf(concept, 'altLabel')].map((l) => l.value.toLowerCase()));
      for (const synonym of demo.tags.find((t) => t.path === tag)?.synonyms ?? []) expect(labels.has(synonym.toLowerCase()), `${tag}: ${synonym}`).toBe(true);
    }
    for (const tag of byTag.keys()) expect(usedTags.has(tag), `${tag} is no demo tag`).toBe(true);
  });

  it('writes IPC codes as IPC symbols', () => {
    const codes = quads.filter((q) => q.predicate.value === `${RATIO}ipc`).map((q) => q.object.value);
    expect(codes.length).toBeGreaterThan(100);
    for (const code of codes) expect(code).toMatch(/^[A-H]\d{2}[A-Z]?( \d{1,4}\/\d{2,6})?$/);
  });

  it('reaches every demo entry through some concept label found in its title or summary', () => {
    // Words are compared by their first letters (Russian inflects: «предложение» / «предложениями»),
    // Chinese labels as substrings; the search pipeline's own analysis is the importer's concern.
    const stem = (w: string): string => (w.length > 5 ? w.slice(0, Math.max(5, w.length - 3)) : w);
    const labels = concepts.flatMap((c) => [...labelsOf(c, 'prefLabel'), ...labelsOf(c, 'altLabel')]);
    for (const e of demo.entries) {
      const text = `${e.title} ${e.summary}`.toLowerCase();
      const words = text.split(/[^\p{L}\p{N}-]+/u);
      const found = labels.some((l) =>
        l.language === 'zh-Hans'
          ? text.includes(l.value)
          : l.value
              .toLowerCase()
              .split(/\s+/)
              .every((w) => words.some((t) => t.startsWith(stem(w)))),
      );
      expect(found, e.title).toBe(true);
    }
  });
});

/** True when the broader chain above `from` reaches `target`. */
function reachesUp(from: string, target: string, broader: ReadonlyMap<string, readonly string[]>): boolean {
  const seen = new Set<string>();
  const stack = [...(broader.get(from) ?? [])];
  while (stack.length > 0) {
    const x = stack.pop() ?? '';
    if (x === target) return true;
    if (seen.has(x)) continue;
    seen.add(x);
    stack.push(...(broader.get(x) ?? []));
  }
  return false;
}

import fs from 'node:fs';
import path from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { DemoCatalogue } from '../../shared/schemas/demo.js';

const ROOT = path.join(import.meta.dirname, '../..');
const SKOS = 'http://www.w3.org/2004/02/skos/core#';
const LANGUAGES = ['en', 'ru', 'zh'] as const;

const read = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));
const demo = DemoCatalogue.parse(read('resources/demo/catalogue.json'));
const generated = DemoCatalogue.shape.entries.parse((read('test/bench/crosslingual/entries.json') as { entries: unknown }).entries);
const { queries } = read('test/bench/crosslingual/queries.json') as { queries: { id: string; language: string; text: string; relevant: string[] }[] };
const all = [...demo.entries, ...generated];
const byId = new Map(all.map((e) => [e.id, e]));

// Concept labels and narrower links, read straight from the Turtle file.
const quads = new Parser({ format: 'text/turtle' }).parse(fs.readFileSync(path.join(ROOT, 'resources/demo/thesaurus.ttl'), 'utf8'));
const labels = new Map<string, string[]>();
const narrower = new Map<string, string[]>();
for (const q of quads) {
  if (q.predicate.value === `${SKOS}prefLabel` || q.predicate.value === `${SKOS}altLabel`) labels.set(q.subject.value, [...(labels.get(q.subject.value) ?? []), q.object.value]);
  if (q.predicate.value === `${SKOS}broader`) narrower.set(q.object.value, [...(narrower.get(q.object.value) ?? []), q.subject.value]);
}

/**
 * A rough stand-in for the search pipeline's analysis, enough to check the data: words compare
 * by their first letters (Russian and English inflect), Chinese labels as substrings.
 */
const stem = (w: string): string => (w.length > 5 ? w.slice(0, Math.max(5, w.length - 3)) : w);
const words = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
function occursIn(label: string, text: string): boolean {
  if (/\p{Script=Han}/u.test(label)) return text.includes(label);
  const tw = words(text);
  const lw = words(label);
  return lw.length > 0 && lw.every((w) => tw.some((t) => t.startsWith(stem(w))));
}
const synonymsOf = new Map(demo.tags.map((t) => [t.path, t.synonyms]));
/** What the index holds of an entry that a query can match: its text and its tags with their synonyms. */
const textOf = (id: string): string => {
  const e = byId.get(id);
  if (!e) return '';
  const tags = e.tags.flatMap((t) => [t.replaceAll('/', ' '), ...(synonymsOf.get(t) ?? [])]);
  return `${e.title} ${e.summary} ${e.body} ${tags.join(' ; ')}`;
};

describe('the cross-language judged set (test/bench/crosslingual)', () => {
  it('has at least 75 generated entries, 25 topics in all three languages, ids apart from the demo', () => {
    expect(generated.length).toBeGreaterThanOrEqual(75);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
    for (const l of LANGUAGES) expect(generated.filter((e) => e.language === l).length).toBeGreaterThanOrEqual(25);
    const tags = new Set(demo.tags.map((t) => t.path));
    const enterprises = new Set(demo.enterprises.map((e) => e.name));
    for (const e of generated) {
      for (const t of e.tags) expect(tags.has(t), `${e.title}: ${t}`).toBe(true);
      expect(enterprises.has(e.enterprise), e.enterprise).toBe(true);
    }
  });

  it('has at least 66 short queries, 22 or more typed in each language, each judged in every language', () => {
    expect(queries.length).toBeGreaterThanOrEqual(66);
    expect(new Set(queries.map((q) => q.id)).size).toBe(queries.length);
    for (const l of LANGUAGES) expect(queries.filter((q) => q.language === l).length).toBeGreaterThanOrEqual(22);
    for (const q of queries) {
      expect(words(q.text).length, q.text).toBeGreaterThanOrEqual(1);
      expect(q.text.split(/\s+/).length, q.text).toBeLessThanOrEqual(4);
      for (const id of q.relevant) expect(byId.has(id), `${q.id}: ${id}`).toBe(true);
      for (const l of LANGUAGES) expect(q.relevant.some((id) => byId.get(id)?.language === l), `${q.id} in ${l}`).toBe(true);
    }
  });

  it('finds each query among the thesaurus labels', () => {
    for (const q of queries) {
      const matched = [...labels.values()].some((ls) => ls.some((l) => occursIn(l, q.text)));
      expect(matched, q.text).toBe(true);
    }
  });

  it('lets every relevant entry be reached from a concept the query names, or a narrower one', () => {
    const missed: string[] = [];
    for (const q of queries) {
      const concepts = [...labels.entries()].filter(([, ls]) => ls.some((l) => occursIn(l, q.text))).map(([c]) => c);
      const reach = new Set(concepts.flatMap((c) => [c, ...(narrower.get(c) ?? [])]));
      const reachable = [...reach].flatMap((c) => labels.get(c) ?? []);
      for (const id of q.relevant) if (!reachable.some((l) => occursIn(l, textOf(id)))) missed.push(`${q.id} "${q.text}" → ${byId.get(id)?.title ?? id}`);
    }
    expect(missed).toEqual([]);
  });
});

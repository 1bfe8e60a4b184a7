import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { importSkos } from '../../electron/exchange/skos-import.js';
import { SKOS_LIMITS } from '../../electron/exchange/skos-read.js';
import { canonicalLanguageTag } from '../../shared/label-language.js';
import { isSingleLineText } from '../../shared/text-rules.js';
import { failure, openTestCatalogue, useFreshCatalogue, type TestCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const D = 'https://thesaurus.example.org/t/';
/** A small trilingual thesaurus in the demo's conventions, written as the exporter writes it (no skos:narrower). */
const TURTLE = `
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ratio: <https://ratio.example.invalid/skos#> .
<${D}textiles> a skos:Concept ;
  skos:prefLabel "textile industry"@en, "текстильная промышленность"@ru, "纺织工业"@zh-Hans ;
  skos:altLabel "textiles"@en .
<${D}finishing> a skos:Concept ;
  skos:prefLabel "finishing of cloth"@en, "отделка ткани"@ru, "织物整理"@zh-Hans ;
  skos:altLabel "decatising"@en, "decatizing"@en, "декатировка"@ru ;
  skos:hiddenLabel "finnishing"@en ;
  skos:scopeNote "Treatments after weaving that set the hand and look of the cloth."@en ;
  skos:broader <${D}textiles> ;
  skos:related <${D}shearing> ;
  ratio:ipc "D06C" .
<${D}shearing> a skos:Concept ;
  skos:prefLabel "cloth shearing machine"@en, "стригальная машина"@ru, "剪呢机"@zh-Hans ;
  skos:broader <${D}finishing> ;
  skos:related <${D}finishing> ;
  ratio:ipc "D06C 13/00" .
`;

/** The graph as a sorted list of triples, language tags in canonical case (parsers may fold them). */
function graphOf(turtle: string): string[] {
  return new Parser({ format: 'text/turtle' })
    .parse(turtle)
    .map((q) => {
      const o =
        q.object.termType === 'Literal' ? `${JSON.stringify(q.object.value)}@${canonicalLanguageTag(q.object.language || 'und') ?? ''}` : q.object.value;
      return `${q.subject.value} ${q.predicate.value} ${o}`;
    })
    .sort();
}

async function conceptByUri(c: TestCatalogue, uri: string) {
  const node = (await c.client.call('thesaurus.tree', {})).concepts.find((n) => n.uri === uri);
  if (!node) throw new Error(`no concept ${uri}`);
  return c.client.call('thesaurus.get', { id: node.id });
}

describe('SKOS round trip', () => {
  it('imports Turtle, exports it, and a second catalogue imports the export to the same graph', async () => {
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: TURTLE });
    expect(report).toEqual({ created: 3, updated: 0, unchanged: 0, linkedTags: 0, conflicts: [] });
    const finishing = await conceptByUri(t, `${D}finishing`);
    expect(finishing.labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '织物整理' });
    expect(finishing.labels).toContainEqual({ lang: 'en', kind: 'hidden', text: 'finnishing' });
    expect(finishing.codes).toEqual([{ scheme: 'ipc', code: 'D06C' }]);
    expect(finishing.narrower).toHaveLength(1);
    expect(finishing.related).toHaveLength(1);

    const first = await t.client.call('thesaurus.export', { format: 'turtle' });
    expect(first.concepts).toBe(3);
    expect(graphOf(first.text)).toEqual(graphOf(TURTLE));

    const other = openTestCatalogue();
    try {
      expect((await other.client.call('thesaurus.import', { format: 'turtle', text: first.text })).created).toBe(3);
      expect(graphOf((await other.client.call('thesaurus.export', { format: 'turtle' })).text)).toEqual(graphOf(TURTLE));
      // Importing the same file again changes nothing.
      expect(await other.client.call('thesaurus.import', { format: 'turtle', text: first.text })).toEqual({
        created: 0,
        updated: 0,
        unchanged: 3,
        linkedTags: 0,
        conflicts: [],
      });
    } finally {
      other.close();
    }
  });

  it('round-trips through RDF/XML to the same graph, escaping what XML needs', async () => {
    await t.client.call('thesaurus.import', { format: 'turtle', text: TURTLE });
    const awkward = await t.client.call('thesaurus.create', {
      uri: `${D}odd?a=1&b=2`,
      labels: [{ lang: 'en', kind: 'pref', text: 'tools <&> "dies"' }],
      scopeNotes: [{ lang: 'en', text: 'Line one\nline two & more' }],
    });
    expect(awkward.uri).toBe(`${D}odd?a=1&b=2`);
    const xml = await t.client.call('thesaurus.export', { format: 'rdfxml' });
    expect(xml.text).toContain('rdf:about="https://thesaurus.example.org/t/odd?a=1&amp;b=2"');
    const turtle = await t.client.call('thesaurus.export', { format: 'turtle' });
    const other = openTestCatalogue();
    try {
      expect((await other.client.call('thesaurus.import', { format: 'rdfxml', text: xml.text })).created).toBe(4);
      expect(graphOf((await other.client.call('thesaurus.export', { format: 'turtle' })).text)).toEqual(graphOf(turtle.text));
    } finally {
      other.close();
    }
  });
});

describe('SKOS import merges', () => {
  it('takes a concept scheme with labels for a scheme, not a concept', async () => {
    const scheme = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<${D}scheme> a skos:ConceptScheme ; skos:prefLabel "Demo thesaurus"@en .
`;
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: scheme + TURTLE });
    expect(report).toMatchObject({ created: 3, conflicts: [] });
    const uris = (await t.client.call('thesaurus.tree', {})).concepts.map((n) => n.uri);
    expect(uris).not.toContain(`${D}scheme`);
  });

  it('matches a tag-made concept by label, gives it the file URI and labels, and keeps the tag on it', async () => {
    await t.client.call('tags.create', { path: 'cloth shearing machine', synonyms: ['стрижка'] });
    const tag = (await t.client.call('tags.list', {})).tags.find((x) => x.path === 'cloth shearing machine');
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: TURTLE });
    expect(report).toMatchObject({ created: 2, updated: 1, conflicts: [] });
    const shearing = await conceptByUri(t, `${D}shearing`);
    expect(shearing.id).toBe(tag?.id);
    expect(shearing.tags).toEqual([{ id: tag?.id, path: 'cloth shearing machine' }]);
    expect(shearing.labels).toContainEqual({ lang: 'ru', kind: 'pref', text: 'стригальная машина' });
    expect(shearing.labels).toContainEqual({ lang: 'ru', kind: 'alt', text: 'стрижка' });
  });

  it('links tags by ratio:tagPath, folding the tag-made concept into the file one', async () => {
    await t.client.call('tags.create', { path: 'textiles/wool/finishing', synonyms: ['аппретура'] });
    const file = `${TURTLE}\n<${D}finishing> <https://ratio.example.invalid/skos#tagPath> "textiles/wool/finishing" .`;
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: file });
    expect(report.linkedTags).toBe(1);
    const finishing = await conceptByUri(t, `${D}finishing`);
    expect(finishing.tags.map((x) => x.path)).toEqual(['textiles/wool/finishing']);
    expect(finishing.labels).toContainEqual({ lang: 'ru', kind: 'alt', text: 'аппретура' });
    expect(finishing.labels).toContainEqual({ lang: 'en', kind: 'alt', text: 'finishing' });
    // Tags, their tree and entries' tags are untouched.
    expect((await t.client.call('tags.list', {})).tags.map((x) => x.path)).toEqual(['textiles', 'textiles/wool', 'textiles/wool/finishing']);
    const missing = `<${D}x> <http://www.w3.org/2004/02/skos/core#prefLabel> "x"@en ; <https://ratio.example.invalid/skos#tagPath> "no/such" .`;
    expect((await t.client.call('thesaurus.import', { format: 'turtle', text: missing })).conflicts).toEqual([
      { uri: `${D}x`, label: 'no/such', reason: 'there is no such tag here', code: 'no-tag' },
    ]);
  });

  it('keeps what a concept with a real URI says and reports what differs', async () => {
    await t.client.call('thesaurus.import', { format: 'turtle', text: TURTLE });
    const changed = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      <${D}shearing> skos:prefLabel "shearing machine"@en ; skos:altLabel "cropping machine"@en .
      <https://elsewhere.example/wool> skos:prefLabel "textile industry"@en .`;
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: changed });
    expect(report.created).toBe(1);
    expect(report.updated).toBe(1);
    expect(report.conflicts.map((c) => c.reason)).toEqual([
      `same preferred label as ${D}textiles; imported as a new concept (merge them if they are one)`,
      'preferred label in en differs from "cloth shearing machine"; added as an alternative label',
    ]);
    const shearing = await conceptByUri(t, `${D}shearing`);
    expect(shearing.labels.filter((l) => l.lang === 'en')).toEqual([
      { lang: 'en', kind: 'pref', text: 'cloth shearing machine' },
      { lang: 'en', kind: 'alt', text: 'cropping machine' },
      { lang: 'en', kind: 'alt', text: 'shearing machine' },
    ]);
  });

  it('reports links to unknown concepts and refuses a cycle of broader links', async () => {
    const file = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      <${D}a> skos:prefLabel "a"@en ; skos:broader <${D}b>, <${D}nowhere> .
      <${D}b> skos:prefLabel "b"@en ; skos:broader <${D}a> .`;
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: file });
    expect(report.created).toBe(2);
    expect(report.conflicts.map((c) => c.reason).sort()).toEqual([
      'A concept cannot be put under itself or a concept below it.',
      `broader concept ${D}nowhere is neither in the file nor in the catalogue`,
    ]);
    // The interface words each reason itself from its code and the values it names.
    expect(report.conflicts.map((c) => [c.code, c.params]).sort()).toEqual([
      ['broader-missing', { other: `${D}nowhere` }],
      ['under-itself', undefined],
    ]);
    const tree = await t.client.call('thesaurus.tree', {});
    expect(tree.concepts.map((n) => n.prefLabels.en)).toEqual(['b', 'a']);
  });
});

describe('hostile SKOS', () => {
  const count = async (): Promise<number> => (await t.client.call('thesaurus.tree', {})).concepts.length;

  it('refuses RDF/XML with a DOCTYPE or entities, writing nothing', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <skos:Concept rdf:about="${D}x"><skos:prefLabel xml:lang="en">&b;</skos:prefLabel></skos:Concept>
</rdf:RDF>`;
    expect(await failure(t.client.call('thesaurus.import', { format: 'rdfxml', text: laughs }), 'INVALID_INPUT')).toMatch(/DOCTYPE or entities/);
    expect(await count()).toBe(0);
  });

  it("refuses malformed files with the parser's reason, and nothing half-imported", async () => {
    expect(
      await failure(t.client.call('thesaurus.import', { format: 'turtle', text: `${TURTLE}\n<${D}x> skos:prefLabel "unterminated` }), 'INVALID_INPUT'),
    ).toMatch(/Turtle file could not be read/);
    expect(await failure(t.client.call('thesaurus.import', { format: 'rdfxml', text: '<rdf:RDF><unclosed>' }), 'INVALID_INPUT')).toMatch(
      /RDF\/XML file could not be read/,
    );
    expect(await count()).toBe(0);
  });

  it('bounds the size, the triples and the concepts of a file', async () => {
    const limits = { ...SKOS_LIMITS, maxBytes: 2000 };
    await expect(importSkos(t.catalogue, { format: 'turtle', text: TURTLE.repeat(3) }, limits)).rejects.toThrow(/larger than/);
    await expect(importSkos(t.catalogue, { format: 'turtle', text: TURTLE }, { ...SKOS_LIMITS, maxTriples: 10 })).rejects.toThrow(/more than 10 triples/);
    const xml = (
      await (async () => {
        await t.client.call('thesaurus.import', { format: 'turtle', text: TURTLE });
        return t.client.call('thesaurus.export', { format: 'rdfxml' });
      })()
    ).text;
    const fresh = openTestCatalogue();
    try {
      await expect(importSkos(fresh.catalogue, { format: 'rdfxml', text: xml }, { ...SKOS_LIMITS, maxTriples: 10 })).rejects.toThrow(/more than 10 triples/);
      await expect(importSkos(fresh.catalogue, { format: 'turtle', text: TURTLE }, { ...SKOS_LIMITS, maxConcepts: 2 })).rejects.toThrow(/more than 2 concepts/);
      expect((await fresh.client.call('thesaurus.tree', {})).concepts).toHaveLength(0);
    } finally {
      fresh.close();
    }
    await failure(t.client.call('thesaurus.import', { format: 'turtle', text: 'x'.repeat(20 * 1024 * 1024 + 1) }), 'INVALID_INPUT');
  });

  it('leaves out labels too long, with control characters or bad language tags, and says so', async () => {
    const file = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
      <${D}x> skos:prefLabel "fine"@en, "${'л'.repeat(201)}"@ru, "bad\\u001b[2Jlabel"@de, "right\\u202Eleft"@fr, "two"@en, "ok"@x-toolong-language-subtag-here .`;
    const report = await t.client.call('thesaurus.import', { format: 'turtle', text: file });
    expect(report.created).toBe(1);
    expect(report.conflicts.map((c) => c.reason)).toEqual([
      'label longer than 200 characters',
      'label with control characters',
      'label with control characters',
      'second preferred label in en; kept as an alternative label',
      'language tag "x-toolong-language-subtag-here" is not valid',
    ]);
    expect(report.conflicts.map((c) => [c.code, c.params])).toEqual([
      ['label-too-long', { max: 200 }],
      ['label-control', undefined],
      ['label-control', undefined],
      ['second-pref', { lang: 'en' }],
      ['bad-language', { language: 'x-toolong-language-subtag-here' }],
    ]);
    for (const c of report.conflicts) expect(isSingleLineText(c.label ?? '')).toBe(true);
    const x = await conceptByUri(t, `${D}x`);
    expect(x.labels).toEqual([
      { lang: 'en', kind: 'pref', text: 'fine' },
      { lang: 'en', kind: 'alt', text: 'two' },
    ]);
  });
});

import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { duplicateCandidates } from '../../electron/core/services/insights.js';
import { ATTACHMENT_TEXT_LIMIT } from '../../electron/search/indexer.js';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

const EXTRACTOR = 1;
const page = (n: number, text: string) => ({ page: n, text, method: 'text' as const, confidence: null, language: null });

function entryWithFile(
  title: string,
  name: string,
  content = `${name} bytes ${crypto.randomUUID()}`,
  fields: { body?: string } = {},
): { id: string; sha256: string } {
  const entry = t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title, ...fields }));
  const bytes = Buffer.from(content);
  t.catalogue.addAttachment(entry.id, name, bytes, 'application/pdf');
  return { id: entry.id, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
}

function read(sha256: string, pages: string[]): void {
  const repo = t.catalogue.attachmentTexts;
  repo.enqueue([sha256], EXTRACTOR);
  expect(repo.claim(sha256, EXTRACTOR)).toBe(true);
  repo.finish(sha256, EXTRACTOR, { detectedType: 'application/pdf', pages: pages.map((text, i) => page(i + 1, text)) });
}

const search = (query: string) => t.catalogue.search.search({ query, filters: {}, sort: 'relevance', limit: 20, facets: false });

describe('attachment text in search', () => {
  it('finds an attachment by its file name, with file: and without, before any text is read', () => {
    const e = entryWithFile('Press for broadcloth', 'cloth-press.pdf');
    expect(search('file:cloth-press').hits.map((h) => h.id)).toEqual([e.id]);
    const hit = search('press').hits.find((h) => h.id === e.id);
    expect(hit?.fields).toEqual(expect.arrayContaining(['title', 'file']));
    expect(hit?.attachmentSnippet).toMatchObject({ name: 'cloth-press.pdf', page: null });
    expect(hit?.attachmentSnippet?.nameHighlights).toEqual([[6, 11]]);
    // The title has no "cloth": file: says where to look.
    expect(search('title:cloth').total).toBe(0);
  });

  it('re-indexes the entry when extraction finishes, and shows the page the word is on', () => {
    const e = entryWithFile('Fulling stocks', 'stocks.pdf');
    expect(search('zymotic').total).toBe(0);
    read(e.sha256, ['Plain first page.', 'Second page about hammers.', 'The third page alone names the zymotic vat.', 'Four.', 'Five.']);
    const result = search('zymotic');
    expect(result.hits.map((h) => h.id)).toEqual([e.id]);
    const hit = result.hits[0];
    expect(hit?.fields).toEqual(['file']);
    expect(hit?.attachmentSnippet?.name).toBe('stocks.pdf');
    expect(hit?.attachmentSnippet?.page).toBe(3);
    const snippet = hit?.attachmentSnippet;
    const [start, end] = snippet?.highlights[0] ?? [0, 0];
    expect(snippet?.text.slice(start, end)).toBe('zymotic');
    expect(search('file:zymotic').total).toBe(1);
    expect(search('body:zymotic').total).toBe(0);
  });

  it('stems attached text like the body: "тканей" on a page is found by "ткань"', () => {
    const e = entryWithFile('Сукновальня', 'opis.pdf');
    read(e.sha256, ['Первая страница.', 'Отделка тканей паром.']);
    const hit = search('ткань').hits.find((h) => h.id === e.id);
    expect(hit?.attachmentSnippet?.page).toBe(2);
    const [start, end] = hit?.attachmentSnippet?.highlights[0] ?? [0, 0];
    expect(hit?.attachmentSnippet?.text.slice(start, end)).toBe('тканей');
  });

  it('weighs a word in an attachment below the same word in the body', () => {
    const inBody = entryWithFile('First stove', 'a.pdf', undefined, { body: 'The calenderer works here.' });
    const inFile = entryWithFile('Second stove', 'b.pdf');
    read(inFile.sha256, ['The calenderer works here.']);
    expect(search('calenderer').hits.map((h) => h.id)).toEqual([inBody.id, inFile.id]);
  });

  it('drops the text from the index when the file is read again and fails, and when the file is removed', () => {
    const e = entryWithFile('Teasel frame', 'frame.pdf');
    read(e.sha256, ['A gig mill with quillwort.']);
    expect(search('quillwort').total).toBe(1);
    t.catalogue.attachmentTexts.requeue([e.sha256], EXTRACTOR);
    t.catalogue.attachmentTexts.claim(e.sha256, EXTRACTOR);
    t.catalogue.attachmentTexts.fail(e.sha256, EXTRACTOR, 'failed', 'The PDF is encrypted.');
    expect(search('quillwort').total).toBe(0);
    const other = entryWithFile('Teasel frame two', 'frame2.pdf');
    read(other.sha256, ['Another quillwort.']);
    expect(search('quillwort').total).toBe(1);
    t.catalogue.removeAttachment(other.id, 'frame2.pdf');
    expect(search('quillwort').total).toBe(0);
    expect(search('file:frame2').total).toBe(0);
  });

  it('indexes a shared file for every entry it is attached to', () => {
    const bytes = `shared ${crypto.randomUUID()}`;
    const a = entryWithFile('Tentering A', 'same.pdf', bytes);
    const b = entryWithFile('Tentering B', 'copy.pdf', bytes);
    read(a.sha256, ['tenterhooks stretch the cloth']);
    expect(new Set(search('tenterhooks').hits.map((h) => h.id))).toEqual(new Set([a.id, b.id]));
  });

  it('finds similar entries by their attachments text', () => {
    const a = entryWithFile('Alpha', 'a.pdf');
    const b = entryWithFile('Beta', 'b.pdf');
    entryWithFile('Gamma', 'c.pdf');
    const words = 'sericulture filature reeling cocoon degumming throwster organzine';
    read(a.sha256, [words]);
    read(b.sha256, [words]);
    expect(t.catalogue.search.similar(a.id, 5).map((h) => h.id)).toContain(b.id);
  });

  it('proposes entries with the same file, or files of alike text, as duplicate candidates', () => {
    const bytes = `one file ${crypto.randomUUID()}`;
    const a = entryWithFile('Napping machine', 'spec.pdf', bytes);
    const b = entryWithFile('Raising gig, improved', 'spec-copy.pdf', bytes);
    const c = entryWithFile('Kettle for dyers', 'c.pdf');
    const d = entryWithFile('Mordant boiler', 'd.pdf');
    const e = entryWithFile('Shearing table', 'e.pdf');
    const text = 'alizarin madder mordant alum cochineal indigo woad weld fustic logwood quercitron';
    read(c.sha256, [text]);
    read(d.sha256, [`${text} boiler`]);
    read(e.sha256, ['shears blades cropping nap frieze']);
    const pairs = duplicateCandidates(t.catalogue, 0.5, 50).filter((p) => p.reason === 'attachment');
    const key = (x: string, y: string) => [x, y].sort().join(' ');
    const found = new Set(pairs.map((p) => key(p.a.id, p.b.id)));
    expect(found.has(key(a.id, b.id))).toBe(true);
    expect(found.has(key(c.id, d.id))).toBe(true);
    expect(found.has(key(c.id, e.id))).toBe(false);
  });

  it('says "matched in: attachment" without a file snippet when the entry\'s own snippet shows the words', () => {
    const both = entryWithFile('Fuller', 'both.pdf', undefined, { body: 'The woad vat stands by the mill.' });
    read(both.sha256, ['Plain page.', 'A page naming woad again.']);
    const onlyFile = entryWithFile('Dyer', 'dyer.pdf');
    read(onlyFile.sha256, ['Plain page.', 'Woad on the second page.']);
    const hits = search('woad').hits;
    const inBoth = hits.find((h) => h.id === both.id);
    expect(inBoth?.fields).toEqual(expect.arrayContaining(['body', 'file']));
    expect(inBoth?.highlights.length).toBeGreaterThan(0);
    expect(inBoth?.attachmentSnippet).toBeUndefined();
    const inFile = hits.find((h) => h.id === onlyFile.id);
    expect(inFile?.fields).toEqual(['file']);
    expect(inFile?.attachmentSnippet?.page).toBe(2);
    // A word in the body alone says nothing of the file.
    expect(search('mill').hits.find((h) => h.id === both.id)?.fields).toEqual(['body']);
  });

  it("reads a hit's attached pages as the index holds them: in order, done only, within the limit", () => {
    const indexer = t.catalogue.searchIndexer;
    if (!indexer) throw new Error('no indexer');
    const e = entryWithFile('Long report', 'long.pdf');
    const big = 'x'.repeat(ATTACHMENT_TEXT_LIMIT / 2 - 10);
    read(e.sha256, [big, big, 'the third page is cut', 'the fourth is past the limit']);
    const attachments = indexer.readMany([e.id], { attachmentPages: false }).get(e.id)?.attachments ?? [];
    expect(attachments.map((a) => [a.name, a.pages.length])).toEqual([['long.pdf', 0]]);
    const pages = [...indexer.attachedPages(attachments)];
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[2]?.text).toBe('the third page is cut'.slice(0, 20));
    // What the index was written from: the same pages, the same cut.
    expect(
      indexer
        .readMany([e.id])
        .get(e.id)
        ?.attachments[0]?.pages.map((p) => p.text),
    ).toEqual(pages.map((p) => p.text));
    // A file being read again has no pages until it is done.
    t.catalogue.attachmentTexts.requeue([e.sha256], EXTRACTOR);
    expect([...indexer.attachedPages(attachments)]).toEqual([]);
  });
});

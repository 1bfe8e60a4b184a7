import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EntryCreate } from '../../shared/schemas/entry.js';
import { useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

function sha(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

function entryWith(title: string, files: Record<string, string>): { id: string; hashes: string[] } {
  const entry = t.catalogue.entryService.create(EntryCreate.parse({ kind: 'method', title }));
  const hashes: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const bytes = Buffer.from(text);
    t.catalogue.addAttachment(entry.id, name, bytes, 'text/plain');
    hashes.push(sha(bytes));
  }
  return { id: entry.id, hashes };
}

const page = (n: number, text: string) => ({ page: n, text, method: 'text' as const, confidence: null, language: null });

describe('attachment text storage', () => {
  it('queues a blob once, whatever number of entries share it', () => {
    const a = entryWith('Fulling', { 'notes.txt': 'shared bytes' });
    const b = entryWith('Napping', { 'copy.txt': 'shared bytes' });
    expect(a.hashes).toEqual(b.hashes);
    const repo = t.catalogue.attachmentTexts;
    expect(repo.enqueueAll(1)).toBe(1);
    expect(repo.enqueueAll(1)).toBe(0);
    expect(repo.counts()).toMatchObject({ queued: 1, done: 0 });
    expect(repo.entriesOf(a.hashes[0]!)).toEqual([a.id, b.id].sort());
  });

  it('claims, reports progress, stores pages and shows them per entry in attachment order', () => {
    const e = entryWith('Carding', { 'a.txt': 'first', 'b.txt': 'second' });
    const repo = t.catalogue.attachmentTexts;
    repo.enqueue(e.hashes, 1);
    const [first, second] = e.hashes as [string, string];
    expect(repo.claim(first, 1)).toBe(true);
    expect(repo.claim(first, 1)).toBe(false);
    repo.progress(first, 1, 2, 'application/pdf');
    expect(repo.status(first)).toMatchObject({ state: 'reading', pagesDone: 1, pages: 2, detectedType: 'application/pdf' });
    repo.finish(first, 1, {
      detectedType: 'application/pdf',
      pages: [page(1, 'one'), { ...page(2, 'два'), method: 'ocr', confidence: 91.5, language: 'eng+rus' }],
    });
    expect(repo.status(first)).toMatchObject({ state: 'done', pages: 2, pagesDone: 2, error: null });
    expect(repo.page(first, 2)).toEqual({ page: 2, text: 'два', method: 'ocr', confidence: 91.5, language: 'eng+rus' });
    repo.claim(second, 1);
    repo.finish(second, 1, { detectedType: 'text/plain', pages: [page(1, 'zwei')] });
    expect(repo.textsOfEntry(e.id).map((f) => [f.name, f.pages.map((p) => p.text)])).toEqual([
      ['a.txt', ['one', 'два']],
      ['b.txt', ['zwei']],
    ]);
  });

  it('refuses a result that reads one page twice and leaves the older text in place', () => {
    const e = entryWith('Dyeing', { 'a.txt': 'x' });
    const repo = t.catalogue.attachmentTexts;
    const [h] = e.hashes as [string];
    repo.enqueue([h], 1);
    repo.claim(h, 1);
    repo.finish(h, 1, { detectedType: 'text/plain', pages: [page(1, 'kept')] });
    expect(() => repo.finish(h, 1, { detectedType: 'text/plain', pages: [page(1, 'a'), page(1, 'b')] })).toThrow(/twice/);
    expect(repo.pages(h).map((p) => p.text)).toEqual(['kept']);
  });

  it('re-queues lazily when the extractor version changes, and a failure drops old text with its reason', () => {
    const e = entryWith('Pressing', { 'a.txt': 'x' });
    const repo = t.catalogue.attachmentTexts;
    const [h] = e.hashes as [string];
    repo.enqueue([h], 1);
    repo.claim(h, 1);
    repo.finish(h, 1, { detectedType: 'text/plain', pages: [page(1, 'old')] });
    expect(repo.enqueue([h], 1)).toEqual([]);
    expect(repo.status(h)?.state).toBe('done');
    expect(repo.enqueueAll(2)).toBe(1);
    expect(repo.status(h)).toMatchObject({ state: 'queued', extractorVersion: 2 });
    repo.claim(h, 2);
    repo.fail(h, 2, 'failed', 'x'.repeat(5000), 'application/pdf');
    const status = repo.status(h);
    expect(status).toMatchObject({ state: 'failed', detectedType: 'application/pdf' });
    expect(status?.error?.length).toBe(1000);
    expect(repo.pages(h)).toEqual([]);
    expect(repo.problems()).toEqual([
      { sha256: h, state: 'failed', error: 'x'.repeat(1000), detectedType: 'application/pdf', attachments: [{ entryId: e.id, name: 'a.txt' }] },
    ]);
  });

  it('puts files left reading by a stopped process back in the queue', () => {
    const e = entryWith('Shearing', { 'a.txt': 'x' });
    const repo = t.catalogue.attachmentTexts;
    repo.enqueue(e.hashes, 1);
    repo.claim(e.hashes[0]!, 1);
    expect(repo.recoverInterrupted()).toBe(1);
    expect(repo.queued(10)).toEqual(e.hashes);
  });

  it('does not queue a hash no blob has, and rejects what is not a hash', () => {
    const repo = t.catalogue.attachmentTexts;
    expect(repo.enqueue(['0'.repeat(64)], 1)).toEqual([]);
    expect(() => repo.status('../etc/passwd')).toThrow(/hash/);
  });
});

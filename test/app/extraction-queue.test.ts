import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXTRACT_TASK } from '../../shared/bridge.js';
import { createHandlers, type ProgressEvent } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { addEntry, runRatio, tempDir, useFreshCatalogue } from '../helpers.js';
import { encryptedPdf, pdfBomb, textPdf } from '../support/extract-files.js';

const t = useFreshCatalogue();
beforeEach(() => {
  // Text layers only: OCR workers are slow to start, and the OCR tests cover them.
  t.catalogue.configureExtraction({ size: 1, ocr: false, limits: { maxInflated: 8 * 1024 * 1024 } });
});

const b64 = (bytes: Buffer) => bytes.toString('base64');
const FIVE_PAGES = ['Wool is sorted', 'Wool is washed', 'The cloth is fulled with teasels', 'Wool is dyed', 'Cloth is pressed'];

describe('the extraction queue', () => {
  it('queues on attach without reading, then reads page by page when run', async () => {
    const id = await addEntry(t, { title: 'Fulling' });
    const entry = await t.client.call('attachments.add', { entryId: id, name: 'process.pdf', contentBase64: b64(await textPdf(FIVE_PAGES)) });
    const sha256 = entry.attachments[0]!.sha256;
    expect((await t.client.call('attachments.text', { sha256 })).status?.state).toBe('queued');
    const result = await t.client.call('attachments.extract', { entryId: id });
    expect(result.counts).toMatchObject({ done: 1, queued: 0, reading: 0 });
    const text = await t.client.call('attachments.text', { sha256 });
    expect(text.status).toMatchObject({ state: 'done', detectedType: 'application/pdf', pages: 5, pagesDone: 5, error: null });
    expect(text.pages.find((p) => p.text.includes('teasels'))?.page).toBe(3);
    expect(t.catalogue.attachmentTexts.textsOfEntry(id)[0]?.name).toBe('process.pdf');
  }, 60_000);

  it('reads a file shared by two entries once', async () => {
    const bytes = b64(await textPdf(['shared']));
    const a = await addEntry(t, { title: 'Carding' });
    const b = await addEntry(t, { title: 'Combing' });
    await t.client.call('attachments.add', { entryId: a, name: 'a.pdf', contentBase64: bytes });
    await t.client.call('attachments.add', { entryId: b, name: 'b.pdf', contentBase64: bytes });
    expect(t.catalogue.attachmentTexts.counts().queued).toBe(1);
    const result = await t.client.call('attachments.extract', { all: true });
    expect(result.counts.done).toBe(1);
    expect(await t.client.call('attachments.extract', { all: true })).toMatchObject({ queued: 0 });
  }, 60_000);

  it('gives hostile files a state and a reason and keeps their entries', async () => {
    const id = await addEntry(t, { title: 'Napping' });
    await t.client.call('attachments.add', { entryId: id, name: 'secret.pdf', contentBase64: b64(encryptedPdf()) });
    await t.client.call('attachments.add', { entryId: id, name: 'bomb.pdf', contentBase64: b64(pdfBomb(32 * 1024 * 1024)) });
    await t.client.call('attachments.add', { entryId: id, name: 'notes.txt', contentBase64: b64(Buffer.from('teasel frames')) });
    const result = await t.client.call('attachments.extract', { entryId: id });
    expect(result.counts).toMatchObject({ done: 1, failed: 1, 'too-large': 1 });
    const status = await t.client.call('attachments.status', {});
    expect(status.problems.map((p) => [p.attachments[0]?.name, p.state, p.error]).sort()).toEqual([
      ['bomb.pdf', 'too-large', "The PDF's compressed streams inflate to more than 8 MB."],
      ['secret.pdf', 'failed', 'The PDF is encrypted with a password.'],
    ]);
    expect((await t.client.call('entries.get', { id })).attachments).toHaveLength(3);
  }, 60_000);

  it('reads in the background as soon as a file is attached, once started so', async () => {
    t.catalogue.extraction.startInBackground();
    const id = await addEntry(t, { title: 'Shearing' });
    const entry = await t.client.call('attachments.add', { entryId: id, name: 'n.txt', contentBase64: b64(Buffer.from('shear blades')) });
    const sha256 = entry.attachments[0]!.sha256;
    const deadline = Date.now() + 30_000;
    while (t.catalogue.attachmentTexts.status(sha256)?.state !== 'done' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(t.catalogue.attachmentTexts.pages(sha256)[0]?.text).toBe('shear blades');
  }, 60_000);
});

describe('progress of background reading', () => {
  it('reports the file, its pages and its final state, in order, through the progress channel', async () => {
    const events: ProgressEvent[] = [];
    const client = createLocalClient(createHandlers(t.catalogue, { resourcesDir: () => '', progress: (e) => events.push(e) }));
    const entry = await client.call('entries.create', { kind: 'method', title: 'Fulling' });
    // Read only when someone waits for it (the CLI): that request reports it, not the background channel.
    await client.call('attachments.add', { entryId: entry.id, name: 'first.txt', contentBase64: b64(Buffer.from('teasel')) });
    await client.call('attachments.extract', { entryId: entry.id, wait: true });
    expect(events.some((e) => e.task === EXTRACT_TASK)).toBe(true);
    expect(events.filter((e) => e.file !== undefined)).toEqual([]);
    events.length = 0;

    t.catalogue.extraction.startInBackground();
    const added = await client.call('attachments.add', { entryId: entry.id, name: 'process.pdf', contentBase64: b64(await textPdf(FIVE_PAGES)) });
    const sha256 = added.attachments.find((a) => a.name === 'process.pdf')!.sha256;
    const deadline = Date.now() + 30_000;
    while (!events.some((e) => e.file?.state === 'done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const reports = events.filter((e) => e.task === EXTRACT_TASK);
    const files = reports.map((e) => e.file!);
    expect(files.every((f) => f.sha256 === sha256 && f.name === 'process.pdf')).toBe(true);
    expect(files[0]?.state).toBe('reading');
    expect(files.at(-1)).toEqual({ sha256, name: 'process.pdf', state: 'done', pagesDone: 5, pages: 5 });
    // Pages only go forwards, every state but the last is reading, and the page count is known before the end.
    const pagesDone = files.map((f) => f.pagesDone);
    expect(pagesDone).toEqual([...pagesDone].sort((a, b) => a - b));
    expect(files.slice(0, -1).every((f) => f.state === 'reading')).toBe(true);
    expect(files.some((f) => f.state === 'reading' && f.pages === 5)).toBe(true);
    expect(reports.at(-1)).toMatchObject({ done: 1, total: 1 });
    expect(t.catalogue.attachmentTexts.status(sha256)?.state).toBe('done');
  }, 60_000);
});

describe('progress of background reading from the start', () => {
  it('reports a file left queued from its first report when the app starts reading', async () => {
    const id = await addEntry(t, { title: 'Teaseling' });
    const entry = await t.client.call('attachments.add', { entryId: id, name: 'left.pdf', contentBase64: b64(await textPdf(FIVE_PAGES)) });
    const sha256 = entry.attachments[0]!.sha256;
    const events: ProgressEvent[] = [];
    // As the desktop app opens a catalogue: the handlers start reading what is queued at once.
    createHandlers(t.catalogue, { resourcesDir: () => '', progress: (e) => events.push(e), extractInBackground: true });
    const deadline = Date.now() + 30_000;
    while (!events.some((e) => e.file?.state === 'done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const files = events.filter((e) => e.task === EXTRACT_TASK).map((e) => e.file!);
    // The opening report, before the file's pages are known, is not lost to the start.
    expect(files[0]).toEqual({ sha256, name: 'left.pdf', state: 'reading', pagesDone: 0, pages: null });
    expect(files.at(-1)).toMatchObject({ state: 'done', pagesDone: 5, pages: 5 });
  }, 60_000);
});

describe('ratio extract and ratio attachments --status', () => {
  it('reads every attached file and lists the counts and failures', async () => {
    const dir = tempDir();
    const ratio = (...args: string[]) => runRatio(dir, ['--catalogue', path.join(dir, 'cat'), ...args]);
    expect((await ratio('init')).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'e.md'), '---\nkind: method\ntitle: Pressing\n---\nHot pressing.\n');
    const added = await ratio('add', path.join(dir, 'e.md'), '--json');
    const id = (added.json() as { id: string }).id;
    fs.writeFileSync(path.join(dir, 'press.pdf'), await textPdf(['hot press']));
    fs.writeFileSync(path.join(dir, 'secret.pdf'), encryptedPdf());
    expect((await ratio('attach', id, path.join(dir, 'press.pdf'))).code).toBe(0);
    expect((await ratio('attach', id, path.join(dir, 'secret.pdf'))).code).toBe(0);
    const extract = await ratio('extract', '--all');
    expect([extract.code, extract.stdout.trim()]).toEqual([0, 'Read 2 files; now queued 0, reading 0, done 1, failed 1, unsupported 0, too-large 0.']);
    const status = await ratio('attachments', '--status');
    expect(status.stdout).toContain(`failed      secret.pdf (${id}): The PDF is encrypted with a password. [application/pdf]`);
    expect((await ratio('extract')).code).not.toBe(0);
  }, 90_000);
});

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RatioError } from '../../shared/errors.js';
import { importBundle } from '../../electron/exchange/import-bundle.js';
import { trustKey } from '../../electron/exchange/keys.js';
import { cleanupTemp, failure, tempDir, type TestCatalogue } from '../helpers.js';
import { emptyCatalogue, fullState, stagingLeft } from './support.js';
import { canonicalJson, resign, testSigner, unpack, zipOf } from './zip-craft.js';

/*
 * What a record may hold: no control characters where a terminal or a file name would act
 * on them, media types that are media types, and histories every reader accepts. The same
 * rules hold for what a person types and for what this catalogue exports.
 */

const signer = testSigner();
let source: TestCatalogue;
let target: TestCatalogue;
let valid: Map<string, Buffer>;
let entryFile: string;

beforeAll(async () => {
  source = emptyCatalogue();
  const e = await source.client.call('entries.create', {
    kind: 'method',
    title: 'Two-stage decatising',
    tags: ['textiles/wool'],
    body: 'Steam.\r\nCool.\tPress.',
  });
  await source.client.call('attachments.add', {
    entryId: e.id,
    name: 'press.svg',
    mediaType: 'image/svg+xml',
    contentBase64: Buffer.from('<svg/>').toString('base64'),
  });
  const file = path.join(tempDir('ratio-rules-'), 'valid.ratio');
  await source.client.call('exchange.export', { out: file, enterpriseName: 'Kulanovno Exchange Office' });
  valid = await unpack(file);
  entryFile = [...valid.keys()].find((n) => n.startsWith('entries/')) as string;
  target = emptyCatalogue();
  trustKey(target.catalogue, 'Kulanovno Exchange Office', Buffer.from(signer.publicKeyBase64, 'base64'));
});
afterAll(() => {
  source.close();
  target.close();
  cleanupTemp();
});

type Snapshot = Record<string, unknown> & { attachments: Record<string, unknown>[]; tags: string[] };
interface Rec {
  state: Snapshot;
  history: { snapshot: Snapshot; contentHash: string }[];
  [key: string]: unknown;
}

/** The bundle with the entry's current state changed by `change` (hashes kept right, so only the change can be refused). */
function withState(change: (s: Snapshot) => void, manifestEdit?: (m: Record<string, unknown>) => void): string {
  const record = JSON.parse((valid.get(entryFile) as Buffer).toString('utf8')) as Rec;
  change(record.state);
  const last = record.history.at(-1) as Rec['history'][number];
  last.snapshot = record.state;
  last.contentHash = crypto.createHash('sha256').update(canonicalJson(record.state)).digest('hex');
  const files = new Map(valid);
  files.set(entryFile, Buffer.from(canonicalJson(record)));
  const out = path.join(tempDir('ratio-rules-'), 'b.ratio');
  fs.writeFileSync(out, zipOf(resign(files, signer, manifestEdit)));
  return out;
}

async function outcome(file: string): Promise<string> {
  const before = fullState(target);
  try {
    await importBundle(target.catalogue, file, { dryRun: true, onConflict: 'keep-local', trust: false, actor: null });
    return 'accepted';
  } catch (error) {
    expect(fullState(target)).toBe(before);
    expect(stagingLeft(target)).toBe(false);
    if (error instanceof RatioError && error.code === 'BUNDLE_REFUSED') return error.message;
    throw error;
  }
}

describe('characters a bundle may carry', () => {
  it('accepts tabs and line ends (CRLF too) in bodies, and ordinary text everywhere', async () => {
    expect(await outcome(withState(() => undefined))).toBe('accepted');
    expect(await outcome(withState((s) => (s.summary = 'Line one\nline two\r\n\ttabbed, «quoted», ünïcode, עברית')))).toBe('accepted');
  });

  it.each([
    ['an escape sequence in a title', (s: Snapshot) => (s.title = 'Decatising \u001b[2J\u001b[31mTRUSTED'), /title/],
    ['a line break in a title', (s: Snapshot) => (s.title = 'Decatising\nSignature valid'), /title/],
    ['a C1 control (CSI) in a title', (s: Snapshot) => (s.title = 'Decatising \u009b2J'), /title/],
    ['a right-to-left override in a title', (s: Snapshot) => (s.title = 'Decatising \u202etxt.exe'), /title/],
    ['an isolate in an author', (s: Snapshot) => (s.authors = ['A. \u2067Smith']), /authors/],
    ['a bidi control in a tag', (s: Snapshot) => (s.tags = ['textiles/\u202ewool']), /tags/],
    ['a NUL in a body', (s: Snapshot) => (s.body = 'Steam\u0000'), /body/],
    ['a lone carriage return in a summary', (s: Snapshot) => (s.summary = 'Approved\rRejected'), /summary/],
    ['a bell in the registration', (s: Snapshot) => (s.registration = 'RP-1\u0007'), /registration/],
    ['an override in an attachment name', (s: Snapshot) => ((s.attachments[0] as Record<string, unknown>).name = 'press\u202egvs.exe'), /attachments/],
    ['CRLF in a media type', (s: Snapshot) => ((s.attachments[0] as Record<string, unknown>).mediaType = 'text/html\r\nX-Frame-Options: none'), /mediaType/],
    ['a media type that is no type/subtype', (s: Snapshot) => ((s.attachments[0] as Record<string, unknown>).mediaType = 'html'), /mediaType/],
    ['a media type over 200 characters', (s: Snapshot) => ((s.attachments[0] as Record<string, unknown>).mediaType = `image/${'x'.repeat(200)}`), /mediaType/],
  ])('refuses %s', async (_what, change, where) => {
    const message = await outcome(withState(change));
    expect(message).toMatch(/malformed/);
    expect(message).toMatch(where);
  });

  it('refuses control characters in the producer name and in the vocabulary', async () => {
    const bell = await outcome(
      withState(
        () => undefined,
        (m) => ((m.producer as Record<string, unknown>).name = 'Kulanovno \u001b]0;ok\u0007'),
      ),
    );
    expect(bell).toMatch(/manifest\.json is malformed at producer\.name/);
    const files = new Map(valid);
    files.set('tags.json', Buffer.from(JSON.stringify([{ path: 'textiles', synonyms: ['wo\u0008ol'] }])));
    const out = path.join(tempDir('ratio-rules-'), 't.ratio');
    fs.writeFileSync(out, zipOf(resign(files, signer, (m) => ((m.counts as Record<string, number>).tags = 1))));
    expect(await outcome(out)).toMatch(/tags\.json is malformed/);
  });
});

describe('the same rules for what a person types', () => {
  it('refuses control and bidirectional characters in tag names, titles and media types through the API', async () => {
    const c = target.client;
    await failure(c.call('tags.create', { path: 'textiles/wo\u001bol' }), 'INVALID_INPUT');
    await failure(c.call('tags.create', { path: 'textiles', synonyms: ['\u202ewool'] }), 'INVALID_INPUT');
    await failure(c.call('entries.create', { kind: 'method', title: 'x', tags: ['a/\u200fb'] }), 'INVALID_INPUT');
    await failure(c.call('entries.create', { kind: 'method', title: 'Red \u001b[31m' }), 'INVALID_INPUT');
    await failure(c.call('entries.create', { kind: 'method', title: 'Body', body: 'lone\rreturn' }), 'INVALID_INPUT');
    const ok = await c.call('entries.create', { kind: 'method', title: 'Fine', body: 'crlf\r\nand\ttab', tags: ['textiles/fine wool'] });
    await failure(c.call('attachments.add', { entryId: ok.id, name: 'a.txt', mediaType: 'text/plain\r\nX: y', contentBase64: 'eA==' }), 'INVALID_INPUT');
    await failure(c.call('attachments.add', { entryId: ok.id, name: 'a\u202etxt.exe', contentBase64: 'eA==' }), 'INVALID_INPUT');
    expect(
      (await c.call('attachments.add', { entryId: ok.id, name: 'a.txt', mediaType: 'text/plain; charset=utf-8', contentBase64: 'eA==' })).attachments,
    ).toHaveLength(1);
  });
});

describe('an export holds to what readers accept', () => {
  it('refuses to write a bundle whose entry every recipient would refuse, naming the entry', async () => {
    const t = emptyCatalogue();
    try {
      const e = await t.client.call('entries.create', { kind: 'method', title: 'Old data' });
      const out = path.join(tempDir('ratio-rules-'), 'x.ratio');
      // A title written before the rules, straight into the database.
      t.catalogue.db.prepare('UPDATE entries SET title = ? WHERE id = ?').run('Old \u001b[31mdata', e.id);
      const message = await failure(t.client.call('exchange.export', { out }), 'INVALID_INPUT');
      expect(message).toMatch(new RegExp(`Entry ${e.id}.*cannot be exported.*title`));
      expect(fs.existsSync(out)).toBe(false);
      // A revision number past the limit a reader accepts (1,000,000).
      t.catalogue.db.prepare('UPDATE entries SET title = ? WHERE id = ?').run('Old data', e.id);
      t.catalogue.db.prepare('UPDATE revisions SET number = 1000001 WHERE entry_id = ?').run(e.id);
      t.catalogue.db.prepare('UPDATE entries SET revision = 1000001 WHERE id = ?').run(e.id);
      expect(await failure(t.client.call('exchange.export', { out }), 'INVALID_INPUT')).toMatch(/history\.0\.number|revision/);
      expect(fs.existsSync(out)).toBe(false);
    } finally {
      t.close();
    }
  });
});

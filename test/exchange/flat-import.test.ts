import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsv } from '../../electron/exchange/csv.js';
import { addEntry, failure, runRatio, tempDir, useFreshCatalogue } from '../helpers.js';

const t = useFreshCatalogue();

/** A CSV of the given rows under the given header, in a fresh folder; returns its path. */
function csv(header: readonly string[], ...rows: (readonly string[])[]): string {
  const file = path.join(tempDir(), 'partner.csv');
  fs.writeFileSync(file, writeCsv([header, ...rows]));
  return file;
}
const HEADER = ['id', 'kind', 'title', 'tags'];

async function history(id: string): Promise<{ number: number; action: string; source: string | null; changed: string[] }[]> {
  return (await t.client.call('entries.history', { id })).revisions;
}

describe('import-csv and import-markdown never overwrite silently', () => {
  it('a row whose id exists with other content is a conflict, kept local by default and listed', async () => {
    const id = await addEntry(t, { title: 'Decatising, ours', tags: ['textiles/wool'] });
    const file = csv(HEADER, [id, 'method', 'Decatising, theirs', '["textiles/wool"]']);
    const report = await t.client.call('exchange.importCsv', { path: file });
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 0, conflicts: 1, keptLocal: 1, tookIncoming: 0, keptBoth: 0 });
    expect(report.conflictEntries).toEqual([
      { id, title: 'Decatising, theirs', where: 'partner.csv row 2', deletedLocally: false, resolution: 'keep-local', localId: id },
    ]);
    expect(await t.client.call('entries.get', { id })).toMatchObject({ title: 'Decatising, ours', revision: 1 });
  });

  it('take-incoming writes one revision whose source names the file', async () => {
    const id = await addEntry(t, { title: 'Decatising, ours', tags: ['textiles/wool'] });
    const file = csv(HEADER, [id, 'method', 'Decatising, theirs', '["textiles/wool","finishing"]']);
    const report = await t.client.call('exchange.importCsv', { path: file, onConflict: 'take-incoming' });
    expect(report).toMatchObject({ updated: 1, conflicts: 1, tookIncoming: 1, conflictEntries: [{ id, resolution: 'take-incoming', localId: id }] });
    expect(await t.client.call('entries.get', { id })).toMatchObject({ title: 'Decatising, theirs', tags: ['finishing', 'textiles/wool'], revision: 2 });
    expect((await history(id)).map((r) => [r.number, r.action, r.source])).toEqual([
      [1, 'create', null],
      [2, 'update', 'csv:partner.csv'],
    ]);
  });

  it('keep-both adds the file’s version as a linked copy, once', async () => {
    const id = await addEntry(t, { title: 'Decatising, ours' });
    const file = csv(HEADER, [id, 'method', 'Decatising, theirs', '[]']);
    const first = await t.client.call('exchange.importCsv', { path: file, onConflict: 'keep-both' });
    const copy = first.conflictEntries[0]!.localId;
    expect(copy).not.toBe(id);
    expect(first).toMatchObject({ keptBoth: 1, conflicts: 1 });
    expect(await t.client.call('entries.get', { id: copy })).toMatchObject({
      title: 'Decatising, theirs',
      links: [expect.objectContaining({ to: id, type: 'related' })],
    });
    expect((await history(copy))[0]).toMatchObject({ action: 'create', source: 'csv:partner.csv' });
    const again = await t.client.call('exchange.importCsv', { path: file, onConflict: 'keep-both' });
    expect(again.conflictEntries[0]!.localId).toBe(copy);
    expect((await t.client.call('entries.list', {})).total).toBe(2);
    expect(await t.client.call('entries.get', { id })).toMatchObject({ title: 'Decatising, ours', revision: 1 });
  });

  it('identical content is unchanged, also when tags differ only in case; new rows record their file', async () => {
    const id = await addEntry(t, { title: 'Decatising', tags: ['textiles/wool'] });
    const file = csv(HEADER, [id, 'method', 'Decatising', '["Textiles/Wool"]'], ['', 'proposal', 'Roof bolting', '[]']);
    const report = await t.client.call('exchange.importCsv', { path: file });
    expect(report).toMatchObject({ created: 1, unchanged: 1, conflicts: 0, conflictEntries: [] });
    expect((await history(id)).length).toBe(1);
    const created = (await t.client.call('entries.list', {})).entries.find((e) => e.title === 'Roof bolting')!;
    expect(await history(created.id)).toMatchObject([{ number: 1, action: 'create', source: 'csv:partner.csv' }]);
  });

  it('an id deleted here is not brought back unasked; take-incoming restores it with its source', async () => {
    const id = await addEntry(t, { title: 'Decatising' });
    await t.client.call('entries.delete', { id });
    const file = csv(HEADER, [id, 'method', 'Decatising', '[]']);
    const kept = await t.client.call('exchange.importCsv', { path: file });
    expect(kept).toMatchObject({ created: 0, conflicts: 1, keptLocal: 1, conflictEntries: [{ id, deletedLocally: true }] });
    expect((await t.client.call('entries.list', {})).total).toBe(0);
    const taken = await t.client.call('exchange.importCsv', { path: file, onConflict: 'take-incoming' });
    expect(taken).toMatchObject({ updated: 1, tookIncoming: 1 });
    expect((await history(id)).map((r) => [r.action, r.source])).toEqual([
      ['create', null],
      ['delete', null],
      ['restore', 'csv:partner.csv'],
    ]);
  });

  it('Markdown folders follow the same rule, attachments included', async () => {
    const id = await addEntry(t, { title: 'Decatising, ours' });
    await t.client.call('attachments.add', { entryId: id, name: 'press.txt', contentBase64: Buffer.from('ours').toString('base64') });
    const folder = path.join(tempDir(), 'md');
    fs.mkdirSync(path.join(folder, `${id}.files`), { recursive: true });
    fs.writeFileSync(path.join(folder, `${id}.files`, 'press.txt'), 'theirs');
    fs.writeFileSync(path.join(folder, `${id}.md`), `---\nid: ${id}\ntitle: Decatising, ours\nkind: method\nattachments: [press.txt]\n---\nbody`);
    const kept = await t.client.call('exchange.importMarkdown', { path: folder });
    expect(kept).toMatchObject({ conflicts: 1, keptLocal: 1, attachments: 0, conflictEntries: [{ id, where: `${id}.md` }] });
    const local = await t.client.call('entries.get', { id });
    expect(local.revision).toBe(2);
    const taken = await t.client.call('exchange.importMarkdown', { path: folder, onConflict: 'take-incoming' });
    expect(taken).toMatchObject({ updated: 1, attachments: 1 });
    const after = await t.client.call('entries.get', { id });
    expect(after).toMatchObject({ body: 'body', attachments: [{ name: 'press.txt', size: 6 }] });
    expect((await history(id)).at(-1)).toMatchObject({ action: 'update', source: `markdown:md/${id}.md` });
    expect(await t.client.call('exchange.importMarkdown', { path: folder })).toMatchObject({ unchanged: 1, conflicts: 0 });
  });

  it('ratio import-csv lists the conflicts and takes --on-conflict', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    fs.writeFileSync(path.join(dir, 'e.md'), '---\ntitle: Decatising, ours\nkind: method\n---\nbody');
    const { id } = (await runRatio(dir, ['--catalogue', cat, 'add', 'e.md', '--json'])).json() as { id: string };
    fs.writeFileSync(path.join(dir, 'p.csv'), writeCsv([HEADER, [id, 'method', 'Decatising, theirs', '[]']]));
    const kept = await runRatio(dir, ['--catalogue', cat, 'import-csv', 'p.csv']);
    expect(kept.code).toBe(0);
    expect(kept.stdout).toContain('0 created, 0 updated, 0 unchanged, 1 conflicts (1 kept local).');
    expect(kept.stdout).toContain(`conflict: ${id}  Decatising, theirs (p.csv row 2) → keep-local`);
    const taken = (await runRatio(dir, ['--catalogue', cat, 'import-csv', 'p.csv', '--on-conflict', 'take-incoming', '--json'])).json();
    expect(taken).toMatchObject({ updated: 1, conflictEntries: [{ id, resolution: 'take-incoming' }] });
    expect((await runRatio(dir, ['--catalogue', cat, 'history', id])).stdout).toContain('(from csv:p.csv)');
  });

  it('a CSV list cell that is not JSON is bad input, not a refused bundle', async () => {
    for (const cell of ['[not json', '[["deep"]]', '{"__proto__": 1}', '[1, 2]']) {
      const file = csv(HEADER, ['', 'method', 'Decatising', cell]);
      expect(await failure(t.client.call('exchange.importCsv', { path: file }), 'INVALID_INPUT'), cell).toBe(
        'partner.csv row 2 column tags must be a JSON array of text, like ["a", "b"].',
      );
    }
  });
});

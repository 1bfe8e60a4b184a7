import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';

afterEach(cleanupTemp);

function ratio(dir: string, ...args: string[]): Promise<CliRun> {
  return runRatio(dir, ['--catalogue', dir, ...args]);
}

interface BulkJson {
  dryRun: boolean;
  selected: number;
  changed: number;
  revisions: number;
  changes: { change: string; value: string | null; count: number; ids: string[] }[];
  undo: string | null;
}

describe('ratio bulk and ratio undo', () => {
  it('previews, applies and undoes a change to every match of a search', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const args = ['bulk', '--query', 'wool', '--kind', 'method', '--add-tag', 'checked/1960', '--set', 'status=accepted'];
    const preview = await ratio(cat, '--json', ...args, '--dry-run');
    expect(preview.code).toBe(0);
    const planned = preview.json() as BulkJson;
    expect(planned).toMatchObject({ dryRun: true, revisions: 0, undo: null });
    expect(planned.selected).toBeGreaterThan(0);
    expect(planned.changes.map((c) => c.change)).toEqual(['addTag', 'status']);
    expect(planned.changes[0]?.count).toBe(planned.selected);

    const human = await ratio(cat, ...args, '--dry-run');
    expect(human.stdout).toMatch(/^Would change \d+ of \d+ entr(y|ies) selected:\n {2}add tag "checked\/1960": \d+ entr/);
    expect(human.stdout).toMatch(/Nothing was written \(dry run\)/);

    const applied = (await ratio(cat, '--json', ...args)).json() as BulkJson;
    expect(applied).toMatchObject({ dryRun: false, selected: planned.selected, changed: planned.changed, revisions: planned.changed });
    const tagged = (await ratio(cat, '--json', 'search', '--tag', 'checked/1960', '--limit', '200')).json() as { total: number };
    expect(tagged.total).toBe(planned.selected);

    const undone = await ratio(cat, 'undo', applied.undo as string);
    expect(undone.code).toBe(0);
    expect(undone.stdout).toMatch(/^Undid ".* on \d+ entr(y|ies)": \d+ entr(y|ies) back as before/);
    const again = await ratio(cat, 'undo', applied.undo as string);
    expect(again.code).toBe(4);
    expect(again.stderr).toMatch(/already undone/);
    expect((await ratio(cat, 'search', '--tag', 'checked/1960')).code).toBe(3);
  });

  it('--no-expand acts on what `ratio search --no-expand` lists; by default on what it lists expanded', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const query = 'гидравлическая стойка';
    const listed = async (...flags: string[]): Promise<string[]> =>
      ((await ratio(cat, '--json', 'search', query, '--limit', '200', ...flags)).json() as { hits: { id: string }[] }).hits.map((h) => h.id).sort();
    const acted = async (...flags: string[]): Promise<string[]> =>
      ((await ratio(cat, '--json', 'bulk', '--query', query, '--add-tag', 'checked', '--dry-run', ...flags)).json() as BulkJson).changes[0]?.ids.sort() ?? [];
    const expanded = await listed();
    const alone = await listed('--no-expand');
    // The demo thesaurus carries the Russian words to English and Chinese entries: the two lists differ.
    expect(expanded.length).toBeGreaterThan(alone.length);
    expect(await acted()).toEqual(expanded);
    expect(await acted('--no-expand')).toEqual(alone);
    const misplaced = await ratio(cat, 'bulk', '--id', expanded[0] as string, '--no-expand', '--add-tag', 'x');
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--no-expand applies to a search/);
  });

  it('moves chosen entries to the trash and refuses unclear requests with one sentence', async () => {
    const cat = path.join(tempDir(), 'cat');
    expect((await ratio(cat, 'demo')).code).toBe(0);
    const list = (await ratio(cat, '--json', 'list', '--limit', '2')).json() as { entries: { id: string }[] };
    const ids = list.entries.map((e) => e.id);
    const trashed = await ratio(cat, 'bulk', '--id', ids[0] as string, '--id', ids[1] as string, '--trash');
    expect(trashed.code).toBe(0);
    expect(trashed.stdout).toMatch(/move to the trash: 2 entries/);
    expect(trashed.stdout).toMatch(/Undo with: ratio undo [0-9a-f-]{36}/);
    expect((await ratio(cat, 'show', ids[0] as string)).code).toBe(3);

    const none = await ratio(cat, 'bulk', '--add-tag', 'x');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('ratio: Choose the entries: --query (and filters), --all, --id or --saved.\n');
    const badSet = await ratio(cat, 'bulk', '--all', '--set', 'title=x');
    expect(badSet.code).toBe(2);
    expect(badSet.stderr).toMatch(/not something bulk can set/);
    const mixed = await ratio(cat, 'bulk', '--all', '--trash', '--set', 'status=accepted');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/cannot be combined/);
    const unknown = await ratio(cat, 'undo', '01890a5d-ac96-774b-bcce-b302099a8057');
    expect(unknown.code).toBe(3);
  });
});

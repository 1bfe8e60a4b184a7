import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';

afterEach(cleanupTemp);

/** The command line on the catalogue in `dir`. */
function ratio(dir: string, ...args: string[]): Promise<CliRun> {
  return runRatio(dir, ['--catalogue', dir, ...args]);
}

const ENTRY_MD = `---
title: Finishing thick woollen cloth
kind: method
summary: Two-stage steam decatising.
status: implemented
language: en
enterprise: Kulanovno Fine Wool Factory
registration: RP-1959-0142
authors: [A. Petrov]
tags: [textiles/wool, finishing]
classification: [D06C 23/04]
---
# Steps
Steam, then press.
`;

function writeFile(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('ratio CLI', () => {
  it('adds, shows, edits, lists, tags, histories, restores and deletes with --json shapes', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    expect((await ratio(cat, 'init', '--json')).json()).toMatchObject({ created: true, entries: 0 });
    const added = await ratio(cat, 'add', writeFile(dir, 'e.md', ENTRY_MD), '--json');
    expect(added.code).toBe(0);
    const entry = added.json() as { id: string; title: string; tags: string[]; body: string };
    expect(entry).toMatchObject({ title: 'Finishing thick woollen cloth', tags: ['finishing', 'textiles/wool'], body: '# Steps\nSteam, then press.\n' });

    const list = (await ratio(cat, 'list', '--json')).json() as { entries: Record<string, unknown>[] };
    expect(list.entries).toHaveLength(1);
    expect(Object.keys(list.entries[0]!)).toEqual(expect.arrayContaining(['id', 'title', 'kind', 'status', 'language', 'tags']));

    const short = entry.id.slice(0, 13);
    expect((await ratio(cat, 'show', short, '--json')).json()).toMatchObject({ id: entry.id, adoptions: [], links: [] });
    expect((await ratio(cat, 'show', short)).stdout).toContain('D06C 23/04');
    // The review workflow's next steps come from shared/domain.ts, as the entry page's status actions do.
    expect((await ratio(cat, 'show', short)).stdout).toMatch(/status: +implemented \(next: archived\)/);

    const edited = await ratio(cat, 'edit', entry.id, '--set', 'status=archived', '--set', 'authors=A. Petrov, B. Ivanova', '--json');
    expect(edited.json()).toMatchObject({ status: 'archived', authors: ['A. Petrov', 'B. Ivanova'], revision: 2 });

    expect((await ratio(cat, 'tag', short, '+mining/roof', '-finishing', '--json')).json()).toMatchObject({ tags: ['mining/roof', 'textiles/wool'] });
    const history = (await ratio(cat, 'history', entry.id, '--json')).json() as { revisions: { number: number; changed: string[] }[] };
    expect(history.revisions.map((r) => r.number)).toEqual([1, 2, 3]);
    expect(history.revisions[2]?.changed).toEqual(['tags']);
    expect((await ratio(cat, 'restore', entry.id, '1', '--json')).json()).toMatchObject({ status: 'implemented', revision: 4 });

    expect((await ratio(cat, 'tags', '--json')).json()).toMatchObject({
      tags: expect.arrayContaining([expect.objectContaining({ path: 'textiles/wool', count: 1 })]),
    });
    expect((await ratio(cat, 'tags', 'rename', 'textiles/wool', 'textiles/fine-wool')).code).toBe(0);
    expect((await ratio(cat, 'tags', 'merge', 'finishing', 'textiles')).code).toBe(0);
    expect((await ratio(cat, 'show', entry.id, '--json')).json()).toMatchObject({ tags: ['textiles', 'textiles/fine-wool'] });

    expect((await ratio(cat, 'enterprise', 'add', 'Troitsk Fine Wool Factory', '--place', 'Troitsk', '--json')).json()).toMatchObject({
      name: 'Troitsk Fine Wool Factory',
    });
    const adoption = await ratio(
      cat,
      'adopt',
      short,
      '--enterprise',
      'Troitsk Fine Wool Factory',
      '--date',
      '1960-02-01',
      '--indicator',
      'First-grade output',
      '--before',
      '82.4',
      '--after',
      '88',
      '--unit',
      '%',
      '--json',
    );
    expect(adoption.json()).toMatchObject({ effects: [{ indicator: 'First-grade output', before: 82.4, after: 88, unit: '%' }] });
    expect((await ratio(cat, 'enterprises', '--json')).json()).toMatchObject({
      enterprises: expect.arrayContaining([expect.objectContaining({ name: 'Troitsk Fine Wool Factory' })]),
    });

    const second = (await ratio(cat, 'add', writeFile(dir, 'f.md', ENTRY_MD.replace('Finishing thick', 'Drying thick')), '--json')).json() as { id: string };
    expect((await ratio(cat, 'link', second.id, entry.id, '--type', 'derived-from')).code).toBe(0);
    const drawing = writeFile(dir, 'press.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect((await ratio(cat, 'attach', entry.id, drawing, '--json')).json()).toMatchObject({
      attachments: [{ name: 'press.svg', mediaType: 'image/svg+xml' }],
    });
    expect((await ratio(cat, 'stats', '--json')).json()).toMatchObject({ entries: 2, adoptions: 1, links: 1, attachments: 1 });

    expect((await ratio(cat, 'delete', second.id, '--json')).json()).toEqual({ id: second.id, deleted: true });
    expect((await ratio(cat, 'list', '--json')).json()).toMatchObject({ total: 1 });
  });

  it('answers bad input with one sentence on stderr and a non-zero exit', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    await ratio(cat, 'init');
    const cases: [string[], number, RegExp][] = [
      [['add', writeFile(dir, 'bad.md', '---\ntitle: X\nkind: method\ncolour: red\n---\nbody')], 2, /unknown front-matter key "colour"/],
      [['add', writeFile(dir, 'nokind.md', '---\ntitle: X\n---\n')], 2, /needs a "kind"/],
      [['add', writeFile(dir, 'badyaml.md', '---\ntitle: [unclosed\n---\n')], 2, /not valid YAML/],
      [['add', path.join(dir, 'missing.md')], 1, /Cannot read/],
      [['show', '01900000-0000-7000-8000-000000000000'], 3, /no entry/],
      [['show', 'zz'], 2, /at least 4 characters/],
      [['edit', '01900000-0000-7000-8000-000000000000', '--set', 'colour=red'], 2, /not a field you can set/],
      [['list', '--tag', 'nowhere'], 3, /no tag "nowhere"/],
      [['adopt', '01900000-0000-7000-8000-000000000000', '--enterprise', 'X', '--date', '1960-13-01'], 2, /date/i],
      [['restore', '01900000-0000-7000-8000-000000000000', 'two'], 2, /number/],
      [['frobnicate'], 2, /unknown command/],
      [['list', '--kind', 'idea'], 2, /Allowed choices/],
    ];
    for (const [args, code, message] of cases) {
      const run = await ratio(cat, ...args);
      expect(run.code, args.join(' ')).toBe(code);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // never a stack trace
    }
  });

  it('refuses to read a catalogue that does not exist and exits 5', async () => {
    const run = await ratio(path.join(tempDir(), 'none'), 'list');
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/ratio init/);
  });

  it('loads the demo catalogue once: 40+ entries in three kinds and three languages', async () => {
    const cat = path.join(tempDir(), 'demo');
    const first = (await ratio(cat, 'demo', '--json')).json() as { entriesAdded: number };
    expect(first.entriesAdded).toBeGreaterThanOrEqual(40);
    expect((await ratio(cat, 'demo', '--json')).json()).toMatchObject({ entriesAdded: 0 });
    const list = (await ratio(cat, 'list', '--json')).json() as { entries: { kind: string; language: string }[] };
    expect(list.entries.length).toBe(first.entriesAdded);
    expect(new Set(list.entries.map((e) => e.kind))).toEqual(new Set(['proposal', 'invention', 'method']));
    for (const language of ['en', 'ru', 'zh']) {
      expect(list.entries.filter((e) => e.language === language).length, language).toBeGreaterThanOrEqual(5);
    }
  });
});

describe('the ratio executable', () => {
  let bin: string;
  beforeAll(() => {
    execFileSync(process.execPath, ['electron/build/build-node.mjs']);
    bin = path.resolve('dist/cli.mjs');
  });

  it('exits non-zero with a single sentence on stderr, and 0 with JSON on success', () => {
    const cat = path.join(tempDir(), 'cat');
    const bad = spawnSync(process.execPath, [bin, '--catalogue', cat, 'show', '01900000-0000-7000-8000-000000000000'], { encoding: 'utf8' });
    expect(bad.status).toBe(5);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const ok = spawnSync(process.execPath, [bin, 'init', '--json'], { encoding: 'utf8', env: { ...process.env, RATIO_CATALOGUE: cat } });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ path: cat, created: true });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';

afterEach(cleanupTemp);

function ratio(dir: string, ...args: string[]): Promise<CliRun> {
  return runRatio(dir, ['--catalogue', dir, ...args]);
}

const TTL = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://t.example/weaving> a skos:Concept ; skos:prefLabel "weaving"@en, "ткачество"@ru, "织造"@zh-Hans .
<https://t.example/loom> a skos:Concept ; skos:prefLabel "loom"@en, "ткацкий станок"@ru ;
  skos:broader <https://t.example/weaving> ; skos:altLabel "evil\\u001b[2J"@en .
`;

describe('ratio thesaurus', () => {
  it('imports a file, lists the tree, names missing translations and exports both formats', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    const file = path.join(dir, 'small.ttl');
    fs.writeFileSync(file, TTL);

    const imported = await ratio(cat, 'thesaurus', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^2 concepts created, 0 updated, 0 unchanged; 0 tags linked; 1 conflicts\.\n {2}https:\/\/t\.example\/loom "evil/);
    expect(imported.stdout).not.toContain('\u001b');

    const list = await ratio(cat, 'thesaurus', 'list', '--lang', 'ru');
    expect(list.stdout.split('\n')).toEqual([
      'ткачество  (en: weaving; zh-Hans: 织造)  https://t.example/weaving',
      '  ткацкий станок  (en: loom)  https://t.example/loom',
      '',
    ]);

    const missing = await ratio(cat, 'thesaurus', 'missing', '--lang', 'zh-Hans');
    expect(missing.stdout).toBe('1 concepts have no preferred label in zh-Hans:\n  loom  https://t.example/loom\n');
    const json = (await ratio(cat, '--json', 'thesaurus', 'missing', '--lang', 'zh-hans')).json() as { lang: string; total: number };
    expect(json).toMatchObject({ lang: 'zh-Hans', total: 1 });

    const turtle = await ratio(cat, 'thesaurus', 'export', '--format', 'turtle');
    expect(turtle.stdout).toContain('skos:prefLabel "loom"@en, "ткацкий станок"@ru;');
    const out = path.join(dir, 'out.rdf');
    const written = await ratio(cat, 'thesaurus', 'export', '--format', 'rdfxml', '--out', out);
    expect(written.stdout).toBe(`Wrote 2 concepts to ${out}.\n`);

    // The RDF/XML export reads back into another catalogue, its format told by the extension.
    const other = path.join(dir, 'other');
    expect((await ratio(other, '--json', 'thesaurus', 'import', out)).json()).toMatchObject({ created: 2, conflicts: [] });
  });

  it('refuses a file whose format it cannot tell, and a hostile one, with a typed exit', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    fs.writeFileSync(path.join(dir, 'x.txt'), TTL);
    const unknown = await ratio(cat, 'thesaurus', 'import', path.join(dir, 'x.txt'));
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--format turtle or --format rdfxml/);
    fs.writeFileSync(path.join(dir, 'x.rdf'), '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x/>');
    const hostile = await ratio(cat, 'thesaurus', 'import', path.join(dir, 'x.rdf'));
    expect(hostile.code).not.toBe(0);
    expect(hostile.stderr).toMatch(/DOCTYPE or entities/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanupTemp, runRatio, tempDir, type CliRun } from '../helpers.js';

afterEach(cleanupTemp);

function ratio(dir: string, ...args: string[]): Promise<CliRun> {
  return runRatio(dir, ['--catalogue', dir, ...args]);
}

const TTL = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://t.example/shearing> a skos:Concept ;
  skos:prefLabel "cloth shearing machine"@en, "стригальная машина"@ru, "剪呢机"@zh-Hans .
`;

interface Found {
  hits: { title: string; matchedLanguages: string[] }[];
  expansion: { matched: string; labels: { lang: string; text: string }[]; enabled: boolean }[];
}

describe('ratio search through the thesaurus', () => {
  it('prints what the query was expanded with, says which language matched, and --no-expand searches the words alone', async () => {
    const dir = tempDir();
    const cat = path.join(dir, 'cat');
    const file = path.join(dir, 'shearing.ttl');
    fs.writeFileSync(file, TTL);
    expect((await ratio(cat, 'init')).code).toBe(0);
    expect((await ratio(cat, 'thesaurus', 'import', file)).code).toBe(0);
    const entry = path.join(dir, 'entry.md');
    fs.writeFileSync(entry, '---\nkind: method\ntitle: Стригальная машина для сукон\nlanguage: ru\n---\nСукно стригут дважды.\n');
    expect((await ratio(cat, 'add', entry)).code).toBe(0);

    const human = await ratio(cat, 'search', 'cloth', 'shearing', 'machine');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('also searched: стригальная машина, 剪呢机');
    expect(human.stdout).toContain('matched via: ru');

    const json = (await ratio(cat, '--json', 'search', 'cloth shearing machine')).json() as Found;
    expect(json.hits.map((h) => [h.title, h.matchedLanguages])).toEqual([['Стригальная машина для сукон', ['ru']]]);
    expect(json.expansion).toEqual([
      {
        conceptId: expect.any(String),
        matched: 'cloth shearing machine',
        labels: [
          { lang: 'ru', text: 'стригальная машина' },
          { lang: 'zh', text: '剪呢机' },
        ],
        narrower: false,
        enabled: true,
      },
    ]);

    const off = await ratio(cat, '--json', 'search', '--no-expand', 'cloth shearing machine');
    expect(off.json()).toMatchObject({ total: 0, hits: [], expansion: [] });
    const plain = await ratio(cat, 'search', '--no-expand', 'cloth shearing machine');
    expect(plain.stdout).not.toContain('also searched');
  });
});

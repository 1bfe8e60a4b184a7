import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { parseEntryMarkdown, readFrontMatter, FOLDER_KEYS } from '../../electron/exchange/front-matter.js';
import { startHost } from '../../electron/host/server.js';
import { RatioError } from '../../shared/errors.js';
import { cleanupTemp, failure, openTestCatalogue, runRatio, tempDir } from '../helpers.js';

afterEach(cleanupTemp);

/** Marks what a payload would leave behind had it run: a global and a file. */
const GLOBAL = '__ratioFrontMatterRan';
function payload(opening: string, marker: string): string {
  const effect = `(globalThis.${GLOBAL} = true, process.getBuiltinModule('fs').writeFileSync(${JSON.stringify(marker)}, 'ran'), 'Executed')`;
  return `${opening}\n{ title: ${effect}, kind: 'method' }\n---\nbody\n`;
}
const ran = (marker: string): boolean => fs.existsSync(marker) || (globalThis as Record<string, unknown>)[GLOBAL] === true;

const OTHER_ENGINES: [string, string][] = [
  ['---js', 'js'],
  ['---javascript', 'javascript'],
  ['--- js', 'js'],
  ['---coffee', 'coffee'],
  ['---toml', 'toml'],
  ['---json', 'json'],
];

describe('front matter is YAML and nothing else', () => {
  it.each(OTHER_ENGINES)('refuses %s by name, running nothing', (opening, name) => {
    const marker = path.join(tempDir(), 'marker');
    let error: unknown;
    try {
      parseEntryMarkdown(payload(opening, marker), 'e.md');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RatioError);
    expect((error as RatioError).code).toBe('INVALID_INPUT');
    expect((error as RatioError).message).toBe(`e.md: front matter in ${name} is not accepted; only YAML.`);
    expect(ran(marker)).toBe(false);
  });

  it('refuses YAML tags, directives, alias bombs, duplicate keys and an unclosed block', () => {
    const refusals: [string, RegExp][] = [
      ['---\ntitle: !!js/function "function(){}"\nkind: method\n---\n', /YAML tag \(!!js\/function\)/],
      ['---\ntitle: !!binary aGVsbG8=\nkind: method\n---\n', /YAML tag \(!!binary\)/],
      ['---\ntitle: !custom x\nkind: method\n---\n', /YAML tag \(!custom\)/],
      ['---\ntitle: x\nkind: !!str method\n---\n', /YAML tag \(!!str\)/],
      ['---\n%YAML 1.1\ntitle: x\n---\n', /directives/],
      [
        `---\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
          { length: 8 },
          (_, i) =>
            `${'b'.repeat(i + 1)}: &${'b'.repeat(i + 1)} [${Array(10)
              .fill(i === 0 ? '*a' : `*${'b'.repeat(i)}`)
              .join(', ')}]`,
        ).join('\n')}\n---\n`,
        /not valid YAML/,
      ],
      ['---\ntitle: a\ntitle: b\nkind: method\n---\n', /not valid YAML/],
      ['---\ntitle: a\nkind: method\n', /never closed/],
      ['---!\ntitle: a\n---\n', /must be exactly "---"/],
      ['---\n- a\n- b\n---\n', /key: value lines/],
      ['---\ntitle: {a: 1}\nkind: method\n---\n', /"title" must be text/],
      ['---\ntitle: a\nkind: method\n__proto__: {polluted: 1}\n---\n', /unknown front-matter key "__proto__"/],
    ];
    for (const [text, message] of refusals) {
      expect(() => parseEntryMarkdown(text, 'e.md'), text.slice(0, 40)).toThrow(message);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads ---, ---yaml, CRLF, a BOM and a ... closing line, and keeps the body exactly', () => {
    const entry = { title: 'Finishing', kind: 'method', tags: ['textiles/wool'] };
    expect(parseEntryMarkdown('---\ntitle: Finishing\nkind: method\ntags: textiles/wool\n---\n\n# Body\n', 'e.md')).toEqual({ ...entry, body: '# Body\n' });
    expect(parseEntryMarkdown('\uFEFF---yaml\r\ntitle: Finishing\r\nkind: method\r\ntags: [textiles/wool]\r\n...\r\nBody', 'e.md')).toEqual({
      ...entry,
      body: 'Body',
    });
    expect(readFrontMatter('--- yaml\nid: x\nenterprise:\ncreated: 2001-12-14\n---\n\n  body\n---\nmore', 'e.md', FOLDER_KEYS)).toEqual({
      data: { id: 'x', enterprise: null, created: '2001-12-14' },
      body: '\n  body\n---\nmore',
    });
    // A rule of four dashes is Markdown, not front matter; so is text with no opening line.
    expect(readFrontMatter('----\ntitle: x\n', 'e.md', FOLDER_KEYS)).toEqual({ data: {}, body: '----\ntitle: x\n' });
    expect(readFrontMatter('# Just Markdown\n', 'e.md', FOLDER_KEYS)).toEqual({ data: {}, body: '# Just Markdown\n' });
  });
});

describe('every way in refuses a ---js file', () => {
  it('ratio add', async () => {
    const dir = tempDir();
    for (const [opening, name] of OTHER_ENGINES) {
      const marker = path.join(dir, 'marker');
      fs.writeFileSync(path.join(dir, 'e.md'), payload(opening, marker));
      const run = await runRatio(dir, ['--catalogue', path.join(dir, 'cat'), 'add', 'e.md']);
      expect(run.code, opening).toBe(2);
      expect(run.stderr).toBe(`ratio: e.md: front matter in ${name} is not accepted; only YAML.\n`);
      expect(ran(marker)).toBe(false);
    }
  });

  it('ratio import-markdown, writing nothing', async () => {
    const dir = tempDir();
    const folder = path.join(dir, 'md');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.md'), '---\ntitle: Harmless\nkind: method\n---\nfine\n');
    for (const [opening, name] of OTHER_ENGINES) {
      const marker = path.join(dir, 'marker');
      fs.writeFileSync(path.join(folder, 'b.md'), payload(opening, marker));
      const run = await runRatio(dir, ['--catalogue', path.join(dir, 'cat'), 'import-markdown', 'md']);
      expect(run.code, opening).toBe(2);
      expect(run.stderr).toBe(`ratio: b.md: front matter in ${name} is not accepted; only YAML.\n`);
      expect(ran(marker)).toBe(false);
    }
    expect((await runRatio(dir, ['--catalogue', path.join(dir, 'cat'), 'list', '--json'])).json()).toMatchObject({ total: 0 });
  });

  it('exchange.importMarkdown through the API and the browser host', async () => {
    const t = openTestCatalogue();
    const folder = path.join(t.dir, 'incoming', 'partner-md');
    fs.mkdirSync(folder, { recursive: true });
    const marker = path.join(tempDir(), 'marker');
    fs.writeFileSync(path.join(folder, 'x.md'), payload('---javascript', marker));
    const host = await startHost({
      handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }),
      rendererDir: tempDir(),
      attachment: () => undefined,
      filesDir: t.dir,
    });
    try {
      expect(await failure(t.client.call('exchange.importMarkdown', { path: folder }), 'INVALID_INPUT')).toBe(
        'x.md: front matter in javascript is not accepted; only YAML.',
      );
      const response = await fetch(`http://127.0.0.1:${host.port}/api/exchange.importMarkdown`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ratio-Token': host.token },
        body: JSON.stringify({ path: folder }),
      });
      const body = (await response.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'x.md: front matter in javascript is not accepted; only YAML.' } });
      expect(ran(marker)).toBe(false);
      expect(t.catalogue.stats().entries).toBe(0);
    } finally {
      await host.close();
      t.close();
    }
  });
});

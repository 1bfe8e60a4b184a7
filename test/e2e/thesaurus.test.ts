import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { createLocalClient } from '../../electron/api/local-client.js';
import { newId } from '../../electron/core/ids.js';
import { openPage, screenshot, useHostAndBrowser } from './harness.js';
import { untranslatedOn } from './untranslated.js';

/**
 * The librarian's thesaurus screen in Chromium: a concept found by the filter and the
 * keyboard, a Chinese label added in the editor and in "missing translations" (where the
 * concept then leaves the list), a move, a refused cycle, a merge undone with Ctrl+Z and made
 * again, checked through the API,
 * suggestions accepted and rejected, a Turtle file imported with its report, an export
 * downloaded, and the screen in Russian and Chinese without English interface text.
 */
const env = useHostAndBrowser();

const api = () => {
  const client = createLocalClient(createHandlers(env.host().catalogue, { resourcesDir: () => '' }));
  return client.call.bind(client);
};

const url = (hash: string): string => `${env.host().host.url}${hash}`;
const LOCALES = { en: 'en-US', ru: 'ru-RU', zh: 'zh-CN' } as const;

type Lang = 'en' | 'ru' | 'zh-Hans';
async function concept(pref: Partial<Record<Lang, string>>, broader: string | null = null, alt: [Lang, string][] = []): Promise<string> {
  const labels = [
    ...Object.entries(pref).map(([lang, text]) => ({ lang, kind: 'pref' as const, text })),
    ...alt.map(([lang, text]) => ({ lang, kind: 'alt' as const, text })),
  ];
  return (await api()('thesaurus.create', { labels, broader, codes: [] })).id;
}

/** A suggestion as the catalogue's candidate finder would leave it (there is no operation that adds one). */
function suggest(conceptId: string, lang: string, text: string): string {
  const id = newId();
  env
    .host()
    .catalogue.db.prepare(
      "INSERT INTO concept_suggestions (id, concept_id, lang, text, source, state, created_at) VALUES (?, ?, ?, ?, 'links:related', 'open', ?)",
    )
    .run(id, conceptId, lang, text, new Date().toISOString());
  return id;
}

/** Every label and URI: what the language checks treat as catalogue data. */
async function dataStrings(): Promise<string[]> {
  const call = api();
  const out: string[] = [];
  for (const node of (await call('thesaurus.tree', {})).concepts) {
    const full = await call('thesaurus.get', { id: node.id });
    out.push(full.uri, ...full.labels.map((l) => l.text));
  }
  return out.sort((a, b) => b.length - a.length);
}

const TURTLE = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix t: <https://example.org/thesaurus/> .
t:finishing a skos:Concept ; skos:prefLabel "finishing"@en, "отделка"@ru, "整理"@zh-Hans .
t:fulling a skos:Concept ; skos:prefLabel "fulling"@en, "валка"@ru, "缩绒"@zh-Hans ; skos:broader t:finishing ; skos:scopeNote "Felting wool cloth by moisture, heat and pressure."@en .
`;

describe('the thesaurus screen', () => {
  it('finds a concept, labels it in Chinese, moves, refuses a cycle and merges', async () => {
    const call = api();
    const textiles = await concept({ en: 'textiles', ru: 'текстиль', 'zh-Hans': '纺织' });
    const spinning = await concept({ en: 'wool spinning', ru: 'прядение шерсти' }, textiles);
    const cotton = await concept({ en: 'cotton', ru: 'хлопок' }, textiles);
    const dyeing = await concept({ en: 'dyeing', ru: 'крашение', 'zh-Hans': '染色' });
    const colouring = await concept({ en: 'colouring' }, null, [['en', 'coloring']]);
    await call('thesaurus.update', { id: colouring, addCodes: ['D06P'] });

    const { page, errors } = await openPage(env.browser(), env.host().host.url);
    await page.getByRole('link', { name: 'Thesaurus' }).click();
    const tree = page.getByRole('tree', { name: 'Concept tree' });
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(5);

    // The filter keeps the match and the concept above it; the keyboard opens the match.
    await page.getByLabel('Filter concepts').fill('spinn');
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(2);
    await tree.getByRole('treeitem').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('wool spinning');
    expect(await tree.locator(`[data-concept="${spinning}"]`).getAttribute('aria-level')).toBe('2');
    await screenshot(page, 'thesaurus-filter');

    // A Chinese preferred label from the editor.
    const editor = page.locator('.concept-editor');
    const addForm = editor.getByRole('form', { name: 'Add a label' });
    await addForm.getByLabel('Language').selectOption('zh-Hans');
    await addForm.getByLabel('Kind').selectOption('pref');
    await addForm.getByLabel('Text').fill('羊毛纺纱');
    await addForm.getByRole('button', { name: 'Add a label' }).click();
    await expect.poll(async () => (await call('thesaurus.get', { id: spinning })).labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '羊毛纺纱' });
    await expect.poll(() => tree.locator(`[data-concept="${spinning}"]`).textContent()).toContain('羊毛纺纱');

    // Missing translations: the labelled concept is gone from the list; one added inline leaves it too.
    await page.getByRole('tab', { name: 'Missing translations' }).click();
    const missing = page.locator('.missing-list');
    await expect.poll(() => missing.locator('li').count()).toBe(2);
    expect(await missing.locator(`[data-concept="${spinning}"]`).count()).toBe(0);
    await expect.poll(() => page.locator('.missing-translations [role=status]').textContent()).toContain('2 concepts have no preferred label in Chinese');
    await screenshot(page, 'thesaurus-missing');
    await missing.locator(`[data-concept="${cotton}"]`).getByLabel('Preferred label in Chinese').fill('棉花');
    await missing.locator(`[data-concept="${cotton}"]`).getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => missing.locator('li').count()).toBe(1);
    await expect.poll(() => page.locator('.missing-translations [role=status]').textContent()).toContain('1 concept has no preferred label in Chinese');
    expect((await call('thesaurus.missing', { lang: 'zh-Hans' })).concepts.map((c) => c.id)).toEqual([colouring]);
    expect((await call('thesaurus.get', { id: cotton })).labels).toContainEqual({ lang: 'zh-Hans', kind: 'pref', text: '棉花' });

    // Move cotton under wool spinning; moving textiles under cotton would close a cycle.
    await page.getByRole('tab', { name: 'Concepts' }).click();
    await page.getByLabel('Filter concepts').fill('');
    await tree.locator(`[data-concept="${cotton}"]`).click();
    await editor.getByLabel('Move under').selectOption(spinning);
    await editor.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(async () => (await call('thesaurus.get', { id: cotton })).broader).toEqual([spinning]);
    await expect.poll(() => tree.locator(`[data-concept="${cotton}"]`).getAttribute('aria-level')).toBe('3');
    await tree.locator(`[data-concept="${textiles}"]`).click();
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('textiles');
    await editor.getByLabel('Move under').selectOption(cotton);
    await editor.getByRole('button', { name: 'Move', exact: true }).click();
    await expect.poll(() => editor.getByRole('alert').textContent()).toContain('cannot be put under itself or a concept below it');
    expect((await call('thesaurus.get', { id: textiles })).broader).toEqual([]);
    await screenshot(page, 'thesaurus-cycle');

    // Merge colouring into dyeing: the preview counts what moves, the API sees the result.
    await tree.locator(`[data-concept="${colouring}"]`).click();
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('colouring');
    await editor.getByLabel('Merge into').selectOption(dyeing);
    await expect.poll(() => editor.locator('.merge-preview').textContent()).toContain('2 labels and 1 code');
    await screenshot(page, 'thesaurus-merge-preview');
    const unmerged = { colouring: await call('thesaurus.get', { id: colouring }), dyeing: await call('thesaurus.get', { id: dyeing }) };
    await editor.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('dyeing');
    // The toast offers the merge back; Ctrl/Cmd+Z takes it, and the concept comes back as it was, shown in the editor.
    const toast = page.getByTestId('undo-toast');
    await expect.poll(() => toast.textContent({ timeout: 3000 })).toContain('Merged “colouring” into “dyeing”');
    await page.keyboard.press('ControlOrMeta+z');
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('colouring');
    await expect.poll(() => page.locator('.concept-editor-pane > [role=status]').textContent()).toMatch(/^The merge is undone/);
    await expect.poll(() => page.locator('.toast').textContent()).toBe('Undone: the merged concept is back as it was.');
    expect(await call('thesaurus.get', { id: colouring })).toEqual(unmerged.colouring);
    expect(await call('thesaurus.get', { id: dyeing })).toEqual(unmerged.dyeing);
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(5);
    // Merged again, for good this time.
    await editor.getByLabel('Merge into').selectOption(dyeing);
    await editor.getByRole('button', { name: 'Merge', exact: true }).click();
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('dyeing');
    await expect.poll(() => page.locator('.concept-editor-pane > [role=status]').textContent()).toMatch(/^Merged into this concept: /);
    const merged = await call('thesaurus.get', { id: dyeing });
    expect(merged.labels.map((l) => l.text)).toEqual(expect.arrayContaining(['dyeing', 'colouring', 'coloring']));
    expect(merged.codes.map((c) => c.code)).toContain('D06P');
    await expect(call('thesaurus.get', { id: colouring })).rejects.toThrow();
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(4);

    // A new concept under the one being edited, opened in the editor, then deleted.
    const create = page.getByRole('form', { name: 'New concept' });
    await create.getByRole('textbox').fill('mordanting');
    await create.getByRole('button', { name: 'Add the concept' }).click();
    await expect.poll(() => page.locator('.concept-editor h2').textContent()).toBe('mordanting');
    const made = (await call('thesaurus.tree', {})).concepts.find((c) => c.prefLabels.en === 'mordanting');
    expect(made?.broader).toEqual([dyeing]);
    page.once('dialog', (dialog) => void dialog.accept());
    await editor.getByRole('button', { name: 'Delete this concept' }).click();
    await expect.poll(async () => (await call('thesaurus.tree', {})).concepts.some((c) => c.prefLabels.en === 'mordanting')).toBe(false);
    await expect.poll(() => tree.getByRole('treeitem').count()).toBe(4);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('accepts and rejects suggestions, imports a Turtle file with its report and exports one', async () => {
    const call = api();
    const textiles = await concept({ en: 'weaving', ru: 'ткачество', 'zh-Hans': '织造' });
    const accept = suggest(textiles, 'en', 'cloth making');
    const reject = suggest(textiles, 'ru', 'тканьё');

    const { page, errors } = await openPage(env.browser(), url('#/thesaurus'));
    await page.getByRole('tab', { name: 'Suggestions' }).click();
    const list = page.locator('.suggestion-list');
    await expect.poll(() => list.locator('li').count()).toBe(2);
    await screenshot(page, 'thesaurus-suggestions');
    // Looking again in a catalogue without entries finds nothing new and keeps the open ones.
    await page.getByRole('button', { name: 'Look for candidates in the catalogue' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Look for candidates in the catalogue' }).isEnabled()).toBe(true);
    expect(await list.locator('li').count()).toBe(2);
    await list.locator(`[data-suggestion="${accept}"]`).getByRole('button', { name: 'Accept as alternative' }).click();
    await expect.poll(async () => (await call('thesaurus.get', { id: textiles })).labels).toContainEqual({ lang: 'en', kind: 'alt', text: 'cloth making' });
    await list.locator(`[data-suggestion="${reject}"]`).getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => list.count()).toBe(0);
    expect((await call('thesaurus.suggestions', { state: 'rejected' })).suggestions.map((s) => s.id)).toEqual([reject]);
    expect((await call('thesaurus.get', { id: textiles })).labels.map((l) => l.text)).not.toContain('тканьё');

    await page.getByRole('tab', { name: 'Import and export' }).click();
    await page.locator('input[type=file]').setInputFiles({ name: 'finishing.ttl', mimeType: 'text/turtle', buffer: Buffer.from(TURTLE) });
    const report = page.locator('.skos-report');
    await expect.poll(() => report.textContent()).toContain('Imported finishing.ttl: 2 concepts created');
    expect(await report.textContent()).toContain('No conflicts.');
    await screenshot(page, 'thesaurus-import');
    const fulling = (await call('thesaurus.tree', {})).concepts.find((c) => c.uri === 'https://example.org/thesaurus/fulling');
    expect(fulling?.prefLabels).toEqual({ en: 'fulling', ru: 'валка', 'zh-Hans': '缩绒' });
    // The same file again changes nothing.
    await page.locator('input[type=file]').setInputFiles({ name: 'finishing.ttl', mimeType: 'text/turtle', buffer: Buffer.from(TURTLE) });
    await expect.poll(() => report.textContent()).toContain('2 unchanged');
    // A broader concept neither in the file nor here is a conflict, named with the importer's reason.
    const orphan =
      '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<https://example.org/thesaurus/napping> a skos:Concept ; skos:prefLabel "napping"@en ; skos:broader <https://example.org/thesaurus/nowhere> .\n';
    await page.locator('input[type=file]').setInputFiles({ name: 'napping.ttl', mimeType: 'text/turtle', buffer: Buffer.from(orphan) });
    await expect.poll(() => report.textContent()).toContain('Imported napping.ttl: 1 concept created');
    expect(await report.locator('.skos-conflicts li').allTextContents()).toEqual([
      expect.stringMatching(/^https:\/\/example\.org\/thesaurus\/napping: broader concept .*nowhere is neither in the file nor in the catalogue$/),
    ]);
    expect(await report.textContent()).toContain('1 conflict:');
    await screenshot(page, 'thesaurus-import-conflict');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('thesaurus.ttl');
    const text = fs.readFileSync(await download.path(), 'utf8');
    expect(text).toContain('https://example.org/thesaurus/fulling');
    expect(text).toMatch(/"缩绒"@zh-hans/i);
    const count = (await call('thesaurus.tree', {})).concepts.length;
    await expect.poll(() => page.locator('.skos-files [role=status].notice').textContent()).toBe(`Exported ${count} concepts.`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const language of ['ru', 'zh'] as const) {
    it(`shows every part of the thesaurus screen in ${language} without English interface text`, async () => {
      const textiles = await concept({ en: `carding ${language}`, ru: `кардочесание ${language}` });
      await concept({ en: `scouring ${language}` }, textiles);
      suggest(textiles, 'zh-Hans', `纺织品${language}`);
      const data = await dataStrings();
      const { page, errors } = await openPage(env.browser(), url('#/thesaurus'), LOCALES[language]);
      const untranslated: string[] = [];
      const check = async (screen: string): Promise<void> => {
        untranslated.push(...(await untranslatedOn(page, language, `thesaurus-${screen}`, data)));
      };
      const tree = page.getByRole('tree');
      await tree.locator(`[data-concept="${textiles}"]`).click();
      await page.locator('.concept-editor h2').waitFor();
      await page.locator('.concept-editor select').nth(4).selectOption({ index: 1 });
      await page.locator('.merge-preview').waitFor();
      await check('concepts');
      await page.getByRole('tab').nth(1).click();
      await page.locator('.missing-translations [role=status]').waitFor();
      await check('missing');
      await page.getByRole('tab').nth(2).click();
      await page.locator('.suggestion-list li').first().waitFor();
      await check('suggestions');
      await page.getByRole('tab').nth(3).click();
      await page.locator('input[type=file]').setInputFiles({ name: 'finishing.ttl', mimeType: 'text/turtle', buffer: Buffer.from(TURTLE) });
      await page.locator('.skos-report').waitFor();
      await check('files');
      // A conflict's reason is said in the interface's language, the file's URIs kept as data.
      const orphan = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<https://example.org/thesaurus/napping-${language}> a skos:Concept ; skos:prefLabel "napping ${language}"@en ; skos:broader <https://example.org/thesaurus/nowhere> .\n`;
      await page.locator('input[type=file]').setInputFiles({ name: 'napping.ttl', mimeType: 'text/turtle', buffer: Buffer.from(orphan) });
      const reason = page.locator('.skos-conflicts li');
      await expect.poll(() => reason.count()).toBe(1);
      expect(await reason.textContent()).toMatch(
        language === 'ru'
          ? /: более широкого понятия https:\/\/example\.org\/thesaurus\/nowhere нет ни в файле, ни в каталоге$/
          : /：?上位概念 https:\/\/example\.org\/thesaurus\/nowhere 既不在文件中，也不在目录中$/,
      );
      await check('files-conflict');
      expect(untranslated).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});

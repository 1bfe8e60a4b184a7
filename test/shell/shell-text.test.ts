// The shell's own words (menus, dialogs, the cannot-start screen) in English, Russian and
// Chinese: the same keys in every language, nothing left in English, the menu built from them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { menuTemplate, type MenuActions } from '../../electron/shell/menu.js';
import { ShellSettings } from '../../electron/shell/settings.js';
import { INTERFACE_LANGUAGES, SHELL_TEXT, pickLanguage, type InterfaceLanguage } from '../../electron/shell/shell-text.js';

type Leaf = string | ((...args: never[]) => string);
type Tree = { [key: string]: Leaf | Tree };

const SAMPLE_PATH = '/srv/ratio/plant-7';
const SAMPLE_OTHER = '/media/usb/ratio-backup.sqlite';
/** What each function of the catalogue is called with; a new function needs its line here. */
const SAMPLES: Record<string, unknown[]> = {
  'open.cannotOpen': [SAMPLE_PATH],
  'open.createIn': [SAMPLE_PATH],
  'restore.detail': [SAMPLE_OTHER, SAMPLE_PATH],
  'restore.previousKept': [SAMPLE_OTHER],
  'compact.detail': [SAMPLE_PATH],
  'compact.result': [1_268_776_960, 821_460_992],
  'backup.detail': [SAMPLE_OTHER, 5_000_000],
  'about.title': ['1.4.0'],
  'about.detail': [{ electron: '45.5.0', chrome: '140.0', node: '22.1.0' }],
  'start.addonProblem': ['x.node is missing', 'REMEDY'],
};

/** Each text by its dotted key; a function is called with its samples. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else if (typeof value === 'function') {
      const samples = SAMPLES[name];
      if (!samples) throw new Error(`no samples for ${name}`);
      out.set(name, (value as (...args: unknown[]) => string)(...samples));
    } else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

const CYRILLIC = /[\u0400-\u04ff]/;
const HAN = /[\u4e00-\u9fff]/;

describe('the shell catalogue', () => {
  const english = flatten(SHELL_TEXT.en as unknown as Tree);

  it.each(['ru', 'zh'] as const)('%s has every English key and nothing else, each text written in the language', (language) => {
    const theirs = flatten(SHELL_TEXT[language] as unknown as Tree);
    expect([...theirs.keys()].sort()).toEqual([...english.keys()].sort());
    const script = language === 'ru' ? CYRILLIC : HAN;
    // The About box's title is the product's name and version in every language.
    const sameEverywhere = new Set(['about.title']);
    for (const [key, text] of theirs) {
      expect(text.trim(), key).not.toBe('');
      if (sameEverywhere.has(key)) continue;
      expect(text, key).not.toBe(english.get(key));
      expect(text, `${key} is written in ${language}`).toMatch(script);
    }
  });

  it('puts the paths, sizes and versions it is given into every language', () => {
    for (const language of INTERFACE_LANGUAGES) {
      const text = SHELL_TEXT[language];
      expect(text.open.cannotOpen(SAMPLE_PATH), language).toContain(SAMPLE_PATH);
      expect(text.open.createIn(SAMPLE_PATH), language).toContain(SAMPLE_PATH);
      expect(text.restore.detail(SAMPLE_OTHER, SAMPLE_PATH), language).toContain(SAMPLE_OTHER);
      expect(text.restore.detail(SAMPLE_OTHER, SAMPLE_PATH), language).toContain(SAMPLE_PATH);
      expect(text.restore.previousKept('/c/catalogue.sqlite.bak'), language).toContain('/c/catalogue.sqlite.bak');
      expect(text.compact.detail(SAMPLE_PATH), language).toContain(SAMPLE_PATH);
      expect(text.backup.detail(SAMPLE_OTHER, 5_000_000), language).toContain(SAMPLE_OTHER);
      expect(text.start.addonProblem('x.node is missing', 'REMEDY'), language).toMatch(/x\.node is missing[\s\S]*REMEDY/);
      expect(text.about.detail({ electron: '45.5.0', chrome: '140.0', node: '22.1.0' }), language).toContain('Electron 45.5.0');
    }
  });

  it('writes sizes with the language’s own digits and words', () => {
    const before = 1_268_776_960;
    const after = 821_460_992;
    expect(SHELL_TEXT.en.compact.result(before, after)).toBe('1,210.0 MB → 783.4 MB: 426.6 MB freed.');
    expect(SHELL_TEXT.ru.compact.result(before, after)).toBe('1\u00a0210,0 МБ → 783,4 МБ: освобождено 426,6 МБ.');
    expect(SHELL_TEXT.zh.compact.result(before, after)).toBe('1,210.0 MB → 783.4 MB：释放了 426.6 MB。');
    expect(SHELL_TEXT.ru.compact.result(after, after)).toBe('783,4 МБ → 783,4 МБ: неиспользованного места не было.');
    expect(SHELL_TEXT.en.backup.detail('/b.sqlite', 5_000_000)).toMatch(/^\/b\.sqlite \(4,883 KiB\)\. /);
    expect(SHELL_TEXT.ru.backup.detail('/b.sqlite', 5_000_000)).toMatch(/^\/b\.sqlite \(4\u00a0883 КБ\)\. /);
  });

  it('starts in the remembered language, else the first system language it speaks, else English', () => {
    expect(pickLanguage('zh', ['ru-RU'])).toBe('zh');
    expect(pickLanguage(null, ['de-DE', 'ru-RU', 'en-US'])).toBe('ru');
    expect(pickLanguage(undefined, ['zh-Hans-CN'])).toBe('zh');
    expect(pickLanguage('fr', ['zh_TW'])).toBe('zh');
    expect(pickLanguage(null, ['RU'])).toBe('ru');
    expect(pickLanguage(null, ['de-DE', 'fr'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
  });
});

interface Item {
  label?: string;
  role?: string;
  type?: string;
  sublabel?: string;
  submenu?: Item[];
}

const noActions = (): MenuActions => ({
  newEntry: vi.fn(),
  importBundle: vi.fn(),
  exportBundle: vi.fn(),
  backUp: vi.fn(),
  restore: vi.fn(),
  compact: vi.fn(),
  openCatalogue: vi.fn(),
  openRecent: vi.fn(),
  clearRecent: vi.fn(),
  about: vi.fn(),
  shortcuts: vi.fn(),
});

/** Every item of the menu but separators and the recent catalogues (their folder names). */
function items(menu: Item[]): Item[] {
  return menu.flatMap((item) => (item.type === 'separator' || item.sublabel ? [] : [item, ...items(item.submenu ?? [])]));
}

describe('the menu in each language', () => {
  const PLATFORMS = ['linux', 'win32', 'darwin'] as const;
  const build = (language: InterfaceLanguage, platform: NodeJS.Platform, recent: string[]): Item[] =>
    menuTemplate(noActions(), { platform, recent, development: true, language }) as Item[];

  it.each(['ru', 'zh'] as const)('%s: every item has a label of the catalogue, and none is English', (language) => {
    const englishLabels = new Set(Object.values(SHELL_TEXT.en.menu));
    const ours = new Set(Object.values(SHELL_TEXT[language].menu));
    for (const platform of PLATFORMS) {
      for (const recent of [[], ['/data/plant/catalogue']]) {
        const all = items(build(language, platform, recent));
        const english = items(build('en', platform, recent));
        // The same menu, item for item, with the same roles.
        expect(
          all.map((i) => i.role),
          platform,
        ).toEqual(english.map((i) => i.role));
        for (const item of all) {
          expect(item.label, `${platform}: ${item.role ?? '?'} has a label`).toBeTypeOf('string');
          const label = item.label ?? '';
          if (label === 'Ratio') continue; // the macOS application menu is the product's name
          expect(englishLabels.has(label), `${platform}: "${label}" is English`).toBe(false);
          expect(ours.has(label), `${platform}: "${label}" comes from the ${language} catalogue`).toBe(true);
        }
      }
    }
  });

  it('labels every role item in English too, in the app’s own sentence case', () => {
    const labels = items(build('en', 'darwin', [])).map((i) => i.label);
    expect(labels).toContain('Toggle full screen');
    expect(labels).toContain('Bring all to front');
    expect(labels).not.toContain(undefined);
    expect(items(build('en', 'win32', [])).find((i) => i.role === 'quit')?.label).toBe('Exit');
    expect(items(build('ru', 'linux', [])).find((i) => i.role === 'quit')?.label).toBe('Выход');
    expect(items(build('zh', 'darwin', [])).find((i) => i.role === 'quit')?.label).toBe('退出 Ratio');
  });

  it('points at the same File items the page names (Файл › Импорт пакета…, 文件 › 导出数据包…)', () => {
    const file = (language: InterfaceLanguage): (string | undefined)[] => (build(language, 'linux', [])[0]?.submenu ?? []).map((i) => i.label);
    expect(file('ru')).toEqual(expect.arrayContaining(['Импорт пакета…', 'Экспорт пакета…']));
    expect(file('zh')).toEqual(expect.arrayContaining(['导入数据包…', '导出数据包…']));
  });
});

describe('the remembered language', () => {
  it('survives a restart beside the recent catalogues, and a bad value in the file is ignored', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ratio-shell-language-'));
    try {
      const file = path.join(dir, 'shell-settings.json');
      expect(new ShellSettings(file).language).toBeNull();
      const settings = new ShellSettings(file);
      settings.remember('/c/plant');
      settings.rememberLanguage('ru');
      const again = new ShellSettings(file);
      expect(again.language).toBe('ru');
      expect(again.recent).toEqual(['/c/plant']);
      again.clear();
      expect(new ShellSettings(file).language).toBe('ru');
      fs.writeFileSync(file, JSON.stringify({ recent: ['/c/plant'], language: 'de' }));
      expect(new ShellSettings(file).language).toBeNull();
      expect(new ShellSettings(file).recent).toEqual(['/c/plant']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

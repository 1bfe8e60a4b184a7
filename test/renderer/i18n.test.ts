import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en.js';
import { errorText, fieldName } from '../../renderer/src/i18n/error-text.js';
import { countedParts, formatBytes } from '../../renderer/src/i18n/format.js';
import { pickLanguage } from '../../renderer/src/i18n/languages.js';
import { PLURAL_FORMS } from '../../renderer/src/i18n/messages.js';
import { ru } from '../../renderer/src/i18n/ru.js';
import { zh } from '../../renderer/src/i18n/zh.js';
import { ERROR_CODES, RatioError, errorDetailOf } from '../../shared/errors.js';

type Tree = { [key: string]: string | Tree };
const LANGUAGES = { en, ru, zh } as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] as string).sort();

async function instance(language: keyof typeof LANGUAGES): Promise<I18n> {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
    lng: language,
    fallbackLng: false,
    interpolation: { escapeValue: false },
  });
  return i18n;
}

const i18n: Partial<Record<keyof typeof LANGUAGES, I18n>> = {};
beforeAll(async () => {
  for (const language of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) i18n[language] = await instance(language);
});
const at = (language: keyof typeof LANGUAGES): I18n => i18n[language] as I18n;

describe('the interface languages', () => {
  const english = flatten(en);

  it.each(['ru', 'zh'] as const)('%s has every English text, with the same placeholders and its own plural forms', (language) => {
    const theirs = flatten(LANGUAGES[language]);
    const base = (key: string): string => key.replace(PLURAL, '');
    const englishBases = new Set([...english.keys()].map(base));
    const theirBases = new Set([...theirs.keys()].map(base));
    expect([...theirBases].sort()).toEqual([...englishBases].sort());
    for (const [key, text] of theirs) {
      expect(text.trim(), key).not.toBe('');
      // A counted text says what the English `_other` says: Russian's `one` also covers 21, 31…
      const source = PLURAL.test(key) ? english.get(`${base(key)}_other`) : english.get(key);
      expect(source, key).toBeDefined();
      expect(placeholders(text), key).toEqual(placeholders(source as string));
    }
    // Every counted text has exactly the forms the language's plural rules choose from.
    const forms = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
    expect([...PLURAL_FORMS[language]].sort()).toEqual(forms);
    for (const counted of [...english.keys()].filter((k) => k.endsWith('_other')).map(base)) {
      const present = [...theirs.keys()].filter((k) => base(k) === counted && PLURAL.test(k)).map((k) => PLURAL.exec(k)?.[1]);
      expect(present.sort(), counted).toEqual(forms);
    }
  });

  it.each(['ru', 'zh'] as const)('%s has no English words beyond names, formats, units and search syntax', (language) => {
    const allowed =
      /\{\{\s*\w+\s*\}\}|\bCtrl\/Cmd\+[A-Z]\b|\b(?:Ratio|Markdown|PDF|KB|MB|GB|https|Enter|Esc|Shift|SKOS|Turtle|RDF\/XML|URI|IPC|OCR)\b|\.(?:ratio|ttl|rdf)\b|\b(?:en|ru|zh-Hans)\b(?=[,、 ])|\bzh-Hans\b|\b(?:title|tag|class|summary|body|author|enterprise|registration|file):|\b[A-H]\d{2}[A-Z]?(?:\s*\d{1,4}\/\d{1,6})?\b|\b[A-H]\b/g;
    const english: string[] = [];
    for (const [key, text] of flatten(LANGUAGES[language])) {
      const words = text.replace(allowed, ' ').match(/[A-Za-z]+/g);
      if (words) english.push(`${key}: ${words.join(' ')}`);
    }
    expect(english).toEqual([]);
  });

  it('counts through each language’s plural rules', () => {
    const conflicts = (language: keyof typeof LANGUAGES, count: number): string => at(language).t('counts.conflicts', { count });
    expect([1, 3].map((n) => conflicts('en', n))).toEqual(['1 conflict', '3 conflicts']);
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => conflicts('ru', n))).toEqual([
      '1 конфликт',
      '2 конфликта',
      '5 конфликтов',
      '11 конфликтов',
      '21 конфликт',
      '22 конфликта',
      '25 конфликтов',
    ]);
    expect(conflicts('zh', 1)).toBe('冲突 1 条');
    expect(at('en').t('library.results', { count: 1 })).toBe('1 entry');
    expect(at('ru').t('tags.count', { count: 1 })).toBe('1 запись');
    expect(at('ru').t('tags.count', { count: 14 })).toBe('14 записей');
    expect(
      countedParts(at('en').t, 'en', [
        ['new', 1],
        ['conflicts', 1],
      ]),
    ).toBe('1 new, 1 conflict');
    expect(
      countedParts(at('zh').t, 'zh-CN', [
        ['new', 2],
        ['keptBoth', 1],
      ]),
    ).toBe('新增 2 条、两者都保留 1 条');
  });

  it('says sizes with unit names of the language', () => {
    const size = (language: keyof typeof LANGUAGES, bytes: number): string => formatBytes(bytes, at(language).t, language);
    expect([1, 565, 2048, 5 * 1024 * 1024 + 300_000].map((b) => size('en', b))).toEqual(['1 byte', '565 bytes', '2 KB', '5.3 MB']);
    expect([1, 2, 565, 1536].map((b) => size('ru', b))).toEqual(['1 байт', '2 байта', '565 байт', '1,5 КБ']);
    expect(size('zh', 565)).toBe('565 字节');
  });

  it('translates the core’s errors by detail, else by code, and shows English only in English', () => {
    const quote = new RatioError('INVALID_INPUT', 'The query has an opening quote (") with no closing one.', { key: 'query.openQuote' });
    expect(errorText(quote, at('en'))).toBe(quote.message);
    expect(errorText(quote, at('ru'))).toBe('В запросе есть открывающая кавычка (") без закрывающей.');
    expect(errorText(quote, at('zh'))).toBe('查询中有左引号（"）却没有右引号。');
    const empty = new RatioError('INVALID_INPUT', 'entries.create: title: A title cannot be empty.', {
      key: 'validation.required',
      params: { field: 'title' },
    });
    expect(errorText(empty, at('ru'))).toBe('Поле «Название» не может быть пустым.');
    expect(errorText(empty, at('zh'))).toBe('“标题”不能为空。');
    // No detail (or one this version cannot say): the code's sentence, never the English message.
    for (const error of [
      new RatioError('BUNDLE_REFUSED', 'invalid central directory file header signature'),
      new RatioError('NOT_FOUND', 'x', { key: 'core.somethingNew' }),
    ]) {
      expect(errorText(error, at('en'))).toBe(error.message);
      expect(errorText(error, at('ru'))).toBe(ru.errors.codes[error.code]);
      expect(errorText(error, at('zh'))).toBe(zh.errors.codes[error.code]);
    }
    expect(errorText(new TypeError('Failed to fetch'), at('ru'))).toBe(ru.errors.codes.INTERNAL);
    expect(fieldName('registration', at('zh'))).toBe('登记号');
    expect(fieldName('', at('ru'))).toBe('Поле');
  });

  it('has a sentence for every error code in every language', () => {
    for (const language of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      expect(Object.keys(LANGUAGES[language].errors.codes).sort()).toEqual(Object.keys(ERROR_CODES).sort());
    }
  });

  it('keeps a detail from across a boundary only when it has the expected shape', () => {
    expect(errorDetailOf({ key: 'query.openQuote' })).toEqual({ key: 'query.openQuote' });
    expect(errorDetailOf({ key: 'validation.tooLong', params: { field: 'title', maximum: 500 } })).toEqual({
      key: 'validation.tooLong',
      params: { field: 'title', maximum: 500 },
    });
    for (const bad of [
      null,
      'query.openQuote',
      { key: '../x' },
      { key: 'a.b', params: { x: { y: 1 } } },
      { key: 'a', params: [1] },
      { key: 'a', params: { n: Number.NaN } },
    ]) {
      expect(errorDetailOf(bad)).toBeUndefined();
    }
  });

  it('chooses the interface language from the system on first run, then keeps the choice', () => {
    expect(pickLanguage(null, ['zh-CN'])).toBe('zh');
    expect(pickLanguage(null, ['zh-TW', 'en'])).toBe('zh');
    expect(pickLanguage(null, ['zh'])).toBe('zh');
    expect(pickLanguage(null, ['de-DE', 'ru-RU'])).toBe('ru');
    expect(pickLanguage(null, ['fr-FR'])).toBe('en');
    expect(pickLanguage(null, [])).toBe('en');
    expect(pickLanguage('ru', ['zh-CN'])).toBe('ru');
    expect(pickLanguage('xx', ['zh-CN'])).toBe('zh');
  });
});

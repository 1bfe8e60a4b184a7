import type { Browser, Page } from 'playwright';
import { expect } from 'vitest';
import { openPage, screenshot } from './harness.js';

/**
 * Finds interface text that is not in the page's language. Data is what the page marks with
 * `data-content` (titles, names, tags, bodies…); everything else a person reads or hears —
 * text, placeholders, aria-labels, titles, dialogs — must be in the chosen language. Any test
 * that opens a screen can call `untranslatedOn` after a screenshot of it.
 */

/** Latin text that belongs in every language: the product, formats, units, keys, search syntax, IPC codes. */
const ALLOWED =
  /\b(?:Ratio|CSV|PDF|Markdown|KB|MB|GB|https|SKOS|Turtle|RDF\/XML|URI|IPC|OCR|Enter)\b|\.(?:ttl|rdf)\b|\.ratio\b|\b(?:title|tag|class|summary|body|author|enterprise|registration|file):|\b[A-H]\d{2}[A-Z]?(?:\s*\d{1,4}\/\d{1,6})?\b|\b[A-H]\b/g;

export function englishWords(text: string): string[] {
  return text.replace(ALLOWED, ' ').match(/[A-Za-z]+/g) ?? [];
}

/** Every text node and person-facing attribute outside data, with where it is (runs in the page). */
export const COLLECT = `(() => {
  const docLang = (document.documentElement.lang || '').split('-')[0];
  const skip = (el) => {
    if (el.closest('[data-content], script, style, template')) return true;
    const marked = el.closest('[lang]');
    return marked !== null && marked !== document.documentElement && (marked.getAttribute('lang') || '').split('-')[0] !== docLang;
  };
  const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''));
    }
    return parts.join(' > ');
  };
  const out = [{ text: document.title, where: 'document.title', attribute: true }];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node.nodeValue || '').trim();
    // A form control's text is what the person typed; an SVG title is a tooltip, quoting data like an attribute.
    if (!el || text === '' || skip(el) || el.closest('textarea')) continue;
    out.push({ text, where: describe(el), attribute: el.closest('svg title') !== null });
  }
  for (const el of document.body.querySelectorAll('[placeholder], [aria-label], [title], [alt]')) {
    if (skip(el)) continue;
    for (const name of ['placeholder', 'aria-label', 'title', 'alt']) {
      const value = el.getAttribute(name);
      if (value && value.trim() !== '') out.push({ text: value, where: describe(el) + ' @' + name, attribute: true });
    }
  }
  return out;
})()`;

export interface Found {
  text: string;
  where: string;
  attribute: boolean;
}

export function stripData(text: string, data: readonly string[]): string {
  let rest = text;
  for (const value of data) if (value.length > 0) rest = rest.split(value).join(' ');
  return rest;
}

/** English counts that skipped the plural rules ("1 entries", "565 byte"). */
export const WRONG_PLURAL = /(?<![\d.,])1 (?:entries|conflicts|attachments|revisions|adoptions|links|bundles|new tags)\b|\b(?:[02-9]|\d{2,})[\d,.]* byte\b/g;

/**
 * Saves a screenshot named after the language and screen, then lists what on the page is not
 * in that language (in English: counts that skipped the plural rules). `data` are catalogue
 * strings an attribute or dialog may quote.
 */
export async function untranslatedOn(page: Page, language: 'en' | 'ru' | 'zh', screen: string, data: readonly string[] = []): Promise<string[]> {
  await screenshot(page, `lang-${language}-${screen}`);
  const untranslated: string[] = [];
  if (language === 'en') {
    const wrong = (await page.locator('body').innerText()).match(WRONG_PLURAL);
    if (wrong) untranslated.push(`${screen}: counted without plural rules: ${wrong.join(', ')}`);
    return untranslated;
  }
  const found = await page.evaluate<Found[]>(COLLECT);
  // The walk reads the screen it thinks it reads: the interface's own words are there.
  const script = language === 'ru' ? /[а-яё]/i : /[\u4e00-\u9fff]/;
  expect(found.filter((f) => script.test(f.text)).length, screen).toBeGreaterThan(5);
  for (const item of found) {
    const words = englishWords(item.attribute ? stripData(item.text, data) : item.text);
    if (words.length > 0) untranslated.push(`${screen}: ${item.where}: “${item.text}” (${words.join(' ')})`);
  }
  return untranslated;
}

/**
 * Opens `url` in Russian and then in Chinese, lets `show` bring up the screen, and lists what
 * on it is not in that language (untranslatedOn), for a test that checks one screen in both.
 */
export async function untranslatedInRuAndZh(browser: Browser, url: string, screen: string, show: (page: Page) => Promise<void>): Promise<string[]> {
  const untranslated: string[] = [];
  for (const [language, locale] of [
    ['ru', 'ru-RU'],
    ['zh', 'zh-CN'],
  ] as const) {
    const { page } = await openPage(browser, url, locale);
    await show(page);
    untranslated.push(...(await untranslatedOn(page, language, screen)));
    await page.context().close();
  }
  return untranslated;
}

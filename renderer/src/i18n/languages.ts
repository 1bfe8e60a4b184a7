import type { InterfaceLanguage } from '../../../shared/languages.js';

export { INTERFACE_LANGUAGES, isInterfaceLanguage, pickLanguage, type InterfaceLanguage } from '../../../shared/languages.js';

/** Each language by its own name, as the switcher lists them. */
export const LANGUAGE_NAMES: Record<InterfaceLanguage, string> = { en: 'English', ru: 'Русский', zh: '简体中文' };

/** The BCP 47 tag for dates, numbers and the document: Chinese is the simplified script of mainland China. */
export function languageTag(language: string): string {
  return language === 'zh' ? 'zh-CN' : language;
}

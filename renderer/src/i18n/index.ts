import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { INTERFACE_LANGUAGES, pickLanguage, type InterfaceLanguage } from './languages.js';
import { ru } from './ru.js';
import { zh } from './zh.js';

export { INTERFACE_LANGUAGES, LANGUAGE_NAMES, languageTag, type InterfaceLanguage } from './languages.js';
export { followInterfaceLanguage } from './follow.js';

const STORAGE_KEY = 'ratio-language';

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

/** The page's language tag, so screen readers and the CJK font rules (`:lang(zh)`) know it. */
function markDocument(language: InterfaceLanguage): void {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : language;
}

export async function initI18n(): Promise<void> {
  const language = pickLanguage(storedLanguage(), navigator.languages.length > 0 ? navigator.languages : [navigator.language]);
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
    lng: language,
    supportedLngs: [...INTERFACE_LANGUAGES],
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  markDocument(language);
}

export function setInterfaceLanguage(language: InterfaceLanguage): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage refused (a private window): the choice lasts for this page only.
  }
  void i18next.changeLanguage(language);
  markDocument(language);
}

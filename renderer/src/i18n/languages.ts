export const INTERFACE_LANGUAGES = ['en', 'ru', 'zh'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];

/** Each language by its own name, as the switcher lists them. */
export const LANGUAGE_NAMES: Record<InterfaceLanguage, string> = { en: 'English', ru: 'Русский', zh: '简体中文' };

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (INTERFACE_LANGUAGES as readonly string[]).includes(value);
}

/** The BCP 47 tag for dates, numbers and the document: Chinese is the simplified script of mainland China. */
export function languageTag(language: string): string {
  return language === 'zh' ? 'zh-CN' : language;
}

/**
 * The interface language: the one chosen before, else the first of the system's languages
 * Ratio speaks (`ru-RU` → ru, any `zh*` → zh), else English.
 */
export function pickLanguage(stored: string | null, system: readonly string[]): InterfaceLanguage {
  if (isInterfaceLanguage(stored)) return stored;
  for (const tag of system) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isInterfaceLanguage(primary)) return primary;
  }
  return 'en';
}

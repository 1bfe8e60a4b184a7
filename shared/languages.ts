/** The languages Ratio's interface speaks: the renderer's pages and the desktop shell's menus and dialogs alike. */
export const INTERFACE_LANGUAGES = ['en', 'ru', 'zh'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];

export function isInterfaceLanguage(value: unknown): value is InterfaceLanguage {
  return typeof value === 'string' && (INTERFACE_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The interface language: the one chosen before, else the first of the system's languages
 * Ratio speaks (`ru-RU` → ru, any `zh*` → zh), else English.
 */
export function pickLanguage(stored: string | null | undefined, system: readonly string[]): InterfaceLanguage {
  if (isInterfaceLanguage(stored)) return stored;
  for (const tag of system) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isInterfaceLanguage(primary)) return primary;
  }
  return 'en';
}

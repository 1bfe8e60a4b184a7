import i18next from 'i18next';
import { isInterfaceLanguage, type InterfaceLanguage } from './languages.js';

/**
 * Calls `listener` with the interface language now and after every change (the desktop shell
 * follows it with its menus and dialogs). Returns a function that stops following. No DOM
 * here: it is tested under Node.
 */
export function followInterfaceLanguage(listener: (language: InterfaceLanguage) => void): () => void {
  const tell = (language: string | undefined): void => {
    if (isInterfaceLanguage(language)) listener(language);
  };
  tell(i18next.resolvedLanguage ?? i18next.language);
  i18next.on('languageChanged', tell);
  return () => i18next.off('languageChanged', tell);
}

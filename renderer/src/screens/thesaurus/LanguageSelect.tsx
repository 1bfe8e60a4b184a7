import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SHOWN_LANGUAGES, type ShownLanguage } from './concept-tree.js';

/** A labelled choice of one of the languages the thesaurus shows, each named in the interface's language. */
export function LanguageSelect({ label, value, onChange }: { label: string; value: ShownLanguage; onChange: (lang: ShownLanguage) => void }): ReactNode {
  const { t } = useTranslation();
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value as ShownLanguage)}>
        {SHOWN_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`thesaurus.languages.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

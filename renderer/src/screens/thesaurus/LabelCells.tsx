import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Data } from '../../components/common.js';
import { SHOWN_LANGUAGES } from './concept-tree.js';

/** A language tag as a small badge; the tag is the same in every interface language, its name is not. */
export function LangBadge({ lang }: { lang: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const name = i18n.exists(`thesaurus.languages.${lang}`) ? t(`thesaurus.languages.${lang}`) : undefined;
  return (
    <abbr className="lang-badge" title={name}>
      <Data>{lang}</Data>
    </abbr>
  );
}

/** A concept's preferred labels in the shown languages, one cell each, a dash where one is missing. */
export function LabelCells({ labels }: { labels: Readonly<Record<string, string>> }): ReactNode {
  const { t } = useTranslation();
  return (
    <span className="label-cells">
      {SHOWN_LANGUAGES.map((lang) => {
        const text = labels[lang];
        return (
          <span key={lang} className={`label-cell${text === undefined ? ' missing' : ''}`}>
            <LangBadge lang={lang} />{' '}
            {text === undefined ? (
              <span className="muted" title={t('thesaurus.noLabel')}>
                —
              </span>
            ) : (
              <Data lang={lang} className="concept-label">
                {text}
              </Data>
            )}
          </span>
        );
      })}
    </span>
  );
}

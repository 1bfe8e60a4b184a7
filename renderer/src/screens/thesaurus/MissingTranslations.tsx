import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConceptNode } from '../../../../shared/schemas/thesaurus.js';
import { useTransport } from '../../app/context.js';
import { useCall } from '../../app/use-call.js';
import { ErrorMessage, Loading } from '../../components/common.js';
import { LabelCells } from './LabelCells.js';
import { LanguageSelect } from './LanguageSelect.js';
import type { ShownLanguage } from './concept-tree.js';

/** How many concepts the list shows at once; the count says how many more there are. */
const PAGE = 200;

function MissingRow({ node, lang, onAdded }: { node: ConceptNode; lang: ShownLanguage; onAdded: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>();
  const languageName = t(`thesaurus.languages.${lang}`);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    client.call('thesaurus.addLabel', { id: node.id, lang, kind: 'pref', text }).then(onAdded, (e: unknown) => setError(e));
  };
  return (
    <li className="missing-row" data-concept={node.id}>
      <LabelCells labels={node.prefLabels} />
      <form className="inline-form" onSubmit={submit}>
        <input value={text} onChange={(e) => setText(e.target.value)} lang={lang} required aria-label={t('thesaurus.missing.field', { lang: languageName })} />
        <button type="submit">{t('thesaurus.missing.add')}</button>
      </form>
      {error !== undefined && <ErrorMessage error={error} />}
    </li>
  );
}

/** Concepts without a preferred label in one language, each with a field to give it one. */
export function MissingTranslations({ onChanged }: { onChanged: () => void }): ReactNode {
  const { t } = useTranslation();
  const [lang, setLang] = useState<ShownLanguage>('zh-Hans');
  const missing = useCall('thesaurus.missing', { lang, limit: PAGE, offset: 0 });
  const [added, setAdded] = useState(0);
  const languageName = t(`thesaurus.languages.${lang}`);
  return (
    <section className="missing-translations" aria-labelledby="missing-heading">
      <h2 id="missing-heading">{t('thesaurus.missing.heading')}</h2>
      <LanguageSelect
        label={t('thesaurus.missing.language')}
        value={lang}
        onChange={(l) => {
          setLang(l);
          setAdded(0);
        }}
      />
      {missing.error ? (
        <ErrorMessage error={missing.error} onRetry={missing.reload} />
      ) : !missing.data ? (
        <Loading />
      ) : (
        <>
          <p role="status">
            {missing.data.total === 0
              ? t('thesaurus.missing.none', { lang: languageName })
              : t('thesaurus.missing.total', { count: missing.data.total, lang: languageName })}
            {added > 0 && <> {t('thesaurus.missing.added')}</>}
          </p>
          <ul className="missing-list">
            {missing.data.concepts.map((node) => (
              <MissingRow
                key={`${lang}:${node.id}`}
                node={node}
                lang={lang}
                onAdded={() => {
                  setAdded((n) => n + 1);
                  missing.reload();
                  onChanged();
                }}
              />
            ))}
          </ul>
          {missing.data.total > missing.data.concepts.length && (
            <p className="muted">
              {t('thesaurus.missing.more', { shown: missing.data.concepts.length, count: missing.data.total - missing.data.concepts.length })}
            </p>
          )}
        </>
      )}
    </section>
  );
}

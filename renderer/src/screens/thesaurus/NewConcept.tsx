import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage } from '../../components/common.js';
import { SHOWN_LANGUAGES, type ShownLanguage } from './concept-tree.js';

/** A new concept from its first preferred label, at the top or under the concept being edited. */
export function NewConcept({ under, onCreated }: { under: { id: string; name: string } | null; onCreated: (id: string) => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [lang, setLang] = useState<ShownLanguage>('en');
  const [text, setText] = useState('');
  const [below, setBelow] = useState(true);
  const [error, setError] = useState<unknown>();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    const broader = below && under ? under.id : null;
    client.call('thesaurus.create', { labels: [{ lang, kind: 'pref', text }], broader, codes: [], scopeNotes: [] }).then(
      (created) => {
        setText('');
        onCreated(created.id);
      },
      (e: unknown) => setError(e),
    );
  };
  return (
    <form className="inline-form new-concept" onSubmit={submit} aria-label={t('thesaurus.create.heading')}>
      <label>
        {t('thesaurus.create.label')}{' '}
        <select aria-label={t('thesaurus.editor.language')} value={lang} onChange={(e) => setLang(e.target.value as ShownLanguage)}>
          {SHOWN_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {t(`thesaurus.languages.${l}`)}
            </option>
          ))}
        </select>{' '}
        <input value={text} onChange={(e) => setText(e.target.value)} lang={lang} required />
      </label>
      {under && (
        <label>
          <input type="checkbox" checked={below} onChange={(e) => setBelow(e.target.checked)} /> {t('thesaurus.create.under')} <Data>{under.name}</Data>
        </label>
      )}
      <button type="submit">{t('thesaurus.create.submit')}</button>
      {error !== undefined && <ErrorMessage error={error} />}
    </form>
  );
}

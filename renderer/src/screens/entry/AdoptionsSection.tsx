import { useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Adoption, EntryDetail } from '../../../../shared/schemas/entry.js';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage, Sentence, formatDate } from '../../components/common.js';
import { plainName } from '../../text/bidi.js';
import { AdoptionEditor } from './AdoptionEditor.js';
import { EffectsTable } from './EffectsTable.js';

/** Who adopted the entry and when, with the adoption's note: on the entry page and a trashed entry's. */
export function AdoptedLine({ adoption }: { adoption: Pick<Adoption, 'enterprise' | 'date' | 'note'> }): ReactNode {
  const { i18n } = useTranslation();
  return (
    <p>
      <Sentence k="entry.adoptedBy" values={{ enterprise: <Data>{adoption.enterprise.name}</Data>, date: formatDate(adoption.date, i18n.language) }} />
      {adoption.note && (
        <span className="muted">
          {' '}
          — <Data>{adoption.note}</Data>
        </span>
      )}
    </p>
  );
}

/** The entry's adoptions with their measured effects; each can be edited or removed, and a new one recorded. */
export function AdoptionsSection({ entry, onChanged }: { entry: EntryDetail; onChanged: () => void }): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const [editing, setEditing] = useState<string | null>(null); // an adoption's id, or 'new'
  const [error, setError] = useState<unknown>();
  const addButton = useRef<HTMLButtonElement>(null);
  const locale = i18n.language;

  const close = (changed: boolean): void => {
    setEditing(null);
    if (changed) onChanged();
    requestAnimationFrame(() => addButton.current?.focus());
  };

  const remove = (id: string, enterprise: string, date: string): void => {
    if (!window.confirm(t('adoptions.removeConfirm', { enterprise: plainName(enterprise), date: formatDate(date, locale) }))) return;
    setError(undefined);
    client.call('adoptions.remove', { id }).then(
      () => close(true),
      (e: unknown) => setError(e),
    );
  };

  return (
    <section aria-labelledby="adoptions-heading" className="adoptions">
      <h2 id="adoptions-heading">{t('entry.adoptions')}</h2>
      {entry.adoptions.length === 0 && editing !== 'new' && <p className="muted">{t('entry.noAdoptions')}</p>}
      {entry.adoptions.map((a) =>
        editing === a.id ? (
          <AdoptionEditor key={a.id} entryId={entry.id} adoption={a} onDone={() => close(true)} onCancel={() => close(false)} />
        ) : (
          <div key={a.id} className="adoption" data-adoption={a.id}>
            <AdoptedLine adoption={a} />
            {a.effects.length > 0 && <EffectsTable effects={a.effects} />}
            <div className="actions row-actions">
              <button type="button" onClick={() => setEditing(a.id)} disabled={editing !== null}>
                {t('adoptions.edit')}
              </button>
              <button type="button" className="danger" onClick={() => remove(a.id, a.enterprise.name, a.date)} disabled={editing !== null}>
                {t('adoptions.remove')}
              </button>
            </div>
          </div>
        ),
      )}
      {error !== undefined && <ErrorMessage error={error} />}
      {editing === 'new' ? (
        <AdoptionEditor entryId={entry.id} onDone={() => close(true)} onCancel={() => close(false)} />
      ) : (
        <button ref={addButton} type="button" className="add-adoption" onClick={() => setEditing('new')} disabled={editing !== null}>
          {t('adoptions.add')}
        </button>
      )}
    </section>
  );
}

import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SavedSearch } from '../../../shared/schemas/curation.js';
import { useTransport } from '../app/context.js';
import { sameLibraryState, type LibraryState } from '../app/library-url.js';
import { useCall } from '../app/use-call.js';
import { useCatalogueChanged } from '../app/undo.js';
import { Data, ErrorMessage } from '../components/common.js';

/** What applying a saved search shows: its query, filters and order, and the expansion chips it keeps switched off. */
function stateOf(saved: SavedSearch): LibraryState {
  return { query: saved.query, filters: saved.filters, sort: saved.sort, ...(saved.expandOff.length > 0 ? { expandOff: saved.expandOff } : {}) };
}

/** A one-field form for a search's name: the new one, or a rename. Escape cancels. */
function NameForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: string;
  submitLabel: string;
  onSubmit: (name: string) => Promise<void>;
  onCancel: () => void;
}): ReactNode {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (name.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    setFailure(undefined);
    try {
      await onSubmit(name.trim());
    } catch (error) {
      setFailure(error);
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    // The library reads Enter and the arrows as moving through and opening results; here they edit the name.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    }
  };
  return (
    <form className={`saved-search-form${missing ? ' invalid' : ''}`} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown} noValidate>
      <input
        aria-label={t('search.saved.name')}
        placeholder={t('search.saved.name')}
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setMissing(false);
        }}
        aria-invalid={missing}
        aria-describedby={missing ? 'saved-search-name-error' : undefined}
        maxLength={200}
        autoFocus
      />
      {missing && (
        <small className="field-error" id="saved-search-name-error">
          {t('search.saved.nameRequired')}
        </small>
      )}
      <span className="saved-search-buttons">
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('search.saved.cancel')}
        </button>
      </span>
      {failure !== undefined && <ErrorMessage error={failure} />}
    </form>
  );
}

/**
 * The saved searches in the sidebar: a name for a query, its filters, its order and the
 * expansion chips switched off. Choosing one applies it (a new history entry, so Back returns
 * to what was there); the one the library shows now is marked.
 */
export function SavedSearches({ state, onApply }: { state: LibraryState; onApply: (s: LibraryState) => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('savedSearches.list', {});
  useCatalogueChanged(reload);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>();
  const saveButton = useRef<HTMLButtonElement>(null);
  const searches = data?.searches ?? [];

  const list = useRef<HTMLUListElement>(null);
  /**
   * Where focus goes once a name form has closed: a search's own button, or the save button.
   * Taken after the render that removes the form (an animation frame may come before it).
   */
  const focusNext = useRef<{ search: string } | 'save' | null>(null);
  useEffect(() => {
    const next = focusNext.current;
    if (next === null) return;
    const target = next === 'save' ? saveButton.current : list.current?.querySelector<HTMLButtonElement>(`[data-saved-search="${CSS.escape(next.search)}"]`);
    if (target) {
      focusNext.current = null;
      target.focus();
    }
  });
  const focusSearch = (id: string): void => {
    focusNext.current = { search: id };
  };
  const create = async (name: string): Promise<void> => {
    await client.call('savedSearches.create', { name, query: state.query, filters: state.filters, sort: state.sort, expandOff: state.expandOff ?? [] });
    focusNext.current = 'save';
    setAdding(false);
    reload();
  };
  const rename = async (id: string, name: string): Promise<void> => {
    await client.call('savedSearches.update', { id, name });
    focusSearch(id);
    setRenaming(null);
    reload();
  };
  const remove = async (saved: SavedSearch): Promise<void> => {
    if (!window.confirm(t('search.saved.confirmDelete', { name: saved.name }))) return;
    setFailure(undefined);
    try {
      await client.call('savedSearches.delete', { id: saved.id });
      reload();
      saveButton.current?.focus();
    } catch (e) {
      setFailure(e);
    }
  };

  return (
    <section className="saved-searches" aria-labelledby="saved-searches-title">
      <h2 id="saved-searches-title">{t('search.saved.title')}</h2>
      {error !== undefined && <ErrorMessage error={error} onRetry={reload} />}
      {failure !== undefined && <ErrorMessage error={failure} />}
      {data && searches.length === 0 && <p className="muted">{t('search.saved.none')}</p>}
      {searches.length > 0 && (
        <ul ref={list} aria-labelledby="saved-searches-title">
          {searches.map((saved) => {
            const current = sameLibraryState(stateOf(saved), state);
            return (
              <li key={saved.id} className={current ? 'current' : undefined}>
                {renaming === saved.id ? (
                  <NameForm
                    initial={saved.name}
                    submitLabel={t('search.saved.renameSave')}
                    onSubmit={(name) => rename(saved.id, name)}
                    onCancel={() => {
                      focusSearch(saved.id);
                      setRenaming(null);
                    }}
                  />
                ) : (
                  <>
                    <button
                      type="button"
                      className="saved-search-apply"
                      id={`saved-search-${saved.id}`}
                      data-saved-search={saved.id}
                      aria-current={current ? 'true' : undefined}
                      onClick={() => onApply(stateOf(saved))}
                    >
                      <Data>{saved.name}</Data>
                      {current && <span className="visually-hidden"> {t('search.saved.current')}</span>}
                    </button>
                    <span className="saved-search-actions" role="group" aria-label={t('search.saved.actions')}>
                      {/* Each says which search it acts on: its name is the description. */}
                      <button type="button" aria-describedby={`saved-search-${saved.id}`} onClick={() => setRenaming(saved.id)}>
                        {t('search.saved.rename')}
                      </button>
                      <button type="button" aria-describedby={`saved-search-${saved.id}`} onClick={() => void remove(saved)}>
                        {t('search.saved.delete')}
                      </button>
                    </span>
                  </>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {adding ? (
        <NameForm
          initial={state.query}
          submitLabel={t('search.saved.create')}
          onSubmit={create}
          onCancel={() => {
            focusNext.current = 'save';
            setAdding(false);
          }}
        />
      ) : (
        <button ref={saveButton} type="button" className="save-search" onClick={() => setAdding(true)}>
          {t('search.saved.save')}
        </button>
      )}
    </section>
  );
}

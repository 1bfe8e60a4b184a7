import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LINK_TYPES, type LinkType } from '../../../../shared/domain.js';
import type { SearchHit } from '../../../../shared/schemas/search.js';
import { useTransport } from '../../app/context.js';
import { Data, ErrorMessage } from '../../components/common.js';
import { Name } from '../../components/Name.js';

/** Keystrokes closer together than this are one search: the picker asks once the person pauses. */
const PAUSE_MS = 150;

/**
 * Links this entry to another, found by typing a few words of it: the library's own search,
 * as you type. Enter or a click on a found entry makes the link.
 */
export function LinkPicker({ entryId, onLinked, onCancel }: { entryId: string; onLinked: () => void; onCancel: () => void }): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const [type, setType] = useState<LinkType>('related');
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  useEffect(() => {
    const query = text.trim();
    if (query === '') {
      setHits(null);
      return;
    }
    let current = true;
    setSearching(true);
    const timer = setTimeout(() => {
      client.call('search.query', { query, limit: 8, facets: false }).then(
        (result) => {
          if (!current) return;
          setHits(result.hits.filter((h) => h.id !== entryId));
          setSearching(false);
        },
        () => {
          // A query still being typed ("wool -") is not an error to show; the list just waits.
          if (current) setSearching(false);
        },
      );
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, client, entryId]);

  const link = async (hit: SearchHit): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('links.add', { from: entryId, to: hit.id, type });
      onLinked();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const buttons = (): HTMLButtonElement[] => Array.from(listRef.current?.querySelectorAll('button') ?? []);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onCancel();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const list = buttons();
    if (list.length === 0) return;
    event.preventDefault();
    const at = list.findIndex((b) => b === document.activeElement);
    const next = event.key === 'ArrowDown' ? at + 1 : at - 1;
    if (next < 0) inputRef.current?.focus();
    else list[Math.min(next, list.length - 1)]?.focus();
  };

  return (
    <div className="link-picker" role="group" aria-labelledby={`${ids}-title`} onKeyDown={onKeyDown}>
      <h3 id={`${ids}-title`}>{t('entryLinks.add')}</h3>
      <div className="row">
        <div className="field">
          <label htmlFor={`${ids}-type`}>{t('entryLinks.type')}</label>
          <select id={`${ids}-type`} value={type} onChange={(e) => setType(e.target.value as LinkType)}>
            {LINK_TYPES.map((lt) => (
              <option key={lt} value={lt}>
                {t(`linkTypes.${lt}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field grow">
          <label htmlFor={`${ids}-find`}>{t('entryLinks.find')}</label>
          <input
            ref={inputRef}
            id={`${ids}-find`}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('entryLinks.findPlaceholder')}
            autoComplete="off"
            autoFocus
            aria-controls={`${ids}-found`}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                const first = hits?.[0];
                if (first && !busy) void link(first);
              }
            }}
          />
        </div>
      </div>
      <p className="muted" role="status" aria-live="polite">
        {searching ? t('entryLinks.searching') : hits !== null && hits.length === 0 ? t('entryLinks.noMatches') : ''}
      </p>
      <ul id={`${ids}-found`} ref={listRef} className="link-candidates">
        {(hits ?? []).map((hit) => (
          <li key={hit.id}>
            <button type="button" disabled={busy} onClick={() => void link(hit)} title={t('entryLinks.pick')}>
              <span data-content="" lang={hit.language}>
                <Name text={hit.title} />
              </span>{' '}
              <span className="muted">
                {t(`kinds.${hit.kind}`)} · {hit.year}
                {hit.enterprise !== null && (
                  <>
                    {' · '}
                    <Data>{hit.enterprise}</Data>
                  </>
                )}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {error !== undefined && <ErrorMessage error={error} />}
      <button type="button" onClick={onCancel}>
        {t('app.cancel')}
      </button>
    </div>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../app/context.js';
import { announceCatalogueChange, useUndoOffer, withdrawUndo } from '../app/undo.js';
import { ErrorText } from './common.js';

/** How long the offer stays on screen; a newer action replaces it sooner. */
export const UNDO_VISIBLE_MS = 10_000;

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * The toast that takes the last curation action back. Ctrl/Cmd+Z does the same while the
 * offer shows and the focus is not in a text field (there Ctrl+Z undoes typing).
 */
export function UndoToast(): ReactNode {
  const { t } = useTranslation();
  const { client } = useTransport();
  const offer = useUndoOffer();
  const [state, setState] = useState<
    { kind: 'idle' } | { kind: 'working' } | { kind: 'done'; entries: number; concept: boolean } | { kind: 'failed'; error: unknown }
  >({
    kind: 'idle',
  });

  useEffect(() => {
    // A new offer starts afresh; the one withdrawn by its own undo leaves "Undone: …" showing.
    if (!offer) return;
    setState({ kind: 'idle' });
    const timer = setTimeout(() => withdrawUndo(offer.token), UNDO_VISIBLE_MS);
    return () => clearTimeout(timer);
  }, [offer]);

  const undo = (): void => {
    if (!offer || state.kind === 'working') return;
    setState({ kind: 'working' });
    client.call('entries.undo', { token: offer.token }).then(
      (result) => {
        withdrawUndo(offer.token);
        setState({ kind: 'done', entries: result.entries, concept: result.kind === 'conceptMerge' });
        announceCatalogueChange();
        offer.onUndone?.();
        setTimeout(() => setState((s) => (s.kind === 'done' ? { kind: 'idle' } : s)), 4000);
      },
      (error: unknown) => setState({ kind: 'failed', error }),
    );
  };

  useEffect(() => {
    if (!offer) return;
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z' && !typing(event.target)) {
        event.preventDefault();
        undo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (state.kind === 'done') {
    return (
      <div className="toast" role="status" aria-live="polite">
        {state.concept ? t('undo.conceptBack') : t('undo.done', { count: state.entries })}
      </div>
    );
  }
  if (!offer) return null;
  return (
    <div className="toast" role="status" aria-live="polite" data-testid="undo-toast">
      <span>{offer.label}</span>{' '}
      <button type="button" onClick={undo} disabled={state.kind === 'working'}>
        {t('undo.undo')}
      </button>{' '}
      <button type="button" className="link" aria-label={t('app.close')} onClick={() => withdrawUndo(offer.token)}>
        ×
      </button>
      {state.kind === 'failed' && (
        <div className="error" role="alert">
          <ErrorText error={state.error} />
        </div>
      )}
    </div>
  );
}

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { DuplicateCandidate } from '../../../shared/schemas/catalogue.js';
import { useTransport } from '../app/context.js';
import { offerUndo, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { Name } from '../components/Name.js';
import { ErrorMessage, Loading, formatNumber } from '../components/common.js';
import { plainName } from '../text/bidi.js';
import { DuplicateCompare, type MergeOutcome } from './DuplicateCompare.js';

type Pair = Pick<z.infer<typeof DuplicateCandidate>, 'a' | 'b'>;

/**
 * Likely duplicates: similar titles in one language, and across languages entries that are
 * linked or share classification codes and tags. A pair is compared side by side, then
 * merged (one kept, the other to the trash as its duplicate) or set aside for good.
 */
export function Duplicates(): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('entries.duplicates', { threshold: 0.5, limit: 100 });
  const [pair, setPair] = useState<Pair | null>(null);
  const [outcome, setOutcome] = useState<ReactNode>(null);
  const [actionError, setActionError] = useState<unknown>();
  const outcomeRef = useRef<HTMLDivElement>(null);
  const refresh = useCallback(() => {
    setPair(null);
    reload();
  }, [reload]);
  // The compare panel is gone after an action; the focus goes to what happened, not to the page's start.
  const focusOutcome = (): void => {
    requestAnimationFrame(() => outcomeRef.current?.focus());
  };
  useCatalogueChanged(refresh);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;

  const merged = (result: MergeOutcome): void => {
    offerUndo(result.undo, t('curation.duplicates.undoLabel', { title: plainName(result.keptTitle) }));
    setOutcome(
      <p role="status" className="notice merge-outcome">
        {t('curation.duplicates.merged', { title: plainName(result.keptTitle) })}{' '}
        {[
          t('curation.duplicates.tagsAdded', { count: result.tagsAdded }),
          t('curation.duplicates.linksMoved', { count: result.linksMoved }),
          t('curation.duplicates.adoptionsMoved', { count: result.adoptionsMoved }),
          t('curation.duplicates.attachmentsAdded', { count: result.attachmentsAdded }),
        ].join(' · ')}
      </p>,
    );
    refresh();
    focusOutcome();
  };
  const notDuplicate = (p: Pair): void => {
    setActionError(undefined);
    client.call('entries.notDuplicate', { a: p.a.id, b: p.b.id }).then(
      () => {
        setOutcome(
          <p role="status" className="notice">
            {t('curation.duplicates.setAside')}
          </p>,
        );
        refresh();
        focusOutcome();
      },
      (e: unknown) => setActionError(e),
    );
  };

  return (
    <div className="duplicates-screen">
      <h1>{t('duplicates.title')}</h1>
      <p className="muted">{t('curation.duplicates.intro')}</p>
      <div ref={outcomeRef} tabIndex={-1} className="outcome">
        {outcome}
      </div>
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      {pair && (
        <DuplicateCompare
          key={`${pair.a.id}-${pair.b.id}`}
          a={pair.a.id}
          b={pair.b.id}
          onMerged={merged}
          onNotDuplicate={() => notDuplicate(pair)}
          onClose={() => setPair(null)}
        />
      )}
      {data.candidates.length === 0 && <p className="muted">{t('duplicates.none')}</p>}
      <ul className="duplicates" aria-label={t('curation.duplicates.listLabel')}>
        {data.candidates.map((c) => (
          <li key={`${c.a.id}-${c.b.id}`} data-pair={`${c.a.id} ${c.b.id}`} aria-current={pair?.a.id === c.a.id && pair.b.id === c.b.id ? 'true' : undefined}>
            <span data-content="" lang={c.a.language}>
              <Name text={c.a.title} />
            </span>{' '}
            ≈{' '}
            <span data-content="" lang={c.b.language}>
              <Name text={c.b.title} />
            </span>{' '}
            <span className="muted">
              {formatNumber(c.similarity * 100, i18n.language)} % · {t(`curation.duplicates.reasons.${c.reason}`)}
            </span>{' '}
            <button
              type="button"
              onClick={() => setPair(c)}
              aria-label={t('curation.duplicates.compareNamed', { a: plainName(c.a.title), b: plainName(c.b.title) })}
            >
              {t('curation.duplicates.compare')}
            </button>{' '}
            <button
              type="button"
              onClick={() => notDuplicate(c)}
              aria-label={t('curation.duplicates.notDuplicateNamed', { a: plainName(c.a.title), b: plainName(c.b.title) })}
            >
              {t('curation.duplicates.notDuplicate')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

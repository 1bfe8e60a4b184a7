import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useTransport } from '../app/context.js';
import { useCall } from '../app/use-call.js';
import { ErrorMessage, Loading, formatNumber } from '../components/common.js';

/** Likely duplicates by title; the librarian merges them as a duplicate-of link, keeping both. */
export function Duplicates(): ReactNode {
  const { t, i18n } = useTranslation();
  const { client } = useTransport();
  const { data, error, reload } = useCall('entries.duplicates', { threshold: 0.5, limit: 100 });
  const [actionError, setActionError] = useState<unknown>();
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <div>
      <h1>{t('duplicates.title')}</h1>
      {actionError !== undefined && <ErrorMessage error={actionError} />}
      {data.candidates.length === 0 && <p className="muted">{t('duplicates.none')}</p>}
      <ul className="duplicates">
        {data.candidates.map((c) => (
          <li key={`${c.a.id}-${c.b.id}`}>
            <a href={`#/entry/${c.a.id}`} data-content="">
              {c.a.title}
            </a>{' '}
            ≈{' '}
            <a href={`#/entry/${c.b.id}`} data-content="">
              {c.b.title}
            </a>{' '}
            <span className="muted">{formatNumber(c.similarity * 100, i18n.language)} %</span>{' '}
            <button
              type="button"
              onClick={() => {
                client.call('links.add', { from: c.b.id, to: c.a.id, type: 'duplicate-of' }).then(reload, (e: unknown) => setActionError(e));
              }}
            >
              {t('duplicates.link')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

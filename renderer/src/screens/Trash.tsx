import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrashItem } from '../../../shared/schemas/curation.js';
import { useTransport } from '../app/context.js';
import { hrefFor, navigate } from '../app/router.js';
import { announceCatalogueChange, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { Name } from '../components/Name.js';
import { Data, ErrorMessage, Loading, Sentence } from '../components/common.js';
import { formatDateTime } from '../components/date-time.js';

const PAGE = 50;

/** Where an entry went to the trash from: "merged into X" (a link to X) or who deleted it and when. */
export function DeletedLine({ item }: { item: Pick<TrashItem, 'deletedAt' | 'deletedBy' | 'mergedInto'> }): ReactNode {
  const { i18n } = useTranslation();
  const when = formatDateTime(item.deletedAt, i18n.language);
  return (
    <>
      {item.deletedBy ? (
        <Sentence k="curation.trash.deletedBy" values={{ when, who: <Data>{item.deletedBy}</Data> }} />
      ) : (
        <Sentence k="curation.trash.deleted" values={{ when }} />
      )}
      {item.mergedInto && (
        <>
          {' · '}
          <Sentence
            k="curation.trash.mergedInto"
            values={{
              entry: (
                <a href={hrefFor({ screen: 'entry', id: item.mergedInto.id })} data-content="">
                  <Name text={item.mergedInto.title ?? item.mergedInto.id.slice(0, 8)} />
                </a>
              ),
            }}
          />
        </>
      )}
    </>
  );
}

/** Brings an entry back and opens it; the restore is itself a revision, so it needs no undo of its own. */
export function useRestore(): { restore: (id: string) => void; busy: string | null; error: unknown } {
  const { client } = useTransport();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const restore = (id: string): void => {
    setBusy(id);
    setError(undefined);
    client.call('trash.restore', { id }).then(
      (entry) => {
        setBusy(null);
        announceCatalogueChange();
        navigate({ screen: 'entry', id: entry.id });
      },
      (e: unknown) => {
        setBusy(null);
        setError(e);
      },
    );
  };
  return { restore, busy, error };
}

/** Deleted entries, newest first, each openable read-only and restorable. */
export function Trash(): ReactNode {
  const { t } = useTranslation();
  const [offset, setOffset] = useState(0);
  const { data, error, reload } = useCall('trash.list', { limit: PAGE, offset });
  const { restore, busy, error: restoreError } = useRestore();
  useCatalogueChanged(reload);
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const last = Math.min(offset + PAGE, data.total);
  return (
    <div className="trash">
      <h1>{t('curation.trash.title')}</h1>
      <p className="muted">{t('curation.trash.intro')}</p>
      {restoreError !== undefined && <ErrorMessage error={restoreError} />}
      {data.total === 0 ? (
        <p className="muted">{t('curation.trash.empty')}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {t('curation.trash.shown', { count: data.total, from: offset + 1, to: last })}
          </p>
          <ul className="trash-list" aria-label={t('curation.trash.title')}>
            {data.entries.map((item) => (
              <li key={item.id} data-id={item.id}>
                <a href={hrefFor({ screen: 'trashed', id: item.id })} className="trash-title" data-content="" lang={item.language}>
                  <Name text={item.title} />
                </a>{' '}
                <span className="kind-badge" data-kind={item.kind}>
                  {t(`kinds.${item.kind}`)}
                </span>
                <div className="muted">
                  <DeletedLine item={item} />
                </div>
                <button
                  type="button"
                  disabled={busy !== null}
                  onClick={() => restore(item.id)}
                  aria-label={t('curation.trash.restoreNamed', { title: item.title })}
                >
                  {t('curation.trash.restore')}
                </button>
              </li>
            ))}
          </ul>
          {data.total > PAGE && (
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                {t('curation.trash.newer')}
              </button>
              <button type="button" disabled={last >= data.total} onClick={() => setOffset(offset + PAGE)}>
                {t('curation.trash.older')}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}

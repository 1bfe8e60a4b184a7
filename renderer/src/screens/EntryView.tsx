import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import type { EntryStatus } from '../../../shared/domain.js';
import type { EntryDetail } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { navigate } from '../app/router.js';
import { useCall } from '../app/use-call.js';
import { BodyFailed, ErrorBoundary } from '../components/ErrorBoundary.js';
import { MarkdownView, attachmentPrefixOf } from '../components/MarkdownView.js';
import { Name } from '../components/Name.js';
import { Data, ErrorMessage, Loading, Sentence, formatDate, formatNumber } from '../components/common.js';
import { formatBytes, languageName } from '../i18n/format.js';
import { SimilarEntries } from './SimilarEntries.js';

/** The next steps of the review workflow from each status. */
const NEXT_STATUSES: Record<EntryStatus, EntryStatus[]> = {
  draft: ['submitted', 'archived'],
  submitted: ['accepted', 'rejected', 'draft'],
  accepted: ['implemented', 'rejected', 'archived'],
  implemented: ['archived'],
  rejected: ['submitted', 'archived'],
  archived: ['draft'],
};

/** The body, formatted; whatever goes wrong with it stays inside its frame. */
function Body({ entry, query }: { entry: EntryDetail; query: string }): ReactNode {
  const transport = useTransport();
  const attachments = useMemo(() => new Map(entry.attachments.map((a) => [a.name, transport.attachmentUrl(a.sha256)])), [entry, transport]);
  return (
    <ErrorBoundary resetKey={entry.body} fallback={() => <BodyFailed source={entry.body} />}>
      <MarkdownView source={entry.body} attachments={attachments} attachmentPrefix={attachmentPrefixOf(transport)} query={query} lang={entry.language} />
    </ErrorBoundary>
  );
}

export function EntryView({ id, query }: { id: string; query: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { data: entry, error, reload } = useCall('entries.get', { id });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape' && !(event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement)) {
        navigate({ screen: 'library' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!entry) return <Loading />;
  const locale = i18n.language;

  const act = async (work: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setActionError(undefined);
    try {
      await work();
      reload();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(false);
    }
  };

  const images = entry.attachments.filter((a) => a.mediaType.startsWith('image/'));
  return (
    <article className="entry" aria-labelledby="entry-title">
      <header className="entry-header">
        <p className="kind-badge" data-kind={entry.kind}>
          {t(`kinds.${entry.kind}`)} · {t(`statuses.${entry.status}`)}
        </p>
        <h1 id="entry-title" data-content="" lang={entry.language}>
          <Name text={entry.title} />
        </h1>
        <div className="actions">
          <a className="button" href={`#/entry/${entry.id}/edit`}>
            {t('entry.edit')}
          </a>
          <a className="button" href={`#/entry/${entry.id}/history`}>
            {t('entry.history')}
          </a>
          <span className="status-actions" aria-label={t('entry.statusActions')}>
            {NEXT_STATUSES[entry.status].map((status) => (
              <button
                key={status}
                type="button"
                disabled={busy}
                onClick={() => void act(() => transport.client.call('entries.update', { id: entry.id, patch: { status }, expectedRevision: entry.revision }))}
              >
                → {t(`statuses.${status}`)}
              </button>
            ))}
          </span>
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('entry.deleteConfirm'))) {
                void transport.client.call('entries.delete', { id: entry.id }).then(
                  () => navigate({ screen: 'library' }),
                  (e: unknown) => setActionError(e),
                );
              }
            }}
          >
            {t('app.delete')}
          </button>
        </div>
        {actionError !== undefined && <ErrorMessage error={actionError} />}
      </header>

      {entry.summary && (
        <p className="summary" data-content="" lang={entry.language}>
          {entry.summary}
        </p>
      )}

      <dl className="metadata">
        <dt>{t('entry.enterprise')}</dt>
        <dd>{entry.enterprise ? <Data>{entry.enterprise.name}</Data> : '—'}</dd>
        <dt>{t('entry.registration')}</dt>
        <dd>{entry.registration ? <Data>{entry.registration}</Data> : '—'}</dd>
        <dt>{t('entry.authors')}</dt>
        <dd>{entry.authors.length > 0 ? <Data>{entry.authors.join('; ')}</Data> : '—'}</dd>
        <dt>{t('entry.language')}</dt>
        <dd>{languageName(entry.language, locale)}</dd>
        <dt>{t('entry.tags')}</dt>
        <dd>
          {entry.tags.length === 0
            ? '—'
            : entry.tags.map((tag) => (
                <Data key={tag} className="tag">
                  <Name text={tag} />
                </Data>
              ))}
        </dd>
        <dt>{t('entry.classification')}</dt>
        <dd>{entry.classification.length === 0 ? '—' : <Name text={entry.classification.join('; ')} />}</dd>
        <dt>{t('entry.created')}</dt>
        <dd>{formatDate(entry.createdAt, locale)}</dd>
        <dt>{t('entry.updated')}</dt>
        <dd>
          {formatDate(entry.updatedAt, locale)} · {t('entry.revision', { number: entry.revision })}
        </dd>
      </dl>

      <Body entry={entry} query={query} />

      {entry.attachments.length > 0 && (
        <section aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">{t('entry.attachments')}</h2>
          <div className="gallery">
            {images.map((a) => (
              <figure key={a.sha256 + a.name}>
                <img src={transport.attachmentUrl(a.sha256)} alt={plainName(a.name)} loading="lazy" data-content="" />
                <figcaption data-content=""><Name text={a.name} /></figcaption>
              </figure>
            ))}
          </div>
          <ul className="attachment-list">
            {entry.attachments.map((a) => (
              <li key={a.name}>
                <a href={transport.attachmentUrl(a.sha256)} target="_blank" rel="noopener noreferrer" data-content="">
                  <Name text={a.name} />
                </a>{' '}
                <span className="muted">
                  <Data>{a.mediaType}</Data>, {formatBytes(a.size, t, locale)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="adoptions-heading">
        <h2 id="adoptions-heading">{t('entry.adoptions')}</h2>
        {entry.adoptions.length === 0 && <p className="muted">{t('entry.noAdoptions')}</p>}
        {entry.adoptions.map((a) => (
          <div key={a.id} className="adoption">
            <p>
              <Sentence k="entry.adoptedBy" values={{ enterprise: <Data>{a.enterprise.name}</Data>, date: formatDate(a.date, locale) }} />
              {a.note && (
                <span className="muted">
                  {' '}
                  — <Data>{a.note}</Data>
                </span>
              )}
            </p>
            {a.effects.length > 0 && (
              <table>
                <tbody>
                  {a.effects.map((e, i) => (
                    <tr key={i}>
                      <th scope="row" data-content="">
                        {e.indicator}
                      </th>
                      <td>{e.before === null ? '—' : <>{formatNumber(e.before, locale)} <Data>{e.unit}</Data></>}</td>
                      <td>→ {e.after === null ? '—' : <>{formatNumber(e.after, locale)} <Data>{e.unit}</Data></>}</td>
                      <td className={e.before !== null && e.after !== null && e.after >= e.before ? 'up' : 'down'}>
                        {e.before !== null && e.after !== null ? (
                          <>
                            {`${e.after - e.before >= 0 ? '+' : ''}${formatNumber(e.after - e.before, locale)}`} <Data>{e.unit}</Data>
                          </>
                        ) : (
                          ''
                        )}
                      </td>
                      <td className="muted" data-content="">
                        {e.period}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        ))}
      </section>

      {entry.links.length > 0 && (
        <section aria-labelledby="links-heading">
          <h2 id="links-heading">{t('entry.links')}</h2>
          <ul>
            {entry.links.map((l) => {
              const other = l.direction === 'outgoing' ? l.to : l.from;
              return (
                <li key={`${l.from}-${l.to}-${l.type}`}>
                  <span className="muted">{t(`linkTypes.${l.type}`)}{l.direction === 'incoming' ? ' ←' : ''}:</span>{' '}
                  <a href={`#/entry/${other}`} data-content="">
                    {l.otherTitle}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      )}

      <SimilarEntries id={entry.id} />

      <section aria-labelledby="provenance-heading">
        <h2 id="provenance-heading">{t('entry.provenance')}</h2>
        {entry.provenance.length === 0 ? (
          <p className="muted">
            {entry.enterprise && (
              <>
                <Data>{entry.enterprise.name}</Data>.{' '}
              </>
            )}
            {t('entry.localOrigin')}
          </p>
        ) : (
          <ul>
            {entry.provenance.map((p) => (
              <li key={p.bundleId}>
                <Sentence
                  k="entry.cameIn"
                  values={{ bundle: <Data className="mono">{p.bundleId.slice(0, 8)}</Data>, producer: <Data>{p.producer}</Data>, date: formatDate(p.receivedAt, locale) }}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

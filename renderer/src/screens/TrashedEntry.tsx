import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrashedEntry as Trashed } from '../../../shared/schemas/curation.js';
import { useTransport } from '../app/context.js';
import { useCall } from '../app/use-call.js';
import { BodyFailed, ErrorBoundary } from '../components/ErrorBoundary.js';
import { MarkdownView, attachmentPrefixOf } from '../components/MarkdownView.js';
import { Name } from '../components/Name.js';
import { Data, ErrorMessage, Loading, formatDate, formatNumber } from '../components/common.js';
import { languageName } from '../i18n/format.js';
import { DeletedLine, useRestore } from './Trash.js';
import { hrefFor } from '../app/router.js';
import { AdoptedLine } from './entry/AdoptionsSection.js';
import { AttachmentLink } from './entry/AttachmentLink.js';
import { ProvenanceSection } from './entry/ProvenanceSection.js';

function Body({ entry }: { entry: Trashed }): ReactNode {
  const transport = useTransport();
  const attachments = useMemo(() => new Map(entry.attachments.map((a) => [a.name, transport.attachmentUrl(a.sha256)])), [entry, transport]);
  return (
    <ErrorBoundary resetKey={entry.body} fallback={() => <BodyFailed source={entry.body} />}>
      <MarkdownView source={entry.body} attachments={attachments} attachmentPrefix={attachmentPrefixOf(transport)} lang={entry.language} />
    </ErrorBoundary>
  );
}

/** A deleted entry as it was when deleted, read-only: nothing here edits it; restoring brings it back whole. */
export function TrashedEntry({ id }: { id: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const { data: entry, error, reload } = useCall('trash.get', { id });
  const { restore, busy, error: restoreError } = useRestore();
  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!entry) return <Loading />;
  const dash = '—';
  return (
    <article className="entry trashed-entry" aria-labelledby="entry-title" data-readonly="">
      <p className="notice trashed-notice" role="note">
        {t('curation.trash.readOnly')} <DeletedLine item={entry} />
      </p>
      <header className="entry-header">
        <p className="kind-badge" data-kind={entry.kind}>
          {t(`kinds.${entry.kind}`)} · {t(`statuses.${entry.status}`)}
        </p>
        <h1 id="entry-title" data-content="" lang={entry.language}>
          <Name text={entry.title} />
        </h1>
        <div className="actions">
          <a className="button" href="#/trash">
            {t('curation.trash.back')}
          </a>
          <a className="button" href={hrefFor({ screen: 'history', id: entry.id })}>
            {t('entry.history')}
          </a>
          <button type="button" className="primary" disabled={busy !== null} onClick={() => restore(entry.id)}>
            {t('curation.trash.restore')}
          </button>
        </div>
        {restoreError !== undefined && <ErrorMessage error={restoreError} />}
      </header>

      {entry.summary && (
        <p className="summary" data-content="" lang={entry.language}>
          {entry.summary}
        </p>
      )}

      <dl className="metadata">
        <dt>{t('entry.enterprise')}</dt>
        <dd>{entry.enterprise ? <Data>{entry.enterprise}</Data> : dash}</dd>
        <dt>{t('entry.registration')}</dt>
        <dd>{entry.registration ? <Data>{entry.registration}</Data> : dash}</dd>
        <dt>{t('entry.authors')}</dt>
        <dd>{entry.authors.length > 0 ? <Data>{entry.authors.join('; ')}</Data> : dash}</dd>
        <dt>{t('entry.language')}</dt>
        <dd>{languageName(entry.language, locale)}</dd>
        <dt>{t('entry.tags')}</dt>
        <dd>
          {entry.tags.length === 0
            ? dash
            : entry.tags.map((tag) => (
                <Data key={tag} className="tag">
                  {tag}
                </Data>
              ))}
        </dd>
        <dt>{t('entry.classification')}</dt>
        <dd>{entry.classification.length === 0 ? dash : <Name text={entry.classification.join('; ')} />}</dd>
        <dt>{t('entry.created')}</dt>
        <dd>{formatDate(entry.createdAt, locale)}</dd>
        <dt>{t('curation.trash.revision')}</dt>
        <dd>{t('entry.revision', { number: entry.revision })}</dd>
      </dl>

      <Body entry={entry} />

      {entry.attachments.length > 0 && (
        <section aria-labelledby="attachments-heading">
          <h2 id="attachments-heading">{t('entry.attachments')}</h2>
          <ul className="attachment-list">
            {entry.attachments.map((a) => (
              <li key={a.name}>
                <AttachmentLink attachment={a} />
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
            <AdoptedLine adoption={a} />
            {a.effects.length > 0 && (
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('curation.trash.indicator')}</th>
                    <th scope="col">{t('curation.trash.before')}</th>
                    <th scope="col">{t('curation.trash.after')}</th>
                    <th scope="col">{t('curation.trash.period')}</th>
                  </tr>
                </thead>
                <tbody>
                  {a.effects.map((e, i) => (
                    <tr key={i}>
                      <th scope="row" data-content="">
                        {e.indicator}
                      </th>
                      <td>
                        {e.before === null ? (
                          dash
                        ) : (
                          <>
                            {formatNumber(e.before, locale)} <Data>{e.unit}</Data>
                          </>
                        )}
                      </td>
                      <td>
                        {e.after === null ? (
                          dash
                        ) : (
                          <>
                            {formatNumber(e.after, locale)} <Data>{e.unit}</Data>
                          </>
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

      <section aria-labelledby="links-heading">
        <h2 id="links-heading">{t('entry.links')}</h2>
        {entry.links.length === 0 ? (
          <p className="muted">{t('curation.trash.noLinks')}</p>
        ) : (
          <ul className="trashed-links">
            {entry.links.map((l) => {
              const other = l.direction === 'outgoing' ? l.to : l.from;
              return (
                <li key={`${l.from}-${l.to}-${l.type}`}>
                  <span className="muted">
                    {t(`linkTypes.${l.type}`)}
                    {l.direction === 'incoming' ? ' ←' : ''}:
                  </span>{' '}
                  <a href={hrefFor({ screen: 'entry', id: other })} data-content="">
                    <Name text={l.otherTitle} />
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <ProvenanceSection provenance={entry.provenance} />
    </article>
  );
}

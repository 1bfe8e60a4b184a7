import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import type { EntryStatus } from '../../../shared/domain.js';
import { entryMarkdown, markdownFileName } from '../../../shared/entry-markdown.js';
import type { EntryDetail } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { libraryHref } from '../app/library-url.js';
import { navigate } from '../app/router.js';
import { offerUndo, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { BodyFailed, ErrorBoundary } from '../components/ErrorBoundary.js';
import { MarkdownView, attachmentPrefixOf } from '../components/MarkdownView.js';
import { Name } from '../components/Name.js';
import { Data, ErrorMessage, Loading, Sentence, formatDate } from '../components/common.js';
import { formatBytes, languageName } from '../i18n/format.js';
import { SimilarEntries } from './SimilarEntries.js';
import { AdoptionsSection } from './entry/AdoptionsSection.js';
import { cameFromLibrary, resultsHref } from './entry/back-to-results.js';
import { EntryTags } from './entry/EntryTags.js';
import { LinksSection } from './entry/LinksSection.js';

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

/** Back to the library as it was when the entry was opened from it (the history keeps its query, filters and selection). */
function backToResults(): void {
  if (cameFromLibrary()) window.history.back();
  else window.location.hash = resultsHref();
}

/** The entry as a Markdown file with front matter, downloaded; the desktop shell asks where to save it. */
function downloadMarkdown(entry: EntryDetail): void {
  const url = URL.createObjectURL(new Blob([entryMarkdown(entry)], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = markdownFileName(entry);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Shown on a variant an import kept beside a conflicting entry, and on the entry it was kept beside. */
function VariantNotice({ entry }: { entry: EntryDetail }): ReactNode {
  const { t } = useTranslation();
  if (!entry.variantOf && entry.variants.length === 0) return null;
  return (
    <div className="notice variant-notice" role="note">
      {entry.variantOf && (
        <p>
          <Sentence
            k="entryPage.variantOf"
            values={{
              title: (
                <a href={`#/entry/${entry.variantOf.id}`} data-content="">
                  <Name text={entry.variantOf.title} />
                </a>
              ),
            }}
          />
        </p>
      )}
      {entry.variants.length > 0 && (
        <p>
          {t('entryPage.variants')}{' '}
          {entry.variants.map((v, i) => (
            <span key={v.id}>
              {i > 0 && ', '}
              <a href={`#/entry/${v.id}`} data-content="">
                <Name text={v.title} />
              </a>
            </span>
          ))}
        </p>
      )}
    </div>
  );
}

export function EntryView({ id, query }: { id: string; query: string }): ReactNode {
  const { t, i18n } = useTranslation();
  const transport = useTransport();
  const { data: entry, error, reload } = useCall('entries.get', { id });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  useCatalogueChanged(reload);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target;
      if (event.key === 'Escape' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement)) backToResults();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const act = useCallback(
    async (work: () => Promise<unknown>): Promise<void> => {
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
    },
    [reload],
  );

  if (error) return <ErrorMessage error={error} onRetry={reload} />;
  if (!entry) return <Loading />;
  const locale = i18n.language;

  const setStatus = (status: EntryStatus): Promise<void> =>
    act(async () => {
      const result = await transport.client.call('entries.update', { id: entry.id, patch: { status }, expectedRevision: entry.revision });
      offerUndo(result.undo, t('entryPage.statusSet', { status: t(`statuses.${status}`) }));
    });
  const tag = (change: { add?: string[]; remove?: string[] }): void =>
    void act(async () => {
      const result = await transport.client.call('entries.tag', { id: entry.id, add: change.add ?? [], remove: change.remove ?? [] });
      offerUndo(result.undo, t('entryPage.tagsChanged'));
    });
  const remove = (): void => {
    if (!window.confirm(t('entry.deleteConfirm'))) return;
    transport.client.call('entries.delete', { id: entry.id }).then(
      (result) => {
        offerUndo(result.undo, t('entryPage.moved'));
        navigate({ screen: 'library' });
      },
      (e: unknown) => setActionError(e),
    );
  };
  const removeAttachment = (name: string): void => {
    if (!window.confirm(t('entryPage.removeAttachmentConfirm', { name: plainName(name) }))) return;
    void act(() => transport.client.call('attachments.remove', { entryId: entry.id, name }));
  };

  const images = entry.attachments.filter((a) => a.mediaType.startsWith('image/'));
  return (
    <article className="entry" aria-labelledby="entry-title">
      <header className="entry-header">
        <a
          className="back-link"
          href={resultsHref()}
          onClick={(event) => {
            event.preventDefault();
            backToResults();
          }}
        >
          ← {t('entryPage.backToResults')}
        </a>
        <p className="kind-badge" data-kind={entry.kind}>
          {t(`kinds.${entry.kind}`)} · {t(`statuses.${entry.status}`)}
          {entry.variantOf && <span className="variant-badge"> · {t('entryPage.variantBadge')}</span>}
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
              <button key={status} type="button" disabled={busy} onClick={() => void setStatus(status)}>
                → {t(`statuses.${status}`)}
              </button>
            ))}
          </span>
          <button type="button" onClick={() => window.print()}>
            {t('entryPage.exportPdf')}
          </button>
          <button type="button" onClick={() => downloadMarkdown(entry)}>
            {t('entryPage.exportMarkdown')}
          </button>
          <button type="button" className="danger" disabled={busy} onClick={remove}>
            {t('app.delete')}
          </button>
        </div>
        {actionError !== undefined && <ErrorMessage error={actionError} />}
      </header>

      <VariantNotice entry={entry} />

      {entry.summary && (
        <p className="summary" data-content="" lang={entry.language}>
          {entry.summary}
        </p>
      )}

      <dl className="metadata">
        <dt>{t('entry.enterprise')}</dt>
        <dd>
          {entry.enterprise ? (
            <a
              href={libraryHref({ filters: { enterprise: entry.enterprise.name } })}
              title={t('entryPage.enterpriseLink', { enterprise: plainName(entry.enterprise.name) })}
              data-content=""
            >
              <Name text={entry.enterprise.name} />
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>{t('entry.registration')}</dt>
        <dd>{entry.registration ? <Data>{entry.registration}</Data> : '—'}</dd>
        <dt>{t('entry.authors')}</dt>
        <dd>{entry.authors.length > 0 ? <Data>{entry.authors.join('; ')}</Data> : '—'}</dd>
        <dt>{t('entry.language')}</dt>
        <dd>{languageName(entry.language, locale)}</dd>
        <dt>{t('entry.tags')}</dt>
        <dd className="entry-tags">
          <EntryTags entry={entry} busy={busy} onTag={tag} />
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
        <section aria-labelledby="attachments-heading" className="attachments">
          <h2 id="attachments-heading">{t('entry.attachments')}</h2>
          <div className="gallery">
            {images.map((a) => (
              <figure key={a.sha256 + a.name}>
                <img src={transport.attachmentUrl(a.sha256)} alt={plainName(a.name)} loading="lazy" data-content="" />
                <figcaption data-content="">
                  <Name text={a.name} />
                </figcaption>
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
                </span>{' '}
                <button type="button" className="danger" disabled={busy} aria-label={t('entryPage.removeAttachmentLabel', { name: plainName(a.name) })} onClick={() => removeAttachment(a.name)}>
                  {t('entryPage.removeAttachment')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      <AdoptionsSection entry={entry} onChanged={reload} />

      <LinksSection entry={entry} onChanged={reload} />

      <SimilarEntries id={entry.id} />

      <section aria-labelledby="provenance-heading" className="provenance">
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

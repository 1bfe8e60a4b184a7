import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { plainName } from '../text/bidi.js';
import { NEXT_STATUSES, type EntryStatus } from '../../../shared/domain.js';
import type { EntryDetail } from '../../../shared/schemas/entry.js';
import { useTransport } from '../app/context.js';
import { hrefFor, navigate } from '../app/router.js';
import { offerUndo, useCatalogueChanged } from '../app/undo.js';
import { useCall } from '../app/use-call.js';
import { BodyFailed, ErrorBoundary } from '../components/ErrorBoundary.js';
import { MarkdownView, attachmentPrefixOf } from '../components/MarkdownView.js';
import { Name } from '../components/Name.js';
import { ErrorMessage, Loading } from '../components/common.js';
import { SimilarEntries } from './SimilarEntries.js';
import { AdoptionsSection } from './entry/AdoptionsSection.js';
import { cameFromLibrary, resultsHref } from './entry/back-to-results.js';
import { LinksSection } from './entry/LinksSection.js';
import { AttachmentsSection } from './entry/AttachmentsSection.js';
import { EntryMetadata } from './entry/EntryMetadata.js';
import { ProvenanceSection } from './entry/ProvenanceSection.js';
import { VariantNotice } from './entry/VariantNotice.js';
import { downloadMarkdown } from './entry/download-markdown.js';
import { moreLikeThis } from './entry/more-like-this.js';

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

export function EntryView({ id, query }: { id: string; query: string }): ReactNode {
  const { t } = useTranslation();
  const transport = useTransport();
  const { data: entry, error, reload } = useCall('entries.get', { id });
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>();
  useCatalogueChanged(reload);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target;
      if (event.key === 'Escape' && !(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement))
        backToResults();
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
          <a className="button" href={hrefFor({ screen: 'edit', id: entry.id })}>
            {t('entry.edit')}
          </a>
          <a className="button" href={hrefFor({ screen: 'history', id: entry.id })}>
            {t('entry.history')}
          </a>
          <span className="status-actions" aria-label={t('entry.statusActions')}>
            {NEXT_STATUSES[entry.status].map((status) => (
              <button key={status} type="button" disabled={busy} onClick={() => void setStatus(status)}>
                → {t(`statuses.${status}`)}
              </button>
            ))}
          </span>
          <button type="button" title={t('search.moreLikeThisHint')} onClick={() => navigate({ screen: 'library', state: moreLikeThis(entry) })}>
            {t('search.moreLikeThis')}
          </button>
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

      <EntryMetadata entry={entry} busy={busy} onTag={tag} />

      <Body entry={entry} query={query} />

      <AttachmentsSection entry={entry} busy={busy} onRemove={removeAttachment} />

      <AdoptionsSection entry={entry} onChanged={reload} />

      <LinksSection entry={entry} onChanged={reload} />

      <SimilarEntries id={entry.id} />

      <ProvenanceSection provenance={entry.provenance} origin={entry.enterprise?.name ?? null} />
    </article>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttachmentTextStatus } from '../../../../shared/schemas/attachment-text.js';
import { useTransport } from '../../app/context.js';
import { isReading, useFileReading } from '../../app/extraction-progress.js';
import { useCall } from '../../app/use-call.js';

const reading = (status: AttachmentTextStatus | null | undefined): boolean => isReading(status?.state);

/**
 * Asked again only when the core has said nothing of a file still being read for this long:
 * a report missed while the page connected (the file was read meanwhile) is not waited on for ever.
 */
const QUIET_MS = 15_000;

/** What reading the file's text has come to, in words: "reading text… 3/12 pages", or why it failed. */
function StateLine({ status }: { status: AttachmentTextStatus }): ReactNode {
  const { t } = useTranslation();
  const reason = status.error ?? '';
  switch (status.state) {
    case 'queued':
      return t('attachmentText.queued');
    case 'reading':
      return status.pages !== null && status.pages > 0
        ? t('attachmentText.readingPages', { done: status.pagesDone, total: status.pages })
        : t('attachmentText.reading');
    case 'done':
      return t('attachmentText.done', { count: status.pagesDone });
    case 'failed':
      return t('attachmentText.failed', { reason });
    case 'unsupported':
      return t('attachmentText.unsupported', { reason });
    case 'too-large':
      return t('attachmentText.tooLarge', { reason });
  }
}

/**
 * One attachment's extraction state, followed from the core's progress reports while it is
 * queued or read (nothing is asked again until it is over: then the state and text are read
 * once more), and the text read from it page by page on request; each page heading opens the
 * file at that page (#page=N).
 */
export function AttachmentText({ sha256, name }: { sha256: string; name: string }): ReactNode {
  const { t } = useTranslation();
  const transport = useTransport();
  const { data, reload } = useCall('attachments.text', { sha256 });
  const [open, setOpen] = useState(false);
  const live = useFileReading(sha256);
  const stored = data?.status;
  // A report newer than what was read shows instead: pages as they are read, or reading again.
  const status =
    stored && live !== null && (reading(stored) || isReading(live.state))
      ? { ...stored, state: live.state, pagesDone: live.pagesDone, pages: live.pages }
      : stored;
  const finished = live !== null && !isReading(live.state);
  useEffect(() => {
    if (finished) reload();
  }, [finished, reload]);
  useEffect(() => {
    if (!reading(status)) return;
    const timer = window.setTimeout(reload, QUIET_MS);
    return () => window.clearTimeout(timer);
  }, [status, live, reload]);
  if (!status) return null;
  const problem = status.state === 'failed' || status.state === 'unsupported' || status.state === 'too-large';
  const pages = data?.pages ?? [];
  return (
    <div className="attachment-text" data-state={status.state}>
      <span className={problem ? 'attachment-state attachment-problem' : 'attachment-state muted'} role={reading(status) ? 'status' : undefined}>
        <StateLine status={status} />
      </span>
      {status.state === 'done' && (
        <>
          {' '}
          <button type="button" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
            {open ? t('attachmentText.hideText') : t('attachmentText.showText')}
          </button>
          {open && (
            <div className="attachment-pages" aria-label={name}>
              {pages.length === 0 && <p className="muted">{t('attachmentText.noText')}</p>}
              {pages.map((p) => (
                <section key={p.page} className="attachment-page-text">
                  <h3>
                    <a href={`${transport.attachmentUrl(sha256)}#page=${p.page}`} target="_blank" rel="noopener noreferrer">
                      {t('attachmentText.pageHeading', { page: p.page })}
                    </a>
                    {p.method === 'ocr' && <span className="muted"> · {t('attachmentText.ocr')}</span>}
                  </h3>
                  <p data-content="">{p.text}</p>
                </section>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}

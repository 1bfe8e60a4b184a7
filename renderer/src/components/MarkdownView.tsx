import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Transport } from '../api/transport.js';
import { AsWritten } from './AsWritten.js';
import { highlightTerms, highlightWords } from '../markdown/highlight.js';
import { useMarkdown } from '../markdown/use-markdown.js';
import { safeDecodeURIComponent } from '../text/decode.js';

/** Which URL prefix this transport's attachment URLs share (sanitize.ts allows only those). */
export function attachmentPrefixOf(transport: Transport): string {
  return transport.attachmentUrl('').replace(/\?.*$/, '');
}

const PLAIN_MESSAGE = { slow: 'render.plainSlow', failed: 'render.plainFailed', large: 'render.plainLarge', waiting: 'render.plainWaiting' } as const;

/**
 * A Markdown body from anyone, formatted off the page's thread (use-markdown.ts) or, when
 * that is not possible in time, shown as written with a short note. `data-render` says
 * which (pending, html, text). The query's words are marked in either.
 */
export function MarkdownView({
  source,
  attachments,
  attachmentPrefix,
  query = '',
  className = '',
  label,
  lang,
}: {
  source: string;
  attachments: ReadonlyMap<string, string>;
  attachmentPrefix: string;
  query?: string;
  className?: string;
  label?: string;
  /** The entry's language, so the text is shaped and checked as the catalogue's own, not the interface's. */
  lang?: string;
}): ReactNode {
  const { t } = useTranslation();
  const view = useMarkdown(source, attachments, attachmentPrefix);
  const container = useRef<HTMLDivElement>(null);
  const [notice, setNotice] = useState<string>();
  useEffect(() => {
    if (container.current) highlightTerms(container.current, highlightWords(query));
  }, [view, query]);

  // Links in hostile content never navigate this window: in-page anchors scroll,
  // https links open outside after a confirmation, everything else is refused.
  const onClick = (event: MouseEvent<HTMLDivElement>): void => {
    const anchor = (event.target as HTMLElement).closest('a');
    if (!anchor) return;
    event.preventDefault();
    const href = anchor.getAttribute('href') ?? '';
    if (href.startsWith('#')) {
      container.current?.querySelector(`[id="${CSS.escape(safeDecodeURIComponent(href.slice(1)))}"]`)?.scrollIntoView();
      return;
    }
    let url: URL | undefined;
    try {
      url = new URL(href);
    } catch {
      url = undefined;
    }
    if (url && url.protocol === 'https:' && window.confirm(t('entry.externalConfirm', { url: url.href }))) {
      window.open(url.href, '_blank', 'noopener,noreferrer');
    } else if (!url || url.protocol !== 'https:') {
      setNotice(t('entry.blockedLink'));
    }
  };

  const classes = `markdown${className ? ` ${className}` : ''}`;
  return (
    <>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {view.state === 'text' && (
        <p className="notice" role="status">
          {t(PLAIN_MESSAGE[view.reason])}
        </p>
      )}
      {view.state === 'html' ? (
        // Sanitised by DOMPurify in use-markdown.ts.
        <div
          ref={container}
          className={classes}
          aria-label={label}
          data-render="html"
          data-content=""
          lang={lang}
          onClick={onClick}
          dangerouslySetInnerHTML={{ __html: view.html }}
        />
      ) : (
        <div ref={container} data-content="" lang={lang}>
          <AsWritten text={view.state === 'text' ? source : ''} className={className} label={label} busy={view.state === 'pending'} state={view.state} />
        </div>
      )}
    </>
  );
}

import { useEffect, useState } from 'react';
import { sanitizeHtml } from './sanitize.js';
import { markdownRenderer } from './markdown-renderer.js';
import type { PlainReason } from './worker-client.js';

/**
 * A body the worker has not answered for by then is shown as written meanwhile (and
 * formatted when the answer comes): the worker's own budget starts only once it is running,
 * and on a busy machine a fresh worker can take longer than that to start.
 */
export const SHOW_AS_WRITTEN_AFTER_MS = 400;

export type BodyView = { state: 'pending' } | { state: 'html'; html: string } | { state: 'text'; reason: PlainReason | 'waiting' };

/**
 * A Markdown body as the page shows it: sanitised HTML from the worker, or the reason it is
 * shown as written. While a new version is on its way the previous one stays on screen for
 * a moment (the editor's preview does not flicker as one types).
 */
export function useMarkdown(source: string, attachments: ReadonlyMap<string, string>, attachmentPrefix: string): BodyView {
  const [view, setView] = useState<BodyView>({ state: 'pending' });
  useEffect(() => {
    const controller = new AbortController();
    const meanwhile = setTimeout(() => setView({ state: 'text', reason: 'waiting' }), SHOW_AS_WRITTEN_AFTER_MS);
    void markdownRenderer.render({ source, attachments }, controller.signal).then((outcome) => {
      if (controller.signal.aborted) return;
      clearTimeout(meanwhile);
      if (outcome.kind === 'text') {
        setView({ state: 'text', reason: outcome.reason });
        return;
      }
      try {
        setView({ state: 'html', html: sanitizeHtml(outcome.html, attachmentPrefix) });
      } catch {
        setView({ state: 'text', reason: 'failed' });
      }
    });
    return () => {
      clearTimeout(meanwhile);
      controller.abort();
    };
  }, [source, attachments, attachmentPrefix]);
  return view;
}

import { Marked, type Token, type Tokens } from 'marked';
import { safeDecodeURIComponent } from '../text/decode.js';
import { limitNesting } from './nesting.js';

/** What turning an entry's Markdown into HTML needs; plain data, so it can cross to a worker. */
export interface MarkdownSource {
  source: string;
  /** Attachment name → the URL the page loads it from, for `attachment:NAME` references. */
  attachments: ReadonlyMap<string, string>;
}

export const MISSING_ATTACHMENT = '#missing-attachment';

/**
 * Markdown → HTML with marked, nesting bounded first (nesting.ts). Needs no DOM, so it runs
 * in the worker; the HTML it returns is NOT safe until sanitize.ts has seen it.
 */
export function markdownToHtml({ source, attachments }: MarkdownSource): string {
  const marked = new Marked({
    gfm: true,
    async: false,
    walkTokens(token: Token) {
      // The entry's title is the page's only level-1 heading; the body's headings sit below it.
      if (token.type === 'heading') {
        const heading = token as Tokens.Heading;
        heading.depth = Math.min(6, heading.depth + 1);
      }
      if ((token.type === 'image' || token.type === 'link') && typeof token.href === 'string' && token.href.startsWith('attachment:')) {
        token.href = attachments.get(safeDecodeURIComponent(token.href.slice('attachment:'.length))) ?? MISSING_ATTACHMENT;
      }
    },
  });
  return marked.parse(limitNesting(source), { async: false });
}

import DOMPurify from 'dompurify';
import { Marked, type Token, type Tokens } from 'marked';

/**
 * Markdown from other enterprises is hostile. It goes through marked and then DOMPurify
 * with a narrow allow-list: no scripts, frames, forms, SVG/MathML, styles, event handlers,
 * meta or base tags; links only to https, mailto, in-page anchors and our attachments.
 */
const FORBID_TAGS = ['style', 'form', 'input', 'button', 'textarea', 'select', 'option', 'iframe', 'frame', 'frameset', 'object', 'embed', 'meta', 'base', 'link', 'svg', 'math', 'video', 'audio', 'source', 'track', 'template', 'dialog', 'portal'];
const FORBID_ATTR = ['style', 'srcset', 'action', 'formaction', 'target', 'ping', 'background', 'poster', 'xlink:href'];

export interface MarkdownContext {
  /** Resolves `attachment:NAME` references to a URL the page may load, or undefined. */
  attachmentUrl: (name: string) => string | undefined;
  /** Which URL prefixes are attachment URLs of this transport. */
  attachmentPrefix: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function renderMarkdown(markdown: string, context: MarkdownContext): string {
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
        token.href = context.attachmentUrl(decodeURIComponent(token.href.slice('attachment:'.length))) ?? '#missing-attachment';
      }
    },
  });
  const html = marked.parse(markdown, { async: false });
  const allowed = new RegExp(`^(?:https:|mailto:|#|${escapeRegExp(context.attachmentPrefix)})`, 'i');
  const purify = DOMPurify();
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') node.setAttribute('rel', 'noopener noreferrer');
  });
  return purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOWED_URI_REGEXP: allowed,
    ADD_DATA_URI_TAGS: [],
  });
}

/** Wraps occurrences of the search words in <mark>, walking text nodes only (never markup). */
export function highlightTerms(root: HTMLElement, terms: readonly string[]): void {
  const words = terms.filter((t) => t.length > 0);
  if (words.length === 0) return;
  // A stem marks the whole word it starts ("finish" marks "finished"); Han text has no
  // word boundaries, so a Han term marks exactly itself.
  const alternatives = words.map((w) => (/\p{Script=Han}/u.test(w) ? escapeRegExp(w) : `(?<![\\p{L}\\p{N}])${escapeRegExp(w)}[\\p{L}\\p{N}]*`));
  const pattern = new RegExp(alternatives.join('|'), 'giu');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  for (const text of texts) {
    const value = text.nodeValue ?? '';
    pattern.lastIndex = 0;
    if (!pattern.test(value)) continue;
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of value.matchAll(pattern)) {
      const index = match.index ?? 0;
      fragment.append(value.slice(last, index));
      const mark = document.createElement('mark');
      mark.textContent = match[0];
      fragment.append(mark);
      last = index + match[0].length;
    }
    fragment.append(value.slice(last));
    text.replaceWith(fragment);
  }
}

/**
 * Words of a query worth highlighting: operators and field prefixes dropped; stems are
 * approximated by cutting inflected endings so "finishing" marks "finished" too.
 */
export function highlightWords(query: string): string[] {
  const words = query
    .replace(/\b[a-z]+:/gi, ' ')
    .split(/[\s"+\-~^*()]+/u)
    .map((w) => w.replace(/~\d$/, '').toLowerCase())
    .filter((w) => w.length >= 2 && !/^\d+$/.test(w));
  return [...new Set(words.map((w) => (/^[\p{Script=Han}]+$/u.test(w) || w.length <= 4 ? w : w.slice(0, Math.max(4, w.length - 3)))))];
}

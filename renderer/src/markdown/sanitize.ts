import DOMPurify from 'dompurify';

/**
 * Markdown from other enterprises is hostile. marked's HTML goes through DOMPurify with a
 * narrow allow-list: no scripts, frames, forms, SVG/MathML, styles, event handlers, meta or
 * base tags; links only to https, mailto, in-page anchors and our attachments.
 *
 * This runs on the page's thread, not in the worker: DOMPurify needs a DOM, and it is only
 * sound when it parses with the very parser that will then show the HTML (a second HTML
 * implementation in the worker would open the parser differences mXSS lives on). It is
 * linear in the HTML's size, unlike marked on hostile input.
 */
const FORBID_TAGS = [
  'style',
  'form',
  'input',
  'button',
  'textarea',
  'select',
  'option',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'meta',
  'base',
  'link',
  'svg',
  'math',
  'video',
  'audio',
  'source',
  'track',
  'template',
  'dialog',
  'portal',
];
const FORBID_ATTR = ['style', 'srcset', 'action', 'formaction', 'target', 'ping', 'background', 'poster', 'xlink:href'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `attachmentPrefix`: which URL prefix is this transport's attachment URLs. */
export function sanitizeHtml(html: string, attachmentPrefix: string): string {
  const allowed = new RegExp(`^(?:https:|mailto:|#|${escapeRegExp(attachmentPrefix)})`, 'i');
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

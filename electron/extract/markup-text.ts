/**
 * Text out of XML and HTML without a DOM and without expanding entities: a DOCTYPE and its
 * entity declarations are dropped unread, so a "billion laughs" file stays its own size.
 * Only the five predefined entities and numeric references are decoded (HTML also gets a few
 * common named ones).
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** Collapses runs of spaces within lines and runs of blank lines. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function stripDeclarations(xml: string): string {
  return xml
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, data: string) => data.replace(/&/g, '&amp;').replace(/</g, '&lt;'))
    .replace(/<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi, ' ')
    .replace(/<\?[\s\S]*?\?>/g, ' ');
}

const HTML_BLOCKS = /^(?:p|div|br|li|ul|ol|tr|table|h[1-6]|section|article|header|footer|blockquote|pre|hr|dt|dd|title)$/i;

/** The text a reader sees in an HTML page: no scripts, styles or templates, blocks on lines. */
export function htmlText(html: string): string {
  const cleaned = stripDeclarations(html).replace(/<(script|style|template|noscript|svg|head)\b[\s\S]*?<\/\1\s*>/gi, (m, tag: string) =>
    tag.toLowerCase() === 'head' ? (/<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(m)?.[1] ?? '') + '\n' : ' ',
  );
  const text = cleaned.replace(/<\/?([a-z][a-z0-9-]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi, (_, tag: string) => (HTML_BLOCKS.test(tag) ? '\n' : ' '));
  return tidy(decodeEntities(text.replace(/<[^>]*>/g, ' ')));
}

/** The characters of every <text> element of an SVG (with its <tspan>s), one per line. */
export function svgText(svg: string): string {
  const xml = stripDeclarations(svg);
  const lines: string[] = [];
  for (const match of xml.matchAll(/<(?:[a-z]+:)?text\b[^>]*>([\s\S]*?)<\/(?:[a-z]+:)?text\s*>/gi)) {
    lines.push(decodeEntities((match[1] ?? '').replace(/<[^>]*>/g, ' ')));
  }
  return tidy(lines.join('\n'));
}

/**
 * The text of an ODT's content.xml: paragraphs and headings on their own lines, spaces,
 * tabs and line breaks as the format marks them, nothing from styles or metadata.
 */
export function odfText(xml: string): string {
  const body = /<office:body\b[\s\S]*<\/office:body>/.exec(stripDeclarations(xml))?.[0] ?? '';
  const text = body
    .replace(/<text:s\b[^>]*c="(\d{1,3})"[^>]*\/>/g, (_, n: string) => ' '.repeat(Number(n)))
    .replace(/<text:(?:s|tab)\b[^>]*\/>/g, ' ')
    .replace(/<text:line-break\b[^>]*\/>/g, '\n')
    .replace(/<\/text:(?:p|h)>/g, '\n')
    .replace(/<(?:text:note-citation|office:annotation)\b[\s\S]*?<\/(?:text:note-citation|office:annotation)>/g, ' ')
    .replace(/<[^>]*>/g, '');
  return tidy(decodeEntities(text));
}

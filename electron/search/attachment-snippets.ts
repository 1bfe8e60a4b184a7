import type { SearchHit } from '../../shared/schemas/search.js';
import type { AttachedPage, IndexedAttachment } from './indexer.js';
import type { TermMatcher } from './query-compiler.js';
import { cutSnippet, flatten, hasMatch, matchedSpans, type Span } from './snippets.js';

export type AttachmentSnippet = NonNullable<SearchHit['attachmentSnippet']>;

const distinctWords = (text: string, spans: readonly Span[]): number => new Set(spans.map(([a, b]) => text.slice(a, b).toLowerCase())).size;

/**
 * Where the query's words are in an entry's attached files: the page with the most distinct
 * matched words (the first such, in attachment and page order), cut like a body snippet, so a
 * hit can say "cloth-press.pdf, p. 3: …" and the entry page can open the PDF there. When only
 * a file's name matched, the name alone. Undefined when nothing in the attachments matched.
 * `pages` are the files' pages in attachment and page order (SearchIndexer.attachedPages).
 */
export function attachmentSnippetOf(
  attachments: readonly IndexedAttachment[],
  pages: Iterable<AttachedPage>,
  matchers: readonly TermMatcher[],
): AttachmentSnippet | undefined {
  let best: { attachment: IndexedAttachment; page: number; text: string; spans: Span[]; score: number } | undefined;
  let named: { attachment: IndexedAttachment; spans: Span[] } | undefined;
  for (const attachment of attachments) {
    const nameSpans = matchedSpans(attachment.name, 'attachments', matchers);
    if (nameSpans.length > 0) {
      named = { attachment, spans: nameSpans };
      break;
    }
  }
  for (const page of pages) {
    const text = flatten(page.text);
    const spans = matchedSpans(text, 'attachments', matchers);
    if (spans.length === 0) continue;
    const score = distinctWords(text, spans);
    if (!best || score > best.score) best = { attachment: page.attachment, page: page.page, text, spans, score };
  }
  if (best) {
    const snippet = cutSnippet(best.text, best.spans);
    const name = best.attachment.name;
    return {
      name,
      sha256: best.attachment.sha256,
      nameHighlights: named?.attachment === best.attachment ? named.spans : [],
      page: best.page,
      text: snippet.text,
      highlights: snippet.highlights,
    };
  }
  if (named) return { name: named.attachment.name, sha256: named.attachment.sha256, nameHighlights: named.spans, page: null, text: '', highlights: [] };
  return undefined;
}

/**
 * Whether the query's words are anywhere in the attached files, names first, stopping at the
 * first match: what "matched in: attachment" needs of a hit whose own text shows the words,
 * whose file snippet is not shown.
 */
export function attachmentsMatch(attachments: readonly IndexedAttachment[], pages: Iterable<AttachedPage>, matchers: readonly TermMatcher[]): boolean {
  if (attachments.some((a) => hasMatch(a.name, 'attachments', matchers))) return true;
  for (const page of pages) if (hasMatch(page.text, 'attachments', matchers)) return true;
  return false;
}

import type { EntryDetail } from '../../../../shared/schemas/entry.js';
import type { LibraryState } from '../../app/library-url.js';

/** Words of an entry's text a "More like this" search takes: enough to say what it is about, short enough for an address. */
const WORDS = 300;

/**
 * The library search that finds entries like this one: its title, summary and body as plain
 * words (no punctuation, so nothing in the text reads as a query operator or a field name),
 * ranked as any long query is — by its most informative terms.
 */
export function moreLikeThis(entry: Pick<EntryDetail, 'title' | 'summary' | 'body'>): LibraryState {
  const words = `${entry.title} ${entry.summary} ${entry.body}`.match(/[\p{L}\p{N}]+/gu) ?? [];
  return { query: words.slice(0, WORDS).join(' '), filters: {}, sort: 'relevance' };
}

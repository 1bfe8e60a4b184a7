import type { SearchColumn } from './fields.js';
import { firstCharsOf, forEachTerm, markdownToText, otherReadingsOf } from './pipeline.js';
import type { TermMatcher } from './query-compiler.js';

export type Span = [number, number];

/** Whether a term is one of the clauses' (an exact term or under a prefix) in a column. */
type TermTest = (term: string) => boolean;

/**
 * One test per column for a query's matchers, made once per query: a pasted text has 64
 * clauses, and asking each of them about every distinct word of every field of a page cost
 * more than the rest of its snippets. The union of their terms answers the same.
 */
const termTests = new WeakMap<readonly TermMatcher[], Map<SearchColumn, { test: TermTest; firstChars: ReadonlySet<string> } | null>>();

function termTestOf(column: SearchColumn, matchers: readonly TermMatcher[]): { test: TermTest; firstChars: ReadonlySet<string> } | null {
  let byColumn = termTests.get(matchers);
  if (byColumn === undefined) {
    byColumn = new Map();
    termTests.set(matchers, byColumn);
  }
  const known = byColumn.get(column);
  if (known !== undefined) return known;
  const relevant = matchers.filter((m) => m.column === null || m.column === column);
  let made: { test: TermTest; firstChars: ReadonlySet<string> } | null = null;
  if (relevant.length > 0) {
    const exact = new Set(relevant.flatMap((m) => [...m.exact]));
    const prefixes = [...new Set(relevant.flatMap((m) => m.prefixes))];
    const test: TermTest = prefixes.length === 0 ? (term) => exact.has(term) : (term) => exact.has(term) || prefixes.some((p) => term.startsWith(p));
    made = { test, firstChars: firstCharsOf([...exact, ...prefixes]) };
  }
  byColumn.set(column, made);
  return made;
}

/**
 * Spans of the original text whose normalised terms the query matched: the text goes
 * through the same pipeline as the index, and each matching term points back to the
 * characters it came from, so "Ткани" is highlighted for "ткань" and never shown stemmed.
 */
export function matchedSpans(text: string, column: SearchColumn, matchers: readonly TermMatcher[], found?: Set<string>): Span[] {
  const spans: Span[] = [];
  forEachMatch(text, column, matchers, found, (start, end) => {
    const last = spans.at(-1);
    // Chinese bigrams overlap; join overlapping or touching spans into one highlight.
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else spans.push([start, end]);
  });
  return spans;
}

/** Whether the query matched any term of the text: matchedSpans' test, stopped at the first match. */
export function hasMatch(text: string, column: SearchColumn, matchers: readonly TermMatcher[]): boolean {
  let found = false;
  forEachMatch(text, column, matchers, undefined, () => (found = true));
  return found;
}

/**
 * Calls `visit` with the span of every term of the text the query matched; `visit` returning
 * true stops the scan. `found` collects the terms of the text that matched (as they are, not
 * another reading of the word).
 */
function forEachMatch(
  text: string,
  column: SearchColumn,
  matchers: readonly TermMatcher[],
  found: Set<string> | undefined,
  visit: (start: number, end: number) => unknown,
): void {
  const compiled = termTestOf(column, matchers);
  if (compiled === null) return;
  const { test, firstChars } = compiled;
  // A word repeats through a body; whether its term matches is decided once.
  const decided = new Map<string, boolean>();
  forEachTerm(
    text,
    (term, start, end) => {
      let hit = decided.get(term);
      if (hit === undefined) {
        hit = test(term);
        decided.set(term, hit);
        if (hit) found?.add(term);
      }
      // A Russian word may have matched by a reading other than its likeliest (стали, steel, for сталь).
      if (!hit && !matchedOtherReading(text, start, end, test)) return false;
      return visit(start, end);
    },
    firstChars,
  );
}

function matchedOtherReading(text: string, start: number, end: number, test: TermTest): boolean {
  const code = text.charCodeAt(start);
  if (code < 0x400 || code >= 0x500) return false;
  return otherReadingsOf(text.slice(start, end)).some(test);
}

export interface Snippet {
  text: string;
  highlights: Span[];
}

const SNIPPET_LENGTH = 220;
const LEAD = 50;

/** A window of about SNIPPET_LENGTH characters around the densest run of highlights, cut at word boundaries. */
export function cutSnippet(text: string, spans: readonly Span[]): Snippet {
  if (text.length <= SNIPPET_LENGTH) return { text, highlights: [...spans] };
  let bestStart = 0;
  let bestCount = -1;
  for (const [start] of spans) {
    const from = Math.max(0, start - LEAD);
    const count = spans.filter(([s, e]) => s >= from && e <= from + SNIPPET_LENGTH).length;
    if (count > bestCount) {
      bestCount = count;
      bestStart = from;
    }
  }
  let from = bestStart;
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space - from < 20 && spans.every(([s]) => s < from || s > space)) from = space + 1;
  }
  let to = Math.min(text.length, from + SNIPPET_LENGTH);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from + SNIPPET_LENGTH / 2 && spans.every(([s, e]) => e <= space || s >= to)) to = space;
  }
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const highlights = spans.filter(([s, e]) => s >= from && e <= to).map(([s, e]): Span => [s - from + prefix.length, e - from + prefix.length]);
  return { text: `${prefix}${text.slice(from, to)}${suffix}`, highlights };
}

/** Collapses runs of white space (line breaks of a Markdown body) so a snippet reads as one line. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A line of markup alone: a table's delimiter row (`|---|:--:|`), a rule (`---`, what `***` leaves) or a setext underline (`===`). */
const MARKUP_ONLY_LINE = /^[ \t]*[-*_=|:][-*_=|: \t]*$/gm;
/** `[label]: https://…` lines that define reference links. */
const LINK_DEFINITION = /^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S.*$/gm;
/** A row of a pipe table: it starts with a pipe, or has cells between at least two. */
const TABLE_ROW = /^[ \t]*\|.*$|^.*\S[ \t]*\|[ \t]*\S.*\|.*$/gm;

/**
 * Text as a reader of the rendered entry sees it, for snippets: Markdown's headings, list
 * markers, emphasis and link syntax reduced (markdownToText), tables' pipes and delimiter
 * rows reduced to their cells' words, rules and link definitions dropped. Snippets and
 * their highlights are both cut from this text, so the offsets match what is shown.
 */
export function readerText(markdown: string): string {
  const text = markdownToText(markdown);
  if (!/[|=\-*_\\[]/.test(text)) return text;
  return text
    .replace(MARKUP_ONLY_LINE, '')
    .replace(LINK_DEFINITION, '')
    .replace(TABLE_ROW, (row) =>
      row
        .trim()
        .replace(/^\|/, '')
        .replace(/\|$/, '')
        .split('|')
        .map((cell) => cell.trim())
        .filter((cell) => cell.length > 0)
        .join(' · '),
    )
    .replace(/\[([^\]\n]*)\]\[[^\]\n]*\]/g, '$1')
    .replace(/\[\^[^\]\n]+\]/g, '')
    .replace(/^[ \t]*\[[ xX]\][ \t]+/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~>])/g, '$1');
}

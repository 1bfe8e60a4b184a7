/**
 * marked reads nested block quotes and lists by recursion, so 2,000 `>` (2 KB) or 5,000
 * `- ` overflow its stack, and each level re-reads what is inside it (1,000 levels of
 * indented list items, 1 MB, took 9 s). Before marked sees a partner's text, the container
 * prefix of every line is bounded:
 *
 * - at most MAX_MARKERS quote or list markers; the next one is backslash-escaped, so it
 *   and everything after it is the line's text;
 * - at most MAX_INDENT columns of indentation in front of markers (nesting by indentation),
 *   shortened to that when deeper.
 *
 * Every container a line continues or opens takes a marker or at least two columns of its
 * prefix, so no line is nested deeper than MAX_MARKERS + MAX_INDENT / 2 levels. Fenced code
 * is not exempt: deciding exactly where marked thinks a fence starts and ends is what an
 * attacker would probe, and code this deep only gains a visible backslash or loses some
 * spaces. Text within the bounds comes back unchanged.
 */
export const MAX_MARKERS = 16;
export const MAX_INDENT = 64;

const TAB_WIDTH = 4;

/** A line of only `-`, `*` or `_` (three or more) and blanks: a rule, which nests nothing. */
function isThematicBreak(line: string): boolean {
  const compact = line.replace(/[ \t]/g, '');
  return compact.length >= 3 && /^(?:-+|\*+|_+)$/.test(compact);
}

const endsMarker = (next: string | undefined): boolean => next === undefined || next === ' ' || next === '\t';

/** The length of a block quote or list marker at `at` (0 when there is none). */
function markerLength(line: string, at: number): number {
  const char = line[at];
  if (char === '>') return 1;
  if (char === '-' || char === '+' || char === '*') return endsMarker(line[at + 1]) ? 1 : 0;
  let end = at;
  while (end < line.length && end - at < 10 && line.charCodeAt(end) >= 48 && line.charCodeAt(end) <= 57) end += 1;
  const digits = end - at;
  if (digits === 0 || digits > 9 || (line[end] !== '.' && line[end] !== ')')) return 0;
  return endsMarker(line[end + 1]) ? digits + 1 : 0;
}

function limitLine(line: string): string {
  let out = '';
  let copied = 0;
  let at = 0;
  let markers = 0;
  let indent = 0;
  for (;;) {
    const blankStart = at;
    let columns = 0;
    while (line[at] === ' ' || line[at] === '\t') {
      columns += line[at] === '\t' ? TAB_WIDTH : 1;
      at += 1;
    }
    const length = markerLength(line, at);
    if (length === 0) break;
    if ((indent + columns > MAX_INDENT || markers === MAX_MARKERS) && isThematicBreak(line)) return line;
    if (indent + columns > MAX_INDENT) {
      const kept = Math.max(0, MAX_INDENT - indent);
      out += line.slice(copied, blankStart) + ' '.repeat(kept);
      copied = at;
      columns = kept;
    }
    indent += columns;
    if (markers === MAX_MARKERS) {
      // The escape goes before the character that makes it a marker: `\>`, `\-`, `12\.`.
      const punctuation = at + length - 1;
      out += line.slice(copied, punctuation) + '\\';
      copied = punctuation;
      break;
    }
    markers += 1;
    at += length;
  }
  return out + line.slice(copied);
}

export function limitNesting(source: string): string {
  // marked reads a lone CR as a line break too; so must this, or `>\r>\r…` is one line here.
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const limited = limitLine(line);
    if (limited !== line) {
      lines[i] = limited;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : source;
}

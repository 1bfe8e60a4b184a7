/**
 * What the CLI prints comes partly from other enterprises (titles, tags, producer names). A
 * terminal acts on control characters: ESC sequences recolour, move the cursor or rewrite
 * earlier lines, a carriage return overwrites the line, bidirectional overrides show text
 * reversed. Such characters are printed as visible escapes (`\x1B`, `\u202E`) so a warning
 * cannot be made to read as something else, and the person sees that something is odd.
 */

/** Controls (C0, DEL, C1: \p{Cc}) but tab and line feed, and the bidirectional marks, embeddings, overrides and isolates; also the Unicode line and paragraph separators. */
const UNSAFE_IN_BLOCK = /[^\P{Cc}\t\n]|[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** The same and the line feed: one field must not start a line of its own. */
const UNSAFE_IN_LINE = /[^\P{Cc}\t]|[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
/** What JSON.stringify leaves as it is although a terminal acts on it (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escaped(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** One field printed on a line of its own or inside one: no control may break or bend the line. */
export function line(text: string): string {
  return text.replace(UNSAFE_IN_LINE, escaped);
}

/** Text printed as several lines on purpose (a body, a whole command's output): line feeds and tabs stay. */
export function block(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE_IN_BLOCK, escaped);
}

/**
 * JSON for --json: JSON.stringify already writes C0 as \u escapes; C1, DEL and the
 * bidirectional controls it writes raw are escaped here too. They can only occur inside
 * strings, where the \u form means the same, so the JSON parses to the same value.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * decodeURIComponent throws on a malformed escape (`%E0%A4%A`), and a partner chooses the
 * text it is given; a throw there once blanked the whole page. What does not decode is
 * used as written.
 */
export function safeDecodeURIComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

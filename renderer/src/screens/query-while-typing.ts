import { RatioError } from '../../../shared/errors.js';

/**
 * The query as the core should read it while the person is still typing it: what is only
 * unfinished — an open quote, a trailing `-`, `+`, `field:`, `*`, `~` or `^` — is closed or
 * left out, so each keystroke of `"cloth pre` asks a question the core can answer. What is
 * wrong and not merely unfinished (an unknown field, a stray operator in the middle) is kept,
 * and the core says what is wrong with it.
 */
export function queryWhileTyping(typed: string): string {
  let text = typed.replace(/[“”„«»]/g, '"');
  if ((text.match(/"/g) ?? []).length % 2 === 1) text = `${text.trimEnd()}"`;
  // The last word only: that is where the cursor usually is.
  const last = /(^|\s)(\S+)$/u.exec(text);
  if (last && !text.endsWith('"')) {
    const word = last[2] ?? '';
    const start = text.length - word.length;
    let kept = word;
    if (/^[+-]$/.test(kept)) kept = '';
    else if (/^[+-]?\p{L}+:$/u.test(kept)) kept = '';
    else kept = kept.replace(/[~^]$/, '').replace(/^([+-]?)\*+$/, '');
    text = text.slice(0, start) + kept;
  }
  return text.trim();
}

/**
 * A search the core refused as asked (a query it cannot read, one too long, a filter from a
 * hand-edited address): said calmly beside the search box, not as a failure of the app.
 */
export function isQueryMistake(error: unknown): error is RatioError {
  return error instanceof RatioError && error.code === 'INVALID_INPUT';
}

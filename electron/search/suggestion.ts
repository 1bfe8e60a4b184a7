import { normaliseWord } from './pipeline.js';
import { surfaceForm } from './surface-words.js';
import type { Vocabulary } from './vocabulary.js';
import type { SurfaceWord } from './word-store.js';

/** A word that fewer entries have is taken for a typo when a much commoner word is one or two edits away. */
const RARE_DOCS = 3;
/** How many times more entries the replacement of a rare (not unknown) word must have. */
const COMMONER = 5;
/** Queries longer than this are pasted texts: a few unknown words among them are not typos worth a suggestion. */
const MAX_WORDS = 32;
/** Longest Chinese run corrected (each position tries a few windows against the vocabulary). */
const MAX_HAN_RUN = 16;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const RUNS = /(\p{Script=Han}+)|([^\p{Script=Han}]+)/gu;
const HAN = /\p{Script=Han}/u;
const OPERATORS = new Set(['AND', 'OR', 'NOT']);

interface Piece {
  start: number;
  end: number;
  text: string;
}

/**
 * The query with each word the catalogue lacks (or has in very few entries) replaced by the
 * catalogue's closest word, the commonest among equally close ones; null when nothing would
 * change. Everything else is left as typed: signs, fields, quotes, boosts, and the words
 * carrying * or ~ (already tolerant). Chinese runs are corrected window by window: a known
 * word of two to four characters is kept, and an unknown window is replaced by a known word
 * of the same length one character away.
 */
export function suggestQuery(query: string, vocabulary: Vocabulary): string | null {
  const pieces: Piece[] = [];
  let words = 0;
  for (const match of query.matchAll(WORD)) {
    words += 1;
    if (words > MAX_WORDS) return null;
    const start = match.index;
    const end = start + match[0].length;
    const next = query.charAt(end);
    const before = query.charAt(start - 1);
    if (next === ':' || next === '*' || next === '~' || before === '*' || before === '^' || OPERATORS.has(match[0])) continue;
    for (const run of match[0].matchAll(RUNS)) pieces.push({ start: start + run.index, end: start + run.index + run[0].length, text: run[0] });
  }
  const replacements: { piece: Piece; text: string }[] = [];
  const latin = pieces.filter((p) => !HAN.test(p.text) && !/\p{N}/u.test(p.text) && [...p.text].length >= 3);
  const known = vocabulary.known(latin.map((p) => surfaceForm(p.text)));
  for (const piece of latin) {
    const typed = surfaceForm(piece.text);
    if (normaliseWord(typed) === null) continue;
    const docs = known.get(typed)?.docs ?? 0;
    if (docs >= RARE_DOCS) continue;
    const better = closest(vocabulary, typed, docs);
    if (better !== null) replacements.push({ piece, text: matchCase(piece.text, better) });
  }
  for (const piece of pieces) {
    if (!HAN.test(piece.text)) continue;
    const corrected = correctHanRun(piece.text, vocabulary);
    if (corrected !== null) replacements.push({ piece, text: corrected });
  }
  if (replacements.length === 0) return null;
  replacements.sort((a, b) => a.piece.start - b.piece.start);
  let out = '';
  let at = 0;
  for (const { piece, text } of replacements) {
    out += query.slice(at, piece.start) + text;
    at = piece.end;
  }
  out += query.slice(at);
  return out === query ? null : out;
}

/** The closest word more entries have than `docs` (far more, when the typed word is known at all); one edit first, then two for longer words. */
function closest(vocabulary: Vocabulary, typed: string, docs: number): string | null {
  const acceptable = (w: SurfaceWord): boolean => w.word !== typed && (docs === 0 ? w.docs > 0 : w.docs >= COMMONER * docs);
  for (const distance of typed.length >= 5 ? [1, 2] : [1]) {
    const found = vocabulary.similarWords(typed, distance, 16).find(acceptable);
    if (found) return found.word;
  }
  return null;
}

/** "Decatisng" becomes "Decatising", "WOOL" stays in capitals; otherwise the catalogue's lower case. */
function matchCase(typed: string, word: string): string {
  if (typed.length > 1 && typed === typed.toUpperCase() && typed !== typed.toLowerCase()) return word.toUpperCase();
  const first = typed.charAt(0);
  return first !== first.toLowerCase() ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

function correctHanRun(run: string, vocabulary: Vocabulary): string | null {
  const chars = [...run];
  if (chars.length < 2 || chars.length > MAX_HAN_RUN) return null;
  const windows: string[] = [];
  for (let i = 0; i < chars.length; i += 1) for (let n = 2; n <= 4 && i + n <= chars.length; n += 1) windows.push(chars.slice(i, i + n).join(''));
  const known = vocabulary.known(windows);
  const out: string[] = [];
  let changed = false;
  let i = 0;
  while (i < chars.length) {
    const longest = Math.min(4, chars.length - i);
    let step = 0;
    for (let n = longest; n >= 2 && step === 0; n -= 1) if (known.has(chars.slice(i, i + n).join(''))) step = n;
    if (step > 0) {
      out.push(chars.slice(i, i + step).join(''));
      i += step;
      continue;
    }
    // A character before a known word is a particle or a one-character word (的 in 呢绒的整理), not a typo.
    const nextIsWord = [4, 3, 2].some((n) => i + 1 + n <= chars.length && known.has(chars.slice(i + 1, i + 1 + n).join('')));
    for (let n = longest; n >= 2 && step === 0 && !nextIsWord; n -= 1) {
      const window = chars.slice(i, i + n).join('');
      const same = vocabulary.similarWords(window, 1, 16).find((w) => [...w.word].length === n && w.word !== window);
      if (same) {
        out.push(same.word);
        step = n;
        changed = true;
      }
    }
    if (step === 0) {
      out.push(chars[i] as string);
      step = 1;
    }
    i += step;
  }
  return changed ? out.join('') : null;
}

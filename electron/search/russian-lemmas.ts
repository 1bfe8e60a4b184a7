import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Az, { type AzLoadCallback, type AzMorphConfig, type AzParse } from 'az';
import { russianPipeline } from './lunr-languages.js';

/**
 * Russian words to index terms by dictionary: the lemmas OpenCorpora's dictionary gives
 * through Az.js (the dictionaries ship inside the package, node_modules/az/dicts), and
 * Snowball's stem only for words the dictionary does not list. Snowball cannot undo a
 * dropped or changed vowel (угол/угла, уголь/угля/углём, станок/станка) and gives coal and
 * angle the same stem; lemmas keep them apart and join every form of a word.
 *
 * A form may be several words (стойки: стойка, or short стойкий; стали: стать or сталь).
 * The likeliest reading is the word's term in place; the others are the word's other
 * readings, which indexText appends once after the field's text (see pipeline.ts).
 */

/**
 * Only the dictionary itself and a known prefix before a dictionary word (электро-, гидро-,
 * авто-…) count as knowing a word. Az's other parsers guess from endings (SuffixKnown,
 * PrefixUnknown: on technical text they invent lemmas such as "дейк" for an unknown word)
 * or correct typos and stutter, which would join unrelated words; such words keep
 * Snowball's stem, which is also what they had before. Words arrive in lower case and case
 * is not ignored, so proper names' readings stay out (машин is not the surname Машин, ширина
 * not Ширин); a word the dictionary knows only as a name (москвы) keeps Snowball.
 */
const KNOWN: AzMorphConfig = { parsers: ['Dictionary', 'PrefixKnown'], typos: 0, stutter: 0, ignoreCase: false };

/** The readings of one word: the term in place first, then the others (possibly none). */
export interface RussianReadings {
  term: string;
  others: readonly string[];
  /** Whether the dictionary knew the word (false: the term is Snowball's stem). */
  known: boolean;
}

let loaded = false;

/** Where the package keeps its dictionaries: beside its package.json (inside app.asar once packaged; Electron's fs reads there). */
function dictionaryDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('az/package.json')), 'dicts');
}

/**
 * Loads the dictionaries, synchronously and once per process (main thread or worker). Az's
 * init is asynchronous only because it reads through Az.load's callbacks, and it counts the
 * files outstanding, finishing when the count returns to zero: so Az.load is replaced for the
 * call by one that reads each file at once but holds its callback, and the callbacks run after
 * init has asked for every file. The pipeline stays synchronous, and whatever opens a
 * catalogue (core process, CLI, browser host, analysis worker) needs no awaited step.
 */
export function loadRussianDictionary(): void {
  if (loaded) return;
  const directory = dictionaryDirectory();
  const original = Az.load;
  const held: (() => void)[] = [];
  Az.load = (url: string, responseType: 'json' | 'arraybuffer', callback: AzLoadCallback): void => {
    const bytes = fs.readFileSync(url);
    // A copy of exactly the file's bytes: a Buffer may be a view into a larger pool.
    const data: unknown = responseType === 'json' ? JSON.parse(bytes.toString('utf8')) : new Uint8Array(bytes).buffer;
    held.push(() => callback(null, data));
  };
  const outcome: { error: Error | null; done: boolean } = { error: null, done: false };
  try {
    Az.Morph.init(directory, (error) => {
      outcome.error = error;
      outcome.done = true;
    });
    for (let next = held.shift(); next !== undefined; next = held.shift()) next();
  } finally {
    Az.load = original;
  }
  if (outcome.error !== null) throw outcome.error;
  if (!outcome.done) throw new Error(`Az.js did not finish loading its dictionaries from ${directory}.`);
  loaded = true;
}

/** Lower case and ё = е, as pipeline.ts's foldCase (not imported: pipeline.ts imports this module). */
function fold(word: string): string {
  return word.toLowerCase().replace(/ё/g, 'е');
}

/**
 * The readings of a Russian word already folded (lower case, ё→е) and not a stop word. Each
 * lemma's weight is the sum of its parses' scores (Az's P(tag | word) from OpenCorpora's
 * corpus); the heaviest is the term, and every other reading is kept, however unlikely in
 * that corpus (news): стали is стать there, and сталь in a catalogue of techniques.
 * A lemma starting with another letter than the word is left out (suppletion: людей →
 * человек, первой → один): term-counter.ts and snippets pass words over by their first
 * letter, which must be their term's; a word left with no lemma falls back to Snowball.
 */
export function russianReadings(word: string): RussianReadings {
  loadRussianDictionary();
  const weights = new Map<string, number>();
  const first = word.charAt(0);
  for (const parse of Az.Morph(word, KNOWN) as readonly AzParse[]) {
    // toString, not .word: a PrefixKnown parse keeps its prefix there only (двукратная: двукратный, not кратный).
    const lemma = fold(parse.normalize().toString());
    if (lemma.charAt(0) !== first || !/^[\p{L}\p{N}\p{M}]+$/u.test(lemma)) continue;
    weights.set(lemma, (weights.get(lemma) ?? 0) + Math.max(parse.score, 1e-6));
  }
  if (weights.size === 0) return { term: russianPipeline.stem(word), others: [], known: false };
  // Equal weights (a form the corpus never saw: every parse scores 1) keep Az's order, the dictionary's own (тканей: ткань before тканый).
  const ranked = [...weights].sort((a, b) => b[1] - a[1]).map(([lemma]) => lemma);
  return { term: ranked[0] as string, others: ranked.slice(1), known: true };
}

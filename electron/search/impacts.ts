import { SEARCH_FIELDS, type SearchColumn } from './fields.js';

/**
 * Impact postings: beside the FTS5 table that finds entries (search_index, with positions)
 * a second contentless FTS5 table without positions (search_impacts) holds one token per
 * distinct term of each entry, and one per distinct pair of adjacent terms. The token
 * carries what bm25() needs about that term in that entry: its field-weighted frequency
 * (bm25()'s tf with the column weights) and the entry's length (all columns' tokens, as
 * FTS5 counts them) to within 2 %.
 *
 * So the entries holding a term, grouped by what they score, come out of one range scan
 * of the token list, and a BM25 ranking is sums in memory (impact-ranker.ts) instead of
 * bm25() decoding every match's positions and reading its length row: five times cheaper
 * per match. A two-word phrase is one pair token, without reading any positions at all.
 *
 * Two more kinds answer what would otherwise need FTS5's positions or many lists:
 * - a prefix of 3 or 4 characters of any of the entry's terms (the prefix lengths search_index
 *   keeps), with the summed frequency of those terms: FTS5 scores "gunb*" as one phrase whose
 *   frequency is every "gunb…" term's, so a common prefix is one token per entry instead of
 *   the dozens of terms an entry has in the range, and its entries need no summing;
 * - a term in one field other than the body (title:wool), with that field's weighted
 *   frequency only, as bm25() counts a phrase under a column filter. The body is left out:
 *   it holds most of an entry's terms, and body: queries are rare.
 *
 * Pair tokens are written only between terms of `pairTerms` (pair-terms.ts), or between any
 * two terms when it is null: most pairs are unique, and a phrase with a rare word is cheap for FTS5.
 *
 * Token layout (every part a token character for FTS5's ascii tokenizer, so each is one token):
 *   term            TERM ␀w ␀band
 *   adjacent pair   ␁FIRST␂SECOND ␀w ␀band
 *   prefix          ␃PREFIX ␀w ␀band
 *   term in field   ␄c␂TERM ␀w ␀band      (c: the field's place in SEARCH_FIELDS, one digit)
 * with ␀ … ␄ the private-use characters U+E000–U+E004, which no analysed term contains (terms
 * are letters, digits and marks). These tokens sort after every term token (terms start with a
 * letter or digit), so a prefix range over terms never walks them.
 */

export const IMPACT_SEPARATOR = '\uE000';
const PAIR_START = '\uE001';
const PAIR_JOIN = '\uE002';
const PREFIX_START = '\uE003';
const FIELD_START = '\uE004';
/** The prefix lengths, in characters, with tokens of their own (search_index had prefix indexes of these until migration 16). */
const PREFIX_LENGTHS = [3, 4] as const;
/** The columns with tokens of their own, by place in SEARCH_FIELDS: all but the body. */
const FIELD_TOKEN_COLUMNS: ReadonlyMap<SearchColumn, string> = new Map(
  SEARCH_FIELDS.map((f, i) => [f.column, String(i)] as const).filter(([column]) => column !== 'body'),
);
/**
 * The start of each kind of token (what precedes ␀w␀band), written by impactText and looked
 * up by the ranges below: one definition, so the two cannot drift apart.
 */
const pairKey = (first: string, second: string): string => PAIR_START + first + PAIR_JOIN + second;
const prefixKey = (prefix: string): string => PREFIX_START + prefix;
/** What a term's key in the field at `place` starts with (the term follows). */
const fieldKeyStart = (place: string): string => FIELD_START + place + PAIR_JOIN;

/** The character after IMPACT_SEPARATOR: `term + IMPACT_SEPARATOR` up to `term + AFTER_SEPARATOR` is one term's tokens. */
const AFTER_SEPARATOR = '\uE001';
/** The highest code point: a prefix range ends at prefix + this. */
const HIGHEST = '\u{10FFFF}';

/** Field-weighted frequencies above this are stored as this: bm25's saturation makes the rest count for under 0.5 %. */
export const MAX_WEIGHTED_FREQUENCY = 999;

/**
 * Weighted frequencies are written in halves, as integers: the attachments field weighs 0.5
 * (fields.ts), and a token's number must stay digits. readImpact divides it back.
 */
const FREQUENCY_SCALE = 2;
const scaled = (weight: number): number => Math.round(weight * FREQUENCY_SCALE);

/** Lengths up to this are kept exactly; above it in bands 2 % wide (a 1 % error in the length moves a score by under 0.5 %). */
const EXACT_LENGTHS = 64;
const BAND_RATIO = Math.log(1.02);

export function lengthBand(length: number): number {
  if (length <= EXACT_LENGTHS) return length;
  return EXACT_LENGTHS + Math.round(Math.log(length / EXACT_LENGTHS) / BAND_RATIO);
}

/** The length a band stands for. */
export function bandLength(band: number): number {
  return band <= EXACT_LENGTHS ? band : EXACT_LENGTHS * Math.exp((band - EXACT_LENGTHS) * BAND_RATIO);
}

/** A half-open range of tokens [from, to). */
export interface TokenRange {
  from: string;
  to: string;
  /**
   * True when an entry has at most one token in the range (one term's, pair's or prefix's),
   * so the tokens' lists never share an entry and the phrase's document frequency is the sum
   * of their lengths; false for a prefix read through its terms' tokens, of which an entry may
   * have several.
   */
  exact: boolean;
  /**
   * Ranges whose frequencies are taken from this one's, entry by entry: the body's own share
   * of a term is the term's less its share in every other field. An entry left with nothing
   * does not hold the range. Such a range is never exact (an entry's remainder decides).
   */
  minus?: readonly TokenRange[];
}

/** Every token of one term. */
export function termRange(term: string): TokenRange {
  return { from: term + IMPACT_SEPARATOR, to: term + AFTER_SEPARATOR, exact: true };
}

/** Every token of every term starting with `prefix` (FTS5's "prefix"*), and no pair token. */
export function prefixRange(prefix: string): TokenRange {
  return { from: prefix, to: prefix + HIGHEST, exact: false };
}

/** The prefix's own tokens when it has 3 or 4 characters (one per entry, so exact); null for other lengths. */
export function prefixTokenRange(prefix: string): TokenRange | null {
  return (PREFIX_LENGTHS as readonly number[]).includes(Array.from(prefix).length) ? termRange(prefixKey(prefix)) : null;
}

/**
 * Every token of one term in one column. The body has no field tokens of its own (it holds
 * most of an entry's terms): its share is the term's tokens less the other fields' (`minus`).
 */
export function fieldTermRange(column: SearchColumn, term: string): TokenRange {
  const place = FIELD_TOKEN_COLUMNS.get(column);
  if (place !== undefined) return termRange(fieldKeyStart(place) + term);
  const others = [...FIELD_TOKEN_COLUMNS.values()].map((other) => termRange(fieldKeyStart(other) + term));
  return { ...termRange(term), exact: false, minus: others };
}

/** The first `length` characters (code points) of a term, or null when it is shorter. */
function prefixOf(term: string, length: number): string | null {
  let end = 0;
  for (let i = 0; i < length; i += 1) {
    if (end >= term.length) return null;
    end += (term.codePointAt(end) as number) > 0xffff ? 2 : 1;
  }
  return term.slice(0, end);
}

/** Every token of the two-term phrase "first second". */
export function pairRange(first: string, second: string): TokenRange {
  return termRange(pairKey(first, second));
}

/** The weighted frequency and length band a token carries; null for anything else. */
export function readImpact(token: string): { frequency: number; band: number } | null {
  const last = token.lastIndexOf(IMPACT_SEPARATOR);
  const middle = last > 0 ? token.lastIndexOf(IMPACT_SEPARATOR, last - 1) : -1;
  if (middle < 0) return null;
  const frequency = Number(token.slice(middle + 1, last));
  const band = Number(token.slice(last + 1));
  return Number.isInteger(frequency) && frequency > 0 && Number.isInteger(band) && band >= 0 ? { frequency: frequency / FREQUENCY_SCALE, band } : null;
}

/** Pairs are counted under a number made of both terms' indexes: far cheaper to hash than a joined string. */
const PAIR_KEY = 1 << 20;

/**
 * The impact tokens of one entry, separated by spaces, from the index texts of its fields
 * (each an analysed term string separated by spaces, as search_index receives them). Every
 * entry indexed passes here, so terms are numbered as they are met and the tokens written
 * straight into one string.
 */
export function impactText(fields: Readonly<Record<SearchColumn, string>>, pairTerms: ReadonlySet<string> | null = null): string {
  const indexOf = new Map<string, number>();
  const terms: string[] = [];
  const frequencies: number[] = [];
  /** Per term index: whether pairs with it are written. */
  const paired: boolean[] = [];
  const pairs = new Map<number, number>();
  /** Prefix and field tokens by key (their starts differ, so one map holds both). */
  const keyed = new Map<string, number>();
  let length = 0;
  for (const field of SEARCH_FIELDS) {
    const { column } = field;
    const weight = scaled(field.weight);
    const text = fields[column];
    const place = FIELD_TOKEN_COLUMNS.get(column);
    const fieldKey = place === undefined ? null : fieldKeyStart(place);
    let previous = -1;
    let start = 0;
    // The strings are analysed terms joined by single spaces: each is exactly one FTS5 token.
    for (let i = 0; i <= text.length; i += 1) {
      if (i < text.length && text.charCodeAt(i) !== 32) continue;
      if (i > start) {
        const term = text.slice(start, i);
        let index = indexOf.get(term);
        if (index === undefined) {
          index = terms.length;
          indexOf.set(term, index);
          terms.push(term);
          frequencies.push(0);
          paired.push(pairTerms === null || pairTerms.has(term));
        }
        frequencies[index] = (frequencies[index] as number) + weight;
        length += 1;
        if (fieldKey !== null) {
          const key = fieldKey + term;
          keyed.set(key, (keyed.get(key) ?? 0) + weight);
        }
        // Beyond PAIR_KEY distinct terms in one entry, pairs are left out rather than mistaken for others.
        if (previous >= 0 && index < PAIR_KEY && (paired[index] as boolean) && (paired[previous] as boolean)) {
          const key = previous * PAIR_KEY + index;
          pairs.set(key, (pairs.get(key) ?? 0) + weight);
        }
        previous = index < PAIR_KEY ? index : -1;
      }
      start = i + 1;
    }
  }
  // A prefix's frequency is the sum of its terms' (FTS5 counts every term of a prefix phrase).
  for (let i = 0; i < terms.length; i += 1) {
    for (const n of PREFIX_LENGTHS) {
      const prefix = prefixOf(terms[i] as string, n);
      if (prefix === null) break;
      const key = prefixKey(prefix);
      keyed.set(key, (keyed.get(key) ?? 0) + (frequencies[i] as number));
    }
  }
  const suffix = IMPACT_SEPARATOR + String(lengthBand(length));
  const capped = (frequency: number): string => String(Math.min(frequency, MAX_WEIGHTED_FREQUENCY * FREQUENCY_SCALE));
  let out = '';
  for (let i = 0; i < terms.length; i += 1) out += `${i === 0 ? '' : ' '}${terms[i] as string}${IMPACT_SEPARATOR}${capped(frequencies[i] as number)}${suffix}`;
  pairs.forEach((frequency, key) => {
    const first = terms[Math.floor(key / PAIR_KEY)] as string;
    const second = terms[key % PAIR_KEY] as string;
    out += ` ${pairKey(first, second)}${IMPACT_SEPARATOR}${capped(frequency)}${suffix}`;
  });
  keyed.forEach((frequency, key) => {
    out += ` ${key}${IMPACT_SEPARATOR}${capped(frequency)}${suffix}`;
  });
  return out;
}

/**
 * A free-text query as the impact postings answer it: every phrase bm25() would score (a
 * term, a prefix, or a two-term phrase, each one token range), how often the MATCH names it,
 * and the boolean shape that decides which entries match.
 */
export interface ImpactPlan {
  phrases: ImpactPhrase[];
  /** The query's clauses; an entry matches when every required one holds and at least one holds. */
  clauses: ImpactClause[];
  /** FTS5 MATCH over search_index of the entries to leave out, or null. */
  exclude: string | null;
  /** Thesaurus concepts, each scored as one term over all its alternatives (concept-expansion.ts). */
  groups: ImpactGroup[];
}

/**
 * A concept as one BM25 term (Pirkola's structured query): an entry's frequency is the sum
 * of its alternatives' (each scaled), its document frequency the entries holding any.
 */
export interface ImpactGroup {
  alternatives: ImpactAlternative[];
  weight: number;
  bits: number;
  /** IPC codes of the concept: entries the query reached that carry one get a small boost. */
  codes: string[];
}

/** One label: an entry holds it when it has every range (a term, or each adjacent pair of a longer label); its frequency is the least of theirs. */
export interface ImpactAlternative {
  ranges: TokenRange[];
  scale: number;
}

export interface ImpactPhrase {
  range: TokenRange;
  /** How many times bm25() sums this phrase's score (a required or boosted clause repeats it). */
  weight: number;
  /** The clause bits a match of this phrase sets. */
  bits: number;
}

export interface ImpactClause {
  /** Its phrases' bits: all of them must be set (`all`), or any one. */
  mask: number;
  all: boolean;
  required: boolean;
}

/** At most this many bits: one per phrase of an all-phrases clause, one per any-phrase clause. */
export const MAX_PLAN_BITS = 30;

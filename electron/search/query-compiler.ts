import type { QueryClause } from '../../shared/schemas/search.js';
import { columnOf, type SearchColumn } from './fields.js';
import { foldCase, normaliseWord, otherReadingsOf } from './pipeline.js';
import { queryWordGroups } from './query-words.js';
import type { ConceptGroup } from './concept-expansion.js';
import { surfaceForm } from './surface-words.js';
import { MAX_EXPANSIONS, type Vocabulary } from './vocabulary.js';
import {
  MAX_PLAN_BITS,
  fieldTermRange,
  pairRange,
  prefixRange,
  prefixTokenRange,
  termRange,
  type ImpactAlternative,
  type ImpactClause,
  type ImpactGroup,
  type ImpactPhrase,
  type ImpactPlan,
  type TokenRange,
} from './impacts.js';

/** Which index terms a clause matched, and in which column: what snippets highlight and "matched in" reports. */
export interface TermMatcher {
  exact: Set<string>;
  prefixes: string[];
  column: SearchColumn | null;
}

export interface CompiledQuery {
  /** FTS5 MATCH selecting and ranking the entries; null when no clause asks for something. */
  match: string | null;
  /** FTS5 MATCH of entries to leave out when nothing positive was asked (`-draft` alone). */
  exclude: string | null;
  /** The query asked for something no entry can have (a required fuzzy word with no near terms). */
  impossible: boolean;
  matchers: TermMatcher[];
  /** How many phrases of `match` bm25() sums a score over (a required or boosted clause counts each time it is written). */
  phrases: number;
  /** The same query for the impact postings (impact-ranker.ts); null when some clause needs FTS5 (a phrase in a field, a phrase of three terms or more, a prefix after other words or in a field). */
  impact: ImpactPlan | null;
  /**
   * The thesaurus concepts among the positive clauses, for ranking on FTS5 (engine.ts): `match`
   * finds their entries with the labels OR-ed in, but bm25() would score each label as a
   * phrase of its own; the engine scores `rest` (the MATCH of the other clauses, null when there
   * are none) with bm25() and each group as one term from the impact postings. When nothing is
   * required or excluded, `labels` (the groups' labels, OR-ed) is set: `match` is then `rest`
   * OR `labels`, and its matches are theirs together. Null without concepts.
   */
  concepts: { rest: string | null; labels: string | null; groups: ImpactGroup[] } | null;
}

/** Fuzzy words of one query expanded against the vocabulary; later ones are matched as typed, so 500 of them stay fast. */
export const MAX_FUZZY_WORDS = 16;

const quote = (term: string): string => `"${term.replace(/"/g, '""')}"`;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

interface Unit {
  expr: string;
  matcher: TermMatcher;
  phrases: number;
  /**
   * The clause's phrases as impact token ranges, and whether all of them or any one must
   * match; null when the impact postings cannot answer it. A clause of several words (a
   * Chinese run) has one such set per word in `words` instead, each deciding as a clause of
   * its own (any one word will do for an optional clause, all are needed otherwise), and
   * `bonus` ranges that only add score.
   */
  impact: {
    ranges: readonly TokenRange[];
    all: boolean;
    words?: readonly (readonly TokenRange[])[];
    bonus?: readonly TokenRange[];
    /** A thesaurus concept: one term over all its alternatives. */
    group?: { alternatives: ImpactAlternative[]; codes: string[] };
  } | null;
}

/**
 * The ranges an entry must hold to hold one phrase of terms: the term, the pair, or each
 * adjacent pair of a longer phrase. A pair without tokens of its own (a rare word's, see
 * pair-terms.ts) is taken as both its terms: a label is then found with its words apart too.
 */
function phraseRanges(terms: readonly string[], vocabulary: Vocabulary): TokenRange[] {
  if (terms.length === 1) return [termRange(terms[0] as string)];
  const out: TokenRange[] = [];
  for (let i = 0; i + 1 < terms.length; i += 1) {
    const first = terms[i] as string;
    const second = terms[i + 1] as string;
    if (vocabulary.pairStored(first, second)) out.push(pairRange(first, second));
    else out.push(termRange(first), termRange(second));
  }
  return out;
}

/**
 * A concept's group as one unit: FTS5 finds it as an OR of its labels (bm25() there scores
 * each label as a phrase of its own); the impact postings score it as one term.
 */
function compileGroup(group: ConceptGroup, vocabulary: Vocabulary): Unit | null {
  const matcher: TermMatcher = { exact: new Set(), prefixes: [], column: null };
  const exprs: string[] = [];
  const alternatives: ImpactAlternative[] = [];
  for (const alt of group.alternatives) {
    const parts = alt.parts.filter((p) => p.length > 0);
    if (parts.length === 0) continue;
    for (const p of parts) p.forEach((t) => matcher.exact.add(t));
    const expr = andOf(parts.map((p) => quote(p.join(' '))));
    if (expr === null) continue;
    exprs.push(expr);
    alternatives.push({ ranges: parts.flatMap((p) => phraseRanges(p, vocabulary)), scale: alt.scale });
  }
  if (exprs.length === 0) return null;
  return {
    expr: exprs.length === 1 ? (exprs[0] as string) : `(${exprs.join(' OR ')})`,
    matcher,
    // One term, however many labels: the re-ranking's share of the score is per query term.
    phrases: 1,
    impact: { ranges: [], all: false, group: { alternatives, codes: group.codes } },
  };
}

const GROUP_CLAUSE: QueryClause = { type: 'term', text: '', field: null, presence: 'optional', wildcard: 'none', editDistance: 0, boost: 1 };

function andOf(exprs: string[]): string | null {
  if (exprs.length === 0) return null;
  return exprs.length === 1 ? (exprs[0] as string) : `(${exprs.join(' AND ')})`;
}

function orOf(terms: readonly string[]): string | null {
  if (terms.length === 0) return null;
  return terms.length === 1 ? quote(terms[0] as string) : `(${terms.map(quote).join(' OR ')})`;
}

/** One clause as an FTS5 expression over normalised terms, or null when nothing of it can match. */
function compileClause(clause: QueryClause, vocabulary: Vocabulary): Unit | null {
  const column = clause.field === null ? null : columnOf(clause.field);
  const matcher: TermMatcher = { exact: new Set(), prefixes: [], column };
  let expr: string | null = null;
  let phrases = 1;
  let impact: Unit['impact'] = null;
  // In a field, a term is that field's own tokens; a pair or prefix has none there (FTS5 answers).
  const term = (t: string): TokenRange => (column === null ? termRange(t) : fieldTermRange(column, t));
  const impactOf = (ranges: readonly (TokenRange | null)[], all: boolean): Unit['impact'] =>
    ranges.every((r): r is TokenRange => r !== null) ? { ranges, all } : null;

  if (clause.type === 'term' && clause.wildcard === 'prefix') {
    // A trailing * is FTS5's own prefix query (it reads every term in the prefix's range); the prefix is folded, not stemmed.
    const pieces = [...clause.text.matchAll(WORD)].map((m) => foldCase(m[0]));
    const last = pieces.pop();
    if (last === undefined) return null;
    expr = [...pieces.map(quote), `${quote(last)}*`].join(' + ');
    for (const p of pieces) matcher.exact.add(p);
    matcher.prefixes.push(last);
    impact = pieces.length === 0 && column === null ? impactOf([prefixTokenRange(last) ?? prefixRange(last)], true) : null;
  } else if (clause.type === 'term' && clause.wildcard === 'pattern') {
    const pattern = foldCase(clause.text).replace(/[^\p{L}\p{N}\p{M}*]/gu, '');
    if (pattern.replace(/\*/g, '') === '') return null;
    const terms = vocabulary.wildcard(pattern);
    terms.forEach((t) => matcher.exact.add(t));
    expr = orOf(terms);
    impact = impactOf(terms.map(term), false);
  } else if (clause.type === 'term' && clause.editDistance > 0 && /^[\p{L}\p{N}]+$/u.test(clause.text)) {
    // Fuzzy on what was typed against the catalogue's words as written (search_words), then
    // their terms: "decatizing~1" reaches "decatising" and so its stem, which no edit of
    // the stem "decat" would. The word itself is always asked for as well.
    const typed = surfaceForm(clause.text);
    const similar = vocabulary.similarWords(typed, clause.editDistance);
    if (/\p{Script=Han}/u.test(typed)) {
      // A Chinese word is matched as a typed word is (its bigrams, any order): each near word so, OR-ed.
      const units = [typed, ...similar.map((w) => w.word).filter((w) => w !== typed)]
        .map((text) => compileClause({ ...clause, text, editDistance: 0 }, vocabulary))
        .filter((u): u is Unit => u !== null);
      if (units.length === 0) return null;
      for (const u of units) {
        u.matcher.exact.forEach((t) => matcher.exact.add(t));
      }
      expr = units.length === 1 ? (units[0] as Unit).expr : `(${units.map((u) => u.expr).join(' OR ')})`;
      phrases = Math.max(...units.map((u) => u.phrases));
    } else {
      const terms = new Set<string>();
      const own = normaliseWord(clause.text);
      if (own !== null) terms.add(own);
      for (const word of similar) for (const t of word.terms) terms.add(t);
      const list = [...terms].slice(0, MAX_EXPANSIONS);
      list.forEach((t) => matcher.exact.add(t));
      expr = orOf(list);
      impact = impactOf(list.map(term), false);
    }
  } else if (otherReadingsOf(clause.text).length > 0) {
    // A Russian word of several readings (стали: стать, сталь) matches any of them, as the index holds them all.
    const list = [normaliseWord(clause.text) ?? '', ...otherReadingsOf(clause.text)].filter((t) => t !== '');
    list.forEach((t) => matcher.exact.add(t));
    expr = orOf(list);
    impact = impactOf(list.map(term), false);
  } else {
    const groups = queryWordGroups(clause.text);
    // Several words (a Chinese run): any one will do for a plain word, as words typed apart do; a phrase or a sign needs them all.
    const anyWord = clause.type === 'term' && clause.presence === 'optional';
    const exprs: string[] = [];
    const words: TokenRange[][] = [];
    const bonus: TokenRange[] = [];
    let complete = true;
    phrases = 0;
    for (const { parts, bonus: extra } of groups) {
      for (const part of parts) part.forEach((t) => matcher.exact.add(t));
      extra.forEach((t) => matcher.exact.add(t));
      // A bonus term implies its word's parts, so OR-ing it in changes no match, only the score.
      const all = andOf(parts.map((part) => quote(part.join(' '))));
      if (all === null) continue;
      exprs.push(extra.length === 0 ? all : `(${[all, ...extra.map(quote)].join(' OR ')})`);
      phrases += parts.length + extra.length;
      const ranges = parts.map((part) =>
        part.length === 1
          ? term(part[0] as string)
          : part.length === 2 && column === null && vocabulary.pairStored(part[0] as string, part[1] as string)
            ? pairRange(part[0] as string, part[1] as string)
            : null,
      );
      const extraRanges = extra.map(term);
      if (ranges.some((r) => r === null) || extraRanges.some((r) => r === null)) complete = false;
      words.push(ranges.filter((r): r is TokenRange => r !== null));
      bonus.push(...extraRanges.filter((r): r is TokenRange => r !== null));
    }
    expr = exprs.length <= 1 ? (exprs[0] ?? null) : `(${exprs.join(anyWord ? ' OR ' : ' AND ')})`;
    if (!complete) impact = null;
    else if (words.length === 1 && bonus.length === 0) impact = { ranges: words[0] as TokenRange[], all: true };
    else impact = { ranges: words.flat(), all: !anyWord, words, bonus };
  }
  if (expr === null) return null;
  return { expr: column === null ? expr : `{${column}} : ${expr.startsWith('(') ? expr : `(${expr})`}`, matcher, phrases, impact };
}

/**
 * Compiles parsed clauses to one FTS5 MATCH. Optional clauses are OR-ed, so BM25 ranks
 * entries matching more of them first. Required clauses are AND-ed and also counted once
 * more in the ranking part (they are what the searcher insisted on). A boost ^n repeats
 * the clause n times in the ranking part: FTS5's bm25() sums over every phrase of the
 * query, so repetition is an integer weight computed inside SQLite.
 */
export function compileQuery(
  clauses: readonly QueryClause[],
  vocabulary: Vocabulary,
  matchesNothing?: (expr: string) => boolean,
  groups: readonly ConceptGroup[] = [],
  longQuery = false,
): CompiledQuery {
  const replaced = new Set(groups.filter((g) => g.replaces).flatMap((g) => g.clauses));
  const excluded: string[] = [];
  const matchers: TermMatcher[] = [];
  let impossible = false;
  let positiveAsked = false;
  let phrases = 0;
  const positive: { clause: QueryClause; unit: Unit }[] = [];
  let fuzzyLeft = MAX_FUZZY_WORDS;
  for (const [index, asked] of clauses.entries()) {
    if (replaced.has(index)) {
      positiveAsked = true;
      continue;
    }
    // Each fuzzy word walks an automaton over the vocabulary: past the budget a word is matched as typed.
    const fuzzy = asked.type === 'term' && asked.editDistance > 0;
    const clause = fuzzy && fuzzyLeft-- <= 0 ? { ...asked, editDistance: 0 } : asked;
    const unit = compileClause(clause, vocabulary);
    if (clause.presence === 'excluded') {
      if (unit) excluded.push(unit.expr);
      continue;
    }
    positiveAsked = true;
    if (!unit) {
      // A required word made only of stop words constrains nothing; one with no possible match excludes everything.
      if (clause.presence === 'required' && (clause.editDistance > 0 || clause.wildcard === 'pattern')) impossible = true;
      continue;
    }
    positive.push({ clause, unit });
  }
  for (const group of groups) {
    const unit = compileGroup(group, vocabulary);
    if (unit) positive.push({ clause: GROUP_CLAUSE, unit });
  }
  // An optional word no entry contains adds no match and no score (BM25 sums over the words
  // an entry has), so leaving it out changes nothing but the MATCH text: "wool fi" asks what
  // "wool" asks while the second word is being typed, and the engine's result cache answers.
  // A lone clause is kept whatever a probe would say: none is made.
  if (matchesNothing && positive.length > 1) {
    const kept = positive.filter(({ clause, unit }) => clause.presence === 'required' || !matchesNothing(unit.expr));
    if (kept.length > 0) positive.splice(0, positive.length, ...kept);
  }
  for (const { clause, unit } of positive) {
    matchers.push(unit.matcher);
    phrases += unit.phrases * timesNamed(clause);
  }
  const exclusion = excluded.length > 0 ? excluded.join(' OR ') : null;
  const impact = impactPlan(positive, exclusion, longQuery);
  let match = matchOf(positive);
  if (positiveAsked && match === null) impossible = true;
  if (match !== null && exclusion !== null) match = `(${match}) NOT (${exclusion})`;
  const concepts = match === null ? null : conceptRanking(positive, exclusion !== null);
  return { match, exclude: match === null ? exclusion : null, impossible, matchers, phrases, impact: match === null ? null : impact, concepts };
}

/**
 * Positive clauses as one FTS5 MATCH: optional ones OR-ed, required ones AND-ed and named once
 * more in the ranking part, a boost ^n naming a clause n times there; null when there are none.
 */
function matchOf(positive: readonly { clause: QueryClause; unit: Unit }[]): string | null {
  const required: string[] = [];
  const ranking: string[] = [];
  for (const { clause, unit } of positive) {
    const repeat = Math.max(1, Math.round(clause.boost));
    for (let i = 0; i < repeat; i += 1) ranking.push(unit.expr);
    if (clause.presence === 'required') required.push(unit.expr);
  }
  if (required.length > 0) return `${required.join(' AND ')} AND (${ranking.join(' OR ')})`;
  return ranking.length > 0 ? ranking.join(' OR ') : null;
}

/**
 * The concept groups among the positive clauses and the MATCH of the others: bm25() of that
 * MATCH is what the other clauses' phrases add to an entry's bm25() of the whole query (each
 * phrase's idf is its own), so adding each group's score as one term gives the impact path's
 * score on FTS5. Null without groups.
 */
function conceptRanking(positive: readonly { clause: QueryClause; unit: Unit }[], excluding: boolean): CompiledQuery['concepts'] {
  const groups: ImpactGroup[] = [];
  const others: { clause: QueryClause; unit: Unit }[] = [];
  const labels: string[] = [];
  for (const entry of positive) {
    const group = entry.unit.impact?.group;
    if (group === undefined) others.push(entry);
    else {
      groups.push({ ...group, weight: timesNamed(entry.clause), bits: 0 });
      labels.push(entry.unit.expr);
    }
  }
  if (groups.length === 0) return null;
  const union = !excluding && positive.every(({ clause }) => clause.presence !== 'required');
  return { rest: matchOf(others), labels: union ? labels.join(' OR ') : null, groups };
}

/** How many times the MATCH names a positive clause's phrases: once per boost step in the ranking part, once more when required. */
function timesNamed(clause: QueryClause): number {
  return Math.max(1, Math.round(clause.boost)) + (clause.presence === 'required' ? 1 : 0);
}

/**
 * The positive clauses as an impact plan: each phrase once, weighted by how often the MATCH
 * names it (what bm25() sums), with bits for the clauses that decide matching; null when a
 * clause needs FTS5 or the clauses need more bits than a mask holds. A long query read as a
 * bag of words (long-query.ts) gives its optional any-phrase clauses one bit between them.
 */
function impactPlan(positive: readonly { clause: QueryClause; unit: Unit }[], exclude: string | null, longQuery: boolean): ImpactPlan | null {
  const phrases = new Map<string, ImpactPhrase>();
  const clauses: ImpactClause[] = [];
  const groups: ImpactGroup[] = [];
  let bit = 0;
  // Optional clauses any one of whose phrases will do can share one bit: an entry holds one of
  // them exactly when it holds any of their phrases, and the plan asks no more of them than
  // that (a required clause is decided by its own bits). A pasted text's 64 words fit so.
  // Only a long query read as a bag of words (more than MAX_QUERY_CLAUSES words) shares it:
  // the impact scores are bm25()'s to within the length bands, and on LISA's queries of 31 to
  // 64 words that moved enough near ties to lower MAP (0.382 -> 0.377); those keep FTS5's
  // exact bm25(), as before.
  let optionalAny = 0;
  for (const { clause, unit } of positive) {
    if (unit.impact === null) return null;
    const required = clause.presence === 'required';
    const weight = timesNamed(clause);
    if (unit.impact.group !== undefined) {
      if (bit + 1 > MAX_PLAN_BITS) return null;
      const own = 1 << bit++;
      groups.push({ ...unit.impact.group, weight, bits: own });
      clauses.push({ mask: own, all: false, required });
      continue;
    }
    if (unit.impact.words !== undefined) {
      const placed = placeWords({ ...unit.impact, words: unit.impact.words }, required, weight, bit, phrases, clauses);
      if (placed === null) return null;
      bit = placed;
      continue;
    }
    if (longQuery && !required && (!unit.impact.all || unit.impact.ranges.length === 1)) {
      if (optionalAny === 0) {
        if (bit + 1 > MAX_PLAN_BITS) return null;
        optionalAny = 1 << bit++;
        clauses.push({ mask: optionalAny, all: false, required: false });
      }
      for (const range of unit.impact.ranges) addPhrase(phrases, range, weight, optionalAny);
      continue;
    }
    let mask = 0;
    // A clause any of whose phrases will do needs one bit; one needing all of them, one per phrase.
    const bitsNeeded = unit.impact.all ? unit.impact.ranges.length : 1;
    if (bit + bitsNeeded > MAX_PLAN_BITS) return null;
    const anyBit = unit.impact.all ? 0 : 1 << bit++;
    for (const range of unit.impact.ranges) {
      const own = unit.impact.all ? 1 << bit++ : anyBit;
      mask |= own;
      addPhrase(phrases, range, weight, own);
    }
    clauses.push({ mask, all: unit.impact.all, required });
  }
  return clauses.length === 0 ? null : { phrases: [...phrases.values()], clauses, exclude, groups };
}

/** Adds a phrase to the plan, or its weight and bits to the same phrase already there. */
function addPhrase(phrases: Map<string, ImpactPhrase>, range: TokenRange, weight: number, bits: number): void {
  // A body: term spans its term's tokens too, less the other fields': another phrase than the term.
  const key = `${range.from}\u0000${range.to}${range.minus === undefined ? '' : '\u0000body'}`;
  const known = phrases.get(key);
  if (known) {
    known.weight += weight;
    known.bits |= bits;
  } else phrases.set(key, { range, weight, bits });
}

/**
 * The words of a clause of several (a Chinese run) as plan clauses. When any word will do
 * (a plain word: FTS5's OR of them), one optional clause per word needing all of its
 * phrases, and the plan's "at least one clause holds" is the OR; when all are needed (a
 * phrase, a required word: FTS5's AND), one clause needing every phrase of every word.
 * Bonus phrases set no bit: each implies its word's phrases. Returns the next free bit, or
 * null when the bits run out.
 */
function placeWords(
  impact: { words: readonly (readonly TokenRange[])[]; bonus?: readonly TokenRange[]; all: boolean },
  required: boolean,
  weight: number,
  firstBit: number,
  phrases: Map<string, ImpactPhrase>,
  clauses: ImpactClause[],
): number | null {
  let bit = firstBit;
  let allMask = 0;
  for (const ranges of impact.words) {
    if (bit + ranges.length > MAX_PLAN_BITS) return null;
    let mask = 0;
    for (const range of ranges) {
      const own = 1 << bit++;
      mask |= own;
      addPhrase(phrases, range, weight, own);
    }
    if (mask === 0) continue;
    if (impact.all) allMask |= mask;
    else clauses.push({ mask, all: true, required: false });
  }
  if (allMask !== 0) clauses.push({ mask: allMask, all: true, required });
  for (const range of impact.bonus ?? []) addPhrase(phrases, range, weight, 0);
  return bit;
}

import type { Database } from 'better-sqlite3';
import type { QueryClause, QueryExpansion } from '../../shared/schemas/search.js';
import { analyseTerms } from './pipeline.js';
import { queryWordGroups } from './query-words.js';

/** What a narrower concept's labels count for against the matched concept's own (its term frequency is scaled by this). */
export const NARROWER_WEIGHT = 0.5;
/** At most this many alternatives in one concept's group: a concept with hundreds of labels stays one bounded OR. */
const MAX_ALTERNATIVES = 48;
/** At most this many narrower concepts are brought in per matched concept. */
const MAX_NARROWER = 12;
/** At most this many concepts matched in one query (a pasted paragraph matches many). */
const MAX_GROUPS = 8;
/** Labels longer than this many terms are not matched against queries (no one types them). */
const MAX_LABEL_TERMS = 6;
const HAN = /\p{Script=Han}/u;

/** One label through the index pipeline: `parts` are the phrases an entry must all hold (one for most labels, a Chinese label's bigrams). */
export interface AnalysedLabel {
  conceptId: string;
  lang: string;
  kind: 'pref' | 'alt' | 'hidden';
  text: string;
  /** Its terms joined by spaces, as a query's words are compared. */
  key: string;
  parts: string[][];
}

interface ConceptEntry {
  labels: AnalysedLabel[];
  narrower: string[];
  codes: string[];
}

/** The thesaurus as queries are matched against it, rebuilt when the thesaurus revision moves. */
interface LabelTable {
  revision: number;
  byKey: Map<string, string[]>;
  /** Chinese labels, longest first, found inside a run typed without spaces. */
  han: AnalysedLabel[];
  concepts: Map<string, ConceptEntry>;
}

/** One alternative of a concept's group: a label and how much its matches count. */
export interface GroupAlternative {
  lang: string;
  text: string;
  parts: string[][];
  scale: number;
}

/** A matched concept as one query term: its labels in every language (and its narrower concepts', scaled down). */
export interface ConceptGroup {
  conceptId: string;
  /** The clauses the label was matched in; `replaces` when the group stands in for them (one clause). */
  clauses: number[];
  replaces: boolean;
  alternatives: GroupAlternative[];
  codes: string[];
}

export interface ExpandedQuery {
  groups: ConceptGroup[];
  expansion: QueryExpansion[];
}

/** The language a label is reported in: its primary subtag (zh-Hans is zh, as entries are). */
export const labelLanguage = (lang: string): string => (lang.split('-')[0] ?? lang).toLowerCase();

/**
 * An English word without its inflection (plural, -ed, -ing), never its derivation: the stemmer
 * makes one term of "machine" and "machining", "surface" and "surfacing", "production" and
 * "productivity", so a one-word label would otherwise expand a plain word into another concept
 * (measured on the five collections with the demo thesaurus: CACM −0.005 MAP, MED −0.006).
 */
function inflectionBase(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '');
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

const LATIN_WORD = /^[a-z]+$/iu;

/** Whether a word typed matches a one-word English label as a form of it, not a word of another sense sharing its stem. */
function sameEnglishWord(typed: string, label: AnalysedLabel): boolean {
  if (labelLanguage(label.lang) !== 'en' || !LATIN_WORD.test(typed) || !LATIN_WORD.test(label.text)) return true;
  return inflectionBase(typed) === inflectionBase(label.text);
}

function analyseLabel(conceptId: string, lang: string, kind: AnalysedLabel['kind'], text: string): AnalysedLabel | null {
  const terms = analyseTerms(text);
  if (terms.length === 0 || terms.length > MAX_LABEL_TERMS * 2) return null;
  const parts = queryWordGroups(text)
    .flatMap((g) => g.parts)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return null;
  return { conceptId, lang, kind, text, key: terms.join(' '), parts };
}

/**
 * The concept labels, read from migration 13's tables and analysed once per thesaurus
 * revision (a concept write moves it), so a query pays only for the lookup.
 */
export class ConceptLabels {
  private table: LabelTable | null = null;
  private readonly present: boolean;

  constructor(private readonly db: Database) {
    this.present = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'concept_labels'").get() !== undefined;
  }

  private revision(): number {
    const value = this.db.prepare("SELECT value FROM settings WHERE key = 'thesaurus.revision'").pluck().get() as string | undefined;
    return value === undefined ? 0 : Number(value);
  }

  current(): LabelTable | null {
    if (!this.present) return null;
    const revision = this.revision();
    if (this.table !== null && this.table.revision === revision) return this.table;
    const concepts = new Map<string, ConceptEntry>();
    const entry = (id: string): ConceptEntry => {
      let known = concepts.get(id);
      if (!known) {
        known = { labels: [], narrower: [], codes: [] };
        concepts.set(id, known);
      }
      return known;
    };
    const byKey = new Map<string, string[]>();
    const han: AnalysedLabel[] = [];
    const rows = this.db.prepare('SELECT concept_id, lang, kind, text FROM concept_labels ORDER BY concept_id, lang, kind, text').all() as {
      concept_id: string;
      lang: string;
      kind: AnalysedLabel['kind'];
      text: string;
    }[];
    for (const row of rows) {
      const label = analyseLabel(row.concept_id, row.lang, row.kind, row.text);
      if (label === null) continue;
      entry(row.concept_id).labels.push(label);
      const ids = byKey.get(label.key) ?? [];
      if (!ids.includes(row.concept_id)) ids.push(row.concept_id);
      byKey.set(label.key, ids);
      if (HAN.test(row.text)) han.push(label);
    }
    han.sort((a, b) => b.text.length - a.text.length || a.text.localeCompare(b.text));
    for (const link of this.db.prepare("SELECT from_id, to_id FROM concept_links WHERE kind = 'broader' ORDER BY to_id, from_id").all() as {
      from_id: string;
      to_id: string;
    }[]) {
      entry(link.to_id).narrower.push(link.from_id);
    }
    for (const row of this.db.prepare("SELECT concept_id, code FROM concept_codes WHERE scheme = 'ipc' ORDER BY concept_id, code").all() as {
      concept_id: string;
      code: string;
    }[]) {
      entry(row.concept_id).codes.push(row.code);
    }
    this.table = { revision, byKey, han, concepts };
    return this.table;
  }
}

/** Whether the thesaurus may expand this clause: a plain word or phrase, not one the person marked (`=word`, +, -, field:, *, ~, ^). */
function expandable(clause: QueryClause): boolean {
  return (
    clause.literal !== true &&
    clause.presence === 'optional' &&
    clause.field === null &&
    clause.wildcard === 'none' &&
    clause.editDistance === 0 &&
    clause.boost === 1
  );
}

function preferred(concept: ConceptEntry, except?: string): { lang: string; text: string }[] {
  return concept.labels
    .filter((l) => l.kind === 'pref' && (except === undefined || labelLanguage(l.lang) !== except))
    .map((l) => ({ lang: labelLanguage(l.lang), text: l.text }));
}

/**
 * Finds thesaurus labels in the query, longest run of words first (a multiword label is a
 * phrase), and makes each matched concept one group of alternatives: its labels in every
 * language and, at NARROWER_WEIGHT, its narrower concepts' labels. Concepts in `off` are
 * reported but not searched.
 */
export function expandQuery(clauses: readonly QueryClause[], table: LabelTable | null, off: ReadonlySet<string>): ExpandedQuery {
  const out: ExpandedQuery = { groups: [], expansion: [] };
  if (table === null || table.concepts.size === 0) return out;
  const keys = clauses.map((c) => (expandable(c) ? analyseTerms(c.text) : null));
  const matches: { conceptId: string; clauses: number[]; matched: string; lang: string }[] = [];
  const seen = new Set<string>();
  const take = (conceptIds: readonly string[], at: number[], matched: string, lang: string): void => {
    for (const id of conceptIds) {
      if (seen.has(id) || seen.size >= MAX_GROUPS) continue;
      seen.add(id);
      matches.push({ conceptId: id, clauses: at, matched, lang });
    }
  };
  for (let i = 0; i < clauses.length;) {
    const first = keys[i];
    if (first === null || first === undefined || first.length === 0) {
      i += 1;
      continue;
    }
    let advanced = false;
    // Longest run first; a phrase clause is a run of its own, never joined to the next word.
    const longest = clauses[i]?.type === 'phrase' ? 1 : Math.min(MAX_LABEL_TERMS, clauses.length - i);
    for (let n = longest; n >= 1 && !advanced; n -= 1) {
      const run = keys.slice(i, i + n);
      if (run.some((k, j) => k === null || k.length === 0 || (j > 0 && clauses[i + j]?.type === 'phrase'))) continue;
      const key = (run as string[][]).flat().join(' ');
      let ids = table.byKey.get(key);
      if (ids === undefined) continue;
      if (n === 1) {
        const typed = clauses[i]?.text ?? '';
        ids = ids.filter((id) => table.concepts.get(id)?.labels.some((l) => l.key === key && sameEnglishWord(typed, l)) ?? false);
        if (ids.length === 0) continue;
      }
      const at = Array.from({ length: n }, (_, j) => i + j);
      const text = at.map((j) => clauses[j]?.text ?? '').join(' ');
      const lang = table.concepts.get(ids[0] as string)?.labels.find((l) => l.key === key)?.lang ?? '';
      take(ids, at, text, labelLanguage(lang));
      i += n;
      advanced = true;
    }
    if (advanced) continue;
    // A Chinese run typed without spaces: labels found inside it, longest first.
    const text = clauses[i]?.text ?? '';
    if (HAN.test(text)) {
      let rest = text;
      for (const label of table.han) {
        if (!rest.includes(label.text)) continue;
        rest = rest.split(label.text).join(' ');
        take([label.conceptId], [i], label.text, labelLanguage(label.lang));
      }
    }
    i += 1;
  }

  for (const match of matches) {
    const concept = table.concepts.get(match.conceptId);
    if (!concept) continue;
    const enabled = !off.has(match.conceptId);
    out.expansion.push({ conceptId: match.conceptId, matched: match.matched, labels: preferred(concept, match.lang), narrower: false, enabled });
    const alternatives = new Map<string, GroupAlternative>();
    const add = (label: AnalysedLabel, scale: number): void => {
      if (alternatives.size >= MAX_ALTERNATIVES || alternatives.has(label.key)) return;
      alternatives.set(label.key, { lang: labelLanguage(label.lang), text: label.text, parts: label.parts, scale });
    };
    if (enabled) for (const label of concept.labels) add(label, 1);
    for (const id of concept.narrower.slice(0, MAX_NARROWER)) {
      const below = table.concepts.get(id);
      if (!below) continue;
      const on = enabled && !off.has(id);
      out.expansion.push({ conceptId: id, matched: match.matched, labels: preferred(below), narrower: true, enabled: on });
      if (on) for (const label of below.labels) add(label, NARROWER_WEIGHT);
    }
    if (!enabled || alternatives.size === 0) continue;
    // One word matched: the group stands for it (its own label is an alternative). Several: the words stay, the group is added.
    out.groups.push({
      conceptId: match.conceptId,
      clauses: match.clauses,
      replaces: match.clauses.length === 1 && clauses[match.clauses[0] as number]?.text === match.matched,
      alternatives: [...alternatives.values()],
      codes: concept.codes,
    });
  }
  return out;
}

/**
 * The languages whose expansion labels an entry holds (its analysed title, summary and body
 * contain every part of a label), for "matched via" on a hit. `present`, when given, holds every
 * term of the groups' labels the texts contain (the snippets' scan of the same texts found
 * them): a label with a term not among them is not held, a label of one-term parts is held
 * when they all are, and the texts are analysed only for a longer part whose terms all occur.
 */
export function matchedLanguages(texts: readonly string[], groups: readonly ConceptGroup[], present?: ReadonlySet<string>): string[] {
  if (groups.length === 0) return [];
  let analysed: string | null = null;
  const holds = (part: readonly string[]): boolean => {
    if (present !== undefined && part.length === 1) return present.has(part[0] as string);
    analysed ??= ` ${texts.map((t) => analyseTerms(t).join(' ')).join(' | ')} `;
    return analysed.includes(` ${part.join(' ')} `);
  };
  const alternatives = groups.flatMap((g) => g.alternatives);
  const possible = present === undefined ? alternatives : alternatives.filter((alt) => alt.parts.every((p) => p.every((term) => present.has(term))));
  // Labels of one-term parts first: they are decided without analysing the texts, and a language found needs no more.
  const oneTerm = (alt: GroupAlternative): boolean => alt.parts.every((p) => p.length === 1);
  const found = new Set<string>();
  for (const alt of [...possible.filter(oneTerm), ...possible.filter((a) => !oneTerm(a))]) {
    if (found.has(alt.lang)) continue;
    if (alt.parts.every(holds)) found.add(alt.lang);
  }
  return [...found].sort();
}

import { RatioError } from '../../shared/errors.js';
import { SEARCH_FIELD_NAMES, type QueryClause, type QueryPresence, type SearchFieldName } from '../../shared/schemas/search.js';
import { PRESENCE, lunrParse, type ParsedClause } from './lunr-extras.js';

const FIELD_LIST = SEARCH_FIELD_NAMES.join(', ');
/** The fields as they are typed, for sentences in any language. */
const FIELD_SYNTAX = SEARCH_FIELD_NAMES.map((f) => `${f}:`).join(' ');
const MAX_BOOST = 10;

/** The English sentence, and its translation key under `query.` with the values it names. */
function invalid(sentence: string, key: string, params?: Record<string, string | number>): RatioError {
  return new RatioError('INVALID_INPUT', sentence, { key: `query.${key}`, params });
}

function fieldOf(name: string | undefined): SearchFieldName | null {
  if (name === undefined || name === '') return null;
  const lower = name.toLowerCase();
  if ((SEARCH_FIELD_NAMES as readonly string[]).includes(lower)) return lower as SearchFieldName;
  throw invalid(`"${name}" is not a field you can search; use one of ${FIELD_LIST}.`, 'unknownField', { name, fields: FIELD_SYNTAX });
}

function presenceOf(sign: string | undefined): QueryPresence {
  return sign === '+' ? 'required' : sign === '-' ? 'excluded' : 'optional';
}

function boostOf(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? Math.min(n, MAX_BOOST) : 1;
}

/**
 * Quoted phrases and hyphenated words are taken out first (lunr's parser knows neither:
 * it splits on hyphens), each keeping its +/- and field: `+title:"thick cloth"`,
 * `-wool-blend`. What remains goes through lunr.QueryParser.
 */
const PHRASE = /(^|\s)([+-]?)(?:([\p{L}]+):)?"([^"]*)"(?:\^(\d+(?:\.\d+)?))?/gu;
const HYPHENATED = /(^|\s)([+-]?)(?:([\p{L}]+):)?([\p{L}\p{N}]+(?:[-‐–][\p{L}\p{N}]+)+)(?:\^(\d+(?:\.\d+)?))?(?=\s|$)/gu;

const LITERAL = /(^|\s)=(?:"([^"]*)"|([\p{L}\p{N}][\p{L}\p{N}\p{M}'’-]*))/gu;

function takePhrases(text: string, pattern: RegExp, clauses: QueryClause[]): string {
  return text.replace(pattern, (_match, lead: string, sign: string, field: string | undefined, words: string, boost: string | undefined) => {
    if (words.trim() !== '') {
      clauses.push({
        type: 'phrase',
        text: words.trim(),
        field: fieldOf(field),
        presence: presenceOf(sign),
        wildcard: 'none',
        editDistance: 0,
        boost: boostOf(boost),
      });
    }
    return `${lead} `;
  });
}

/** Checks lunr would choke on, answered with a sentence about what was typed. */
function precheck(rest: string): string {
  const words = rest.split(/\s+/).filter((w) => w.length > 0);
  const kept: string[] = [];
  for (const typed of words) {
    let word = typed;
    if (word === '-') throw invalid('A lone "-" must be followed by the word to leave out, as in -draft.', 'loneMinus');
    if (word === '+') throw invalid('A lone "+" must be followed by a word that must appear, as in +wool.', 'lonePlus');
    const field = /^[+-]?([^:]*):(.*)$/u.exec(word);
    let core = word.replace(/^[+-]/, '');
    if (field) {
      const [, name = '', after = ''] = field;
      if (/^\p{L}+$/u.test(name)) {
        const known = fieldOf(name);
        if (after === '' || /^[~^]/.test(after))
          throw invalid(`"${known}:" needs a word after it, as in ${known}:wool.`, 'fieldNeedsWord', { syntax: `${known}:` });
        core = after;
        word = `${/^[+-]/.test(word) ? word.charAt(0) : ''}${known}:${after}`;
      } else {
        // "10:30" or "a/b:c" is text, not a field: keep the colon literal for lunr.
        kept.push(word.replace(/:/g, '\\:'));
        continue;
      }
    }
    const bare = core.replace(/[~^][\d.]*$/, '');
    if (bare === '' && core !== '')
      throw invalid(`"${word}" has no word to apply ${core.charAt(0)} to.`, 'noWordForOperator', { word, operator: core.charAt(0) });
    if (/^\*+$/.test(bare)) throw invalid('A "*" must come with some letters, as in finish* for finish, finished and finishing.', 'loneStar');
    // A bare "~" allows edits by the word's length; more than two edits would match almost anything.
    kept.push(word.replace(/~$/, `~${defaultEdits(bare)}`).replace(/~([3-9]|\d{2,})$/, '~2'));
  }
  return kept.join(' ');
}

/** Edits a bare "~" allows: one for a short word, two from six letters on (a Chinese word: one). */
export function defaultEdits(word: string): 1 | 2 {
  if (/\p{Script=Han}/u.test(word)) return 1;
  return [...word].length >= 6 ? 2 : 1;
}

function fromLunr(clause: ParsedClause): QueryClause {
  const field = clause.fields.length === 1 ? fieldOf(clause.fields[0]) : null;
  const presence: QueryPresence = clause.presence === PRESENCE.required ? 'required' : clause.presence === PRESENCE.prohibited ? 'excluded' : 'optional';
  let text = clause.term;
  let wildcard: QueryClause['wildcard'] = 'none';
  if (text.includes('*')) {
    const stripped = text.replace(/\*+$/, '');
    wildcard = stripped.includes('*') ? 'pattern' : 'prefix';
    if (wildcard === 'prefix') text = stripped;
  }
  const distance = clause.editDistance ?? 0;
  return {
    type: 'term',
    text,
    field,
    presence,
    wildcard,
    editDistance: Number.isFinite(distance) ? Math.max(0, Math.min(2, Math.round(distance))) : 0,
    boost: boostOf(clause.boost === undefined ? undefined : String(clause.boost)),
  };
}

/**
 * Reads a query in lunr's syntax (field:term, +required, -excluded, term*, term~1, term^2)
 * extended with "quoted phrases". Every malformed query gets one sentence saying what is
 * wrong (RatioError INVALID_INPUT); nothing else escapes. The caller bounds its length
 * (long-query.ts firstWords).
 */
export function parseQuery(input: string): QueryClause[] {
  const literal = new Set<string>();
  // `=word` and `="a phrase"`: the sign is taken off and the words remembered, so they are searched as typed and never expanded.
  const text = input
    .replace(/[“”„«»]/g, '"')
    .replace(LITERAL, (_m, lead: string, quoted: string | undefined, word: string | undefined) => {
      literal.add((quoted ?? word ?? '').toLowerCase());
      return quoted !== undefined ? `${lead}"${quoted}"` : `${lead}${word ?? ''}`;
    })
    .trim();
  if ((text.match(/"/g) ?? []).length % 2 === 1) {
    throw invalid('The query has an opening quote (") with no closing one.', 'openQuote');
  }
  const clauses: QueryClause[] = [];
  let rest = takePhrases(text, PHRASE, clauses);
  rest = takePhrases(rest, HYPHENATED, clauses);
  rest = precheck(rest);
  if (rest.trim() !== '') {
    const parsed = lunrParse(rest, SEARCH_FIELD_NAMES);
    if ('error' in parsed) {
      throw invalid(`The query could not be read (${parsed.error.replace(/\.$/, '')}); check its + - : * ~ ^ and quotes.`, 'unreadable');
    }
    clauses.push(...parsed.clauses.filter((c) => c.term !== '').map(fromLunr));
  }
  // However many words: a long query is condensed by the engine (long-query.ts), never refused.
  if (literal.size === 0) return clauses;
  return clauses.map((c) => (literal.has(c.text.toLowerCase()) ? { ...c, literal: true } : c));
}

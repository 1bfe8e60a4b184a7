import YAML, { visit } from 'yaml';
import { LIST_FIELDS } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import type { EntryCreate } from '../../shared/schemas/entry.js';

/**
 * The one reader of Markdown front matter, for `ratio add` and the Markdown-folder import.
 *
 * It accepts YAML only. Libraries such as gray-matter pick their parser from the text after
 * the opening `---`, so a file starting `---js` is evaluated as JavaScript; here the file
 * never chooses: the block is split off by a fixed rule and read with the `yaml` package's
 * core schema, with no tags, no directives and a bound on aliases.
 */

/** The front-matter keys `ratio add` understands; anything else is refused by name. */
export const ENTRY_KEYS = ['title', 'kind', 'summary', 'status', 'language', 'enterprise', 'registration', 'authors', 'tags', 'classification'] as const;
/** A Markdown folder's files also carry the id (so a second import matches), creation time and attachment names. */
export const FOLDER_KEYS = [...ENTRY_KEYS, 'id', 'created', 'attachments'] as const;
/** Keys whose value is a list of text; a single value is a list of one. */
export const LIST_KEYS: ReadonlySet<string> = new Set([...LIST_FIELDS, 'attachments']);

export type FrontMatterValue = string | string[] | null;

export interface FrontMatter {
  /** Keys as written; null where the file left a key empty (`enterprise:`). */
  data: Record<string, FrontMatterValue>;
  /** Everything after the closing line, unchanged. */
  body: string;
}

/** Aliases a block may expand; the few a person writes stay far below it, an alias bomb does not. */
const MAX_ALIASES = 100;
/** `---`, or `---yaml`: the only opening lines that start front matter. */
const OPENING = /^---[ \t]*(?:yaml|yml)?[ \t]*$/i;
/** A line of dashes only (a Markdown rule), which gray-matter also reads as "no front matter". */
const RULE = /^-{4,}[ \t]*$/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

function refuse(where: string, reason: string): never {
  throw new RatioError('INVALID_INPUT', `${where}: ${reason}`);
}

/** Text, numbers and yes/no become text; anything else (a map, a nested list) is refused. */
export function asText(key: string, value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return refuse(where, `front matter "${key}" must be text.`);
}

/**
 * Splits `---` … `---` (or `...`) off the start of the text. Null when the text has no
 * front matter. An opening line naming any language but YAML is refused by name.
 */
export function splitFrontMatter(input: string, where: string): { yaml: string; body: string } | null {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (!text.startsWith('---')) return null;
  const lines = text.split('\n');
  const first = (lines[0] ?? '').replace(/\r$/, '');
  if (RULE.test(first)) return null;
  if (!OPENING.test(first)) {
    const named = /^---[ \t]*([A-Za-z][\w+.-]{0,31})[ \t]*$/.exec(first)?.[1];
    if (named !== undefined) refuse(where, `front matter in ${named} is not accepted; only YAML.`);
    refuse(where, 'the first line of the front matter must be exactly "---"; only YAML front matter is accepted.');
  }
  let offset = lines[0]!.length + 1;
  for (let i = 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (CLOSING.test(line.replace(/\r$/, ''))) {
      return {
        yaml: lines
          .slice(1, i)
          .map((l) => l.replace(/\r$/, ''))
          .join('\n'),
        body: text.slice(Math.min(offset + line.length + 1, text.length)),
      };
    }
    offset += line.length + 1;
  }
  return refuse(where, 'the front matter is never closed by a "---" line.');
}

/** The block as plain data: core schema, no explicit tags, no directives, aliases bounded. */
function parseYaml(yaml: string, where: string): unknown {
  if (/^%/m.test(yaml)) refuse(where, 'YAML directives (lines starting with %) are not accepted in front matter.');
  const doc = YAML.parseDocument(yaml, {
    schema: 'core',
    version: '1.2',
    resolveKnownTags: false,
    uniqueKeys: true,
    strict: true,
    logLevel: 'silent',
    prettyErrors: false,
  });
  const error = doc.errors[0];
  if (error) refuse(where, `the front matter is not valid YAML (${error.message.split('\n')[0] ?? 'unreadable'}).`);
  let tag: string | undefined;
  visit(doc, (_key, node) => {
    if (YAML.isNode(node) && node.tag !== undefined) {
      tag = node.tag;
      return visit.BREAK;
    }
    return undefined;
  });
  if (tag !== undefined) refuse(where, `the front matter uses a YAML tag (${tag.replace(/^tag:yaml\.org,2002:/, '!!').slice(0, 60)}); tags are not accepted.`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES }) as unknown;
  } catch (failure) {
    return refuse(where, `the front matter is not valid YAML (${failure instanceof Error ? (failure.message.split('\n')[0] ?? '') : 'unreadable'}).`);
  }
}

/**
 * Reads front matter and body. Keys outside `allowed` are refused by name; list keys
 * become lists of text, the others text; an empty value is null.
 */
export function readFrontMatter(text: string, where: string, allowed: readonly string[]): FrontMatter {
  const split = splitFrontMatter(text, where);
  if (split === null) return { data: {}, body: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  const raw = parseYaml(split.yaml, where);
  if (raw === null || raw === undefined) return { data: {}, body: split.body };
  if (typeof raw !== 'object' || Array.isArray(raw)) refuse(where, 'the front matter must be a set of key: value lines.');
  const data: Record<string, FrontMatterValue> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!allowed.includes(key)) refuse(where, `unknown front-matter key "${key.slice(0, 60)}"; known keys are ${allowed.join(', ')}.`);
    if (value === null || value === undefined) data[key] = null;
    else if (LIST_KEYS.has(key)) data[key] = (Array.isArray(value) ? (value as unknown[]) : [value]).map((item) => asText(key, item, where));
    else data[key] = asText(key, value, where);
  }
  return { data, body: split.body };
}

/** A `ratio add` file: front matter with at least title and kind, then the body (one blank line after the block is not part of it). */
export function parseEntryMarkdown(text: string, where: string): EntryCreate {
  const { data, body } = readFrontMatter(text, where, ENTRY_KEYS);
  const fields = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null));
  if (typeof fields.title !== 'string') refuse(where, 'the front matter needs a "title".');
  if (typeof fields.kind !== 'string') refuse(where, 'the front matter needs a "kind" (proposal, invention or method).');
  return { ...(fields as unknown as EntryCreate), body: body.replace(/^\r?\n/, '') };
}

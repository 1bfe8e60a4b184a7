import matter from 'gray-matter';
import YAML from 'yaml';
import { RatioError } from '../../shared/errors.js';
import type { EntryCreate } from '../../shared/schemas/entry.js';

/** The front-matter keys `ratio add` understands; anything else is refused by name. */
export const FRONT_MATTER_KEYS = [
  'title',
  'kind',
  'summary',
  'status',
  'language',
  'enterprise',
  'registration',
  'authors',
  'tags',
  'classification',
] as const;

const LIST_KEYS = new Set(['authors', 'tags', 'classification']);

const yamlEngine = {
  // The `yaml` package's core schema: no custom tags, no code execution.
  parse: (text: string): object => (YAML.parse(text, { schema: 'core', maxAliasCount: 100 }) as object | null) ?? {},
  stringify: (data: object): string => YAML.stringify(data),
};

function asText(key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new RatioError('INVALID_INPUT', `Front matter "${key}" must be text.`);
}

/** Reads a Markdown file with YAML front matter into an entry to create. */
export function parseEntryMarkdown(text: string, source: string): EntryCreate {
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(text, { engines: { yaml: yamlEngine }, language: 'yaml' });
  } catch (error) {
    throw new RatioError('INVALID_INPUT', `${source}: the front matter is not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'}).`);
  }
  const data: unknown = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new RatioError('INVALID_INPUT', `${source}: the front matter must be a set of key: value lines.`);
  }
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key)) {
      throw new RatioError('INVALID_INPUT', `${source}: unknown front-matter key "${key}"; known keys are ${FRONT_MATTER_KEYS.join(', ')}.`);
    }
    if (value === null || value === undefined) continue;
    if (LIST_KEYS.has(key)) {
      const list = Array.isArray(value) ? value : [value];
      fields[key] = list.map((item) => asText(key, item));
    } else {
      fields[key] = asText(key, value);
    }
  }
  if (typeof fields.title !== 'string') throw new RatioError('INVALID_INPUT', `${source}: the front matter needs a "title".`);
  if (typeof fields.kind !== 'string') {
    throw new RatioError('INVALID_INPUT', `${source}: the front matter needs a "kind" (proposal, invention or method).`);
  }
  return { ...(fields as unknown as EntryCreate), body: parsed.content.replace(/^\r?\n/, '') };
}

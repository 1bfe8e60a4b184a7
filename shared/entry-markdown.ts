import type { Entry } from './schemas/entry.js';

/**
 * One entry as a Markdown file with YAML front matter, in the layout of the Markdown-folder
 * export (the same keys, so the file imports back). Every value is written as a JSON string,
 * which YAML reads as a double-quoted scalar: a title such as `yes`, `- x`, `: y`, `#`, `---`
 * or one with a newline stays text and cannot end the block or start another key.
 */
export function entryMarkdown(entry: Entry): string {
  const scalar = (value: string): string => JSON.stringify(value);
  const list = (values: readonly string[]): string => (values.length === 0 ? ' []' : `\n${values.map((v) => `  - ${scalar(v)}`).join('\n')}`);
  const lines = [
    `id: ${scalar(entry.id)}`,
    `title: ${scalar(entry.title)}`,
    `kind: ${scalar(entry.kind)}`,
    `summary: ${scalar(entry.summary)}`,
    `status: ${scalar(entry.status)}`,
    `language: ${scalar(entry.language)}`,
    `enterprise: ${entry.enterprise ? scalar(entry.enterprise.name) : 'null'}`,
    `registration: ${scalar(entry.registration)}`,
    `authors:${list(entry.authors)}`,
    `tags:${list(entry.tags)}`,
    `classification:${list(entry.classification)}`,
    `created: ${scalar(entry.createdAt)}`,
    `attachments:${list(entry.attachments.map((a) => a.name))}`,
  ];
  return `---\n${lines.join('\n')}\n---\n${entry.body}`;
}

/** A file name from the title that every system accepts: no path characters, no control characters, not too long. */
export function markdownFileName(entry: Pick<Entry, 'title' | 'id'>): string {
  const stem = entry.title
    .normalize('NFC')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return `${stem || entry.id}.md`;
}

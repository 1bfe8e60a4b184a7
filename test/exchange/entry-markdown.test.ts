import { describe, expect, it } from 'vitest';
import { FOLDER_KEYS, readFrontMatter } from '../../electron/exchange/front-matter.js';
import { entryMarkdown, markdownFileName } from '../../shared/entry-markdown.js';
import type { Entry } from '../../shared/schemas/entry.js';

const entry: Entry = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: 'method',
  title: 'yes: "---"\n# not a key',
  summary: '- a list? no\n---',
  body: '## Steps\n\n1. Steam.\n',
  status: 'accepted',
  language: 'ru',
  enterprise: { id: '00000000-0000-4000-8000-000000000002', name: 'null' },
  registration: '0x1F',
  authors: ['Иванов И. И.', "O'Brien: J."],
  tags: ['textiles/wool', '*alias'],
  classification: ['D06C 23/04'],
  attachments: [{ sha256: 'a'.repeat(64), name: 'press #1.svg', mediaType: 'image/svg+xml', size: 10 }],
  createdAt: '2026-01-02T03:04:05.000Z',
  updatedAt: '2026-01-02T03:04:05.000Z',
  revision: 1,
};

describe('one entry as Markdown with front matter', () => {
  it('reads back through the Markdown import reader with every value as it was', () => {
    const { data, body } = readFrontMatter(entryMarkdown(entry), 'x.md', FOLDER_KEYS);
    expect(data).toEqual({
      id: entry.id,
      title: entry.title,
      kind: 'method',
      summary: entry.summary,
      status: 'accepted',
      language: 'ru',
      enterprise: 'null',
      registration: '0x1F',
      authors: entry.authors,
      tags: entry.tags,
      classification: entry.classification,
      created: entry.createdAt,
      attachments: ['press #1.svg'],
    });
    expect(body).toBe(entry.body);
  });

  it('writes no enterprise as an empty value and names the file without path characters', () => {
    const { data } = readFrontMatter(entryMarkdown({ ...entry, enterprise: null, authors: [] }), 'x.md', FOLDER_KEYS);
    expect(data.enterprise).toBeNull();
    expect(data.authors).toEqual([]);
    expect(markdownFileName({ id: entry.id, title: '../etc/passwd: a\u202eb' })).toBe('etc passwd a b.md');
    expect(markdownFileName({ id: entry.id, title: '///' })).toBe(`${entry.id}.md`);
  });
});

import { entryMarkdown, markdownFileName } from '../../../../shared/entry-markdown.js';
import type { EntryDetail } from '../../../../shared/schemas/entry.js';

/** The entry as a Markdown file with front matter, downloaded; the desktop shell asks where to save it. */
export function downloadMarkdown(entry: EntryDetail): void {
  const url = URL.createObjectURL(new Blob([entryMarkdown(entry)], { type: 'text/markdown;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = markdownFileName(entry);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { RatioClient } from '../../../../shared/client.js';
import type { FileCarrier } from '../../api/transport.js';
import type { ListSelection } from './selection.js';

/** Every id a selection covers: the chosen ones, or every match of the search, page by page. */
async function idsOf(client: RatioClient, selection: ListSelection): Promise<string[]> {
  if (selection.by === 'ids') return selection.ids;
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.call('search.query', {
      query: selection.query ?? '',
      filters: selection.filters ?? {},
      sort: 'relevance',
      limit: 200,
      cursor,
      facets: false,
      expand: selection.expand,
      expandOff: selection.expandOff,
    });
    ids.push(...page.hits.map((h) => h.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/**
 * Writes the selected entries as a signed bundle and hands it to the person (the browser
 * host's download). The desktop app has no such carrier here: its bundles are written to a
 * path chosen in the native dialog of File › Export bundle…, so the bar offers this only
 * where `files` exists.
 */
export async function exportSelection(client: RatioClient, files: FileCarrier, selection: ListSelection): Promise<{ entries: number; file: string }> {
  const ids = await idsOf(client, selection);
  const name = `selection-${new Date().toISOString().slice(0, 10)}-${ids.length}.ratio`;
  const out = await files.exportTarget(name);
  const done = await client.call('exchange.export', { ids, out });
  files.deliver(done.file);
  return { entries: done.entries, file: done.file.split(/[\\/]/).pop() ?? name };
}

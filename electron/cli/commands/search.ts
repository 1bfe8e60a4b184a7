import type { Command } from 'commander';
import type { ResponseOf } from '../../../shared/contract/index.js';
import { RatioError } from '../../../shared/errors.js';
import type { CommandContext } from '../context.js';
import { collect, filtersOf, numberArg, type FilterFlags } from '../args.js';
import { line } from '../terminal-text.js';

interface SearchFlags extends FilterFlags {
  sort?: string;
  limit?: string;
  cursor?: string;
  /** Commander's --no-expand sets this false. */
  expand?: boolean;
}

/** Marks highlights as [word] for a terminal; each piece is made safe to print after the spans are cut. */
function marked(text: string, spans: readonly (readonly [number, number])[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += `${line(text.slice(at, start))}[${line(text.slice(start, end))}]`;
    at = end;
  }
  return out + line(text.slice(at));
}

/** What was done to a long query, in one sentence; null when it was taken as typed. */
export function condensedNote(condensed: ResponseOf<'search.query'>['condensed']): string | null {
  if (!condensed) return null;
  const parts: string[] = [];
  if (condensed.termsKept < condensed.terms) parts.push(`ranked by its ${condensed.termsKept} most informative of ${condensed.terms} terms`);
  if (condensed.wordsLeftOut > 0) parts.push(`the ${condensed.wordsLeftOut} words after the first ${condensed.words - condensed.wordsLeftOut} were left out`);
  return `A long query (${condensed.words} words): ${parts.join('; ')}.`;
}

/** "also searched: стригальная машина, 剪呢机" — the thesaurus labels the query was expanded with; null when none. */
export function expansionNote(expansion: ResponseOf<'search.query'>['expansion']): string | null {
  const on = expansion.filter((e) => e.enabled);
  const labels = [...new Set(on.flatMap((e) => e.labels.map((l) => l.text)))];
  return labels.length === 0 ? null : `also searched: ${labels.map(line).join(', ')}`;
}

/** "Did you mean" with the corrected query as one would type it again, and what it finds. */
export function suggestionNote(suggestion: ResponseOf<'search.query'>['suggestion']): string | null {
  if (!suggestion) return null;
  return `Did you mean: ${line(suggestion.query)} (${suggestion.hits} ${suggestion.hits === 1 ? 'entry' : 'entries'})`;
}

function human(result: ResponseOf<'search.query'>): string {
  const note = [condensedNote(result.condensed), expansionNote(result.expansion)].filter((n) => n !== null).join('\n') || null;
  const suggestion = suggestionNote(result.suggestion);
  if (result.total === 0) return [note, 'Nothing matches.', suggestion].filter((l) => l !== null).join('\n');
  const lines = [
    ...(note ? [note] : []),
    `${result.total} ${result.total === 1 ? 'entry matches' : 'entries match'}.`,
    ...(suggestion ? [suggestion] : []),
    '',
  ];
  for (const hit of result.hits) {
    lines.push(`${hit.id}  ${hit.kind.padEnd(9)} ${marked(hit.title, hit.titleHighlights)}`);
    if (hit.snippet) lines.push(`    ${marked(hit.snippet, hit.highlights)}`);
    if (hit.fields.length > 0) lines.push(`    matched in: ${hit.fields.join(', ')}`);
    if (hit.matchedLanguages.length > 0) lines.push(`    matched via: ${hit.matchedLanguages.map(line).join(', ')}`);
  }
  if (result.nextCursor) lines.push('', `More: add --cursor ${line(result.nextCursor)}`);
  if (result.facets) {
    lines.push('');
    for (const [name, counts] of Object.entries(result.facets)) {
      if (counts.length > 0)
        lines.push(
          `${name}: ${counts
            .slice(0, 8)
            .map((c) => `${line(c.label)} (${c.count})`)
            .join(', ')}`,
        );
    }
  }
  return lines.join('\n');
}

/** search, similar, reindex. */
export function registerSearchCommands(program: Command, { print, client, entryId }: CommandContext): void {
  program
    .command('search')
    .description('search the catalogue: words, "phrases", field:word, +required, -excluded, prefix*, fuzzy~1, word^2')
    .argument('[query...]', 'the query (quote it for the shell)')
    .option('--kind <kind>', 'proposal, invention or method (repeatable)', collect)
    .option('--status <status>', 'an entry status (repeatable)', collect)
    .option('--tag <path>', 'a tag, including the tags below it (repeatable: all must match)', collect)
    .option('--enterprise <name>', 'the originating enterprise')
    .option('--class <prefix>', 'a classification prefix, e.g. D06 (repeatable)', collect)
    .option('--language <code>', 'a language code such as en, ru or zh (repeatable)', collect)
    .option('--from <year>', 'created in or after this year')
    .option('--to <year>', 'created in or before this year')
    .option('--attachments', 'only entries with attachments')
    .option('--adopted-by <name>', 'only entries this enterprise adopted')
    .option('--sort <order>', 'relevance, newest or title', 'relevance')
    .option('--limit <n>', 'hits per page', '20')
    .option('--cursor <cursor>', 'the next page, from a previous search')
    .option('--no-expand', 'search the words alone, without thesaurus labels in other languages (=word does so for one word)')
    .action(async (words: string[], flags: SearchFlags) => {
      const limit = numberArg('limit', flags.limit) ?? 20;
      const sort = flags.sort ?? 'relevance';
      if (sort !== 'relevance' && sort !== 'newest' && sort !== 'title') {
        throw new RatioError('INVALID_INPUT', `--sort must be relevance, newest or title, not "${sort}".`);
      }
      const result = await client(false).call('search.query', {
        query: words.join(' '),
        sort,
        limit,
        cursor: flags.cursor,
        expand: flags.expand !== false,
        filters: filtersOf(flags),
      });
      const json = {
        total: result.total,
        hits: result.hits.map((h) => ({
          id: h.id,
          title: h.title,
          kind: h.kind,
          score: h.score,
          snippet: h.snippet,
          highlights: h.highlights,
          fields: h.fields,
          matchedLanguages: h.matchedLanguages,
        })),
        expansion: result.expansion,
        nextCursor: result.nextCursor,
        facets: result.facets,
        condensed: result.condensed,
        suggestion: result.suggestion ?? null,
      };
      print(json, () => human(result));
    });

  program
    .command('similar')
    .description('entries similar to one entry')
    .argument('<id>', 'an id, or its first characters')
    .option('--limit <n>', 'how many', '10')
    .action(async (ref: string, flags: { limit?: string }) => {
      const c = client(false);
      const id = await entryId(c, ref);
      const { hits } = await c.call('search.similar', { id, limit: numberArg('limit', flags.limit) ?? 10 });
      print({ hits: hits.map((h) => ({ id: h.id, title: h.title, kind: h.kind, score: h.score })) }, () =>
        hits.length === 0 ? 'No similar entries.' : hits.map((h) => `${h.id}  ${h.kind.padEnd(9)} ${line(h.title)}`).join('\n'),
      );
    });

  program
    .command('reindex')
    .description('rebuild the search index from the catalogue')
    .action(async () => {
      const result = await client(true).call('catalogue.reindex', {});
      print(result, () => `Re-indexed ${result.entries} entries (pipeline version ${result.version}).`);
    });
}

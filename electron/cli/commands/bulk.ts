import type { Command } from 'commander';
import type { RequestOf, ResponseOf } from '../../../shared/contract/index.js';
import { ENTRY_STATUSES, type EntryStatus } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { CommandContext } from '../context.js';
import { collect, filtersOf, type FilterFlags } from '../args.js';

interface BulkFlags extends FilterFlags {
  query?: string;
  all?: boolean;
  id?: string[];
  saved?: string;
  addTag?: string[];
  removeTag?: string[];
  set?: string[];
  trash?: boolean;
  linkDuplicatesOf?: string;
  dryRun?: boolean;
  /** Commander's --no-expand sets this false. */
  expand?: boolean;
}

type Changes = RequestOf<'entries.bulk'>['changes'];

/** `--set status=accepted`, `--set enterprise=NAME` (empty takes it off): the fields a bulk action sets. */
function parseSets(assignments: readonly string[]): Pick<Changes, 'status' | 'enterprise'> {
  const out: Pick<Changes, 'status' | 'enterprise'> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    const field = eq > 0 ? assignment.slice(0, eq).trim() : '';
    const value = assignment.slice(eq + 1).trim();
    if (field === 'status') {
      if (!(ENTRY_STATUSES as readonly string[]).includes(value))
        throw new RatioError('INVALID_INPUT', `--set status= takes one of ${ENTRY_STATUSES.join(', ')}, not "${value}".`);
      out.status = value as EntryStatus;
    } else if (field === 'enterprise') {
      out.enterprise = value === '' ? null : value;
    } else {
      throw new RatioError('INVALID_INPUT', `"${assignment}" is not something bulk can set; use --set status=STATUS or --set enterprise=NAME.`);
    }
  }
  return out;
}

function describeChange(c: ResponseOf<'entries.bulk'>['changes'][number]): string {
  switch (c.change) {
    case 'addTag':
      return `add tag "${c.value ?? ''}"`;
    case 'removeTag':
      return `remove tag "${c.value ?? ''}"`;
    case 'status':
      return `set status ${c.value ?? ''}`;
    case 'enterprise':
      return c.value === null ? 'take the enterprise off' : `set enterprise "${c.value}"`;
    case 'trash':
      return 'move to the trash';
    case 'linkDuplicate':
      return `link as duplicate of ${c.value ?? ''}`;
  }
}

const entries = (n: number): string => (n === 1 ? '1 entry' : `${n} entries`);

function human(result: ResponseOf<'entries.bulk'>): string {
  if (result.selected === 0) return 'No entries match the selection; nothing to change.';
  const lines = [
    result.dryRun
      ? `Would change ${result.changed} of ${entries(result.selected)} selected:`
      : `Changed ${result.changed} of ${entries(result.selected)} selected (${result.revisions} ${result.revisions === 1 ? 'revision' : 'revisions'}):`,
  ];
  for (const c of result.changes) lines.push(`  ${describeChange(c)}: ${entries(c.count)}`);
  if (result.newTags.length > 0) lines.push(`New ${result.newTags.length === 1 ? 'tag' : 'tags'}: ${result.newTags.join(', ')}`);
  if (result.newEnterprise !== null) lines.push(`New enterprise: ${result.newEnterprise}`);
  if (result.dryRun) lines.push('Nothing was written (dry run); run again without --dry-run to apply.');
  else if (result.undo) lines.push(`Undo with: ratio undo ${result.undo}`);
  return lines.join('\n');
}

/** bulk (change many entries at once, or preview it) and undo. */
export function registerBulkCommands(program: Command, { print, client, entryId }: CommandContext): void {
  program
    .command('bulk')
    .description('change many entries at once: the matches of a search, chosen ids or a saved search (preview with --dry-run)')
    .option('--query <query>', 'the entries this search matches (with the filters below)')
    .option('--all', 'every entry (with the filters below)')
    .option('--id <id>', 'a chosen entry, by id or its first characters (repeatable)', collect)
    .option('--saved <name>', 'the entries a saved search matches (its name or id)')
    .option('--kind <kind>', 'filter: proposal, invention or method (repeatable)', collect)
    .option('--status <status>', 'filter: an entry status (repeatable)', collect)
    .option('--tag <path>', 'filter: a tag, including the tags below it (repeatable: all must match)', collect)
    .option('--enterprise <name>', 'filter: the originating enterprise')
    .option('--class <prefix>', 'filter: a classification prefix, e.g. D06 (repeatable)', collect)
    .option('--language <code>', 'filter: a language code (repeatable)', collect)
    .option('--from <year>', 'filter: created in or after this year')
    .option('--to <year>', 'filter: created in or before this year')
    .option('--attachments', 'filter: only entries with attachments')
    .option('--adopted-by <name>', 'filter: only entries this enterprise adopted')
    .option('--add-tag <path>', 'add this tag (repeatable)', collect)
    .option('--remove-tag <path>', 'remove this tag (repeatable)', collect)
    .option('--set <field=value>', 'status=STATUS or enterprise=NAME (empty: none) (repeatable)', collect)
    .option('--trash', 'move the entries to the trash')
    .option('--link-duplicates-of <id>', 'link the entries to this one as duplicate-of')
    .option('--no-expand', 'match the query words alone, without thesaurus labels in other languages (as ratio search --no-expand)')
    .option('--dry-run', 'only say what would change')
    .action(async (flags: BulkFlags) => {
      const c = client(false);
      const filters = filtersOf(flags);
      const filtered = Object.values(filters).some((v) => v !== undefined);
      const ways = [flags.query !== undefined || flags.all || filtered, (flags.id ?? []).length > 0, flags.saved !== undefined].filter(Boolean).length;
      if (ways === 0) throw new RatioError('INVALID_INPUT', 'Choose the entries: --query (and filters), --all, --id or --saved.');
      if (ways > 1) throw new RatioError('INVALID_INPUT', 'Choose the entries one way: a search (--query, --all, filters), --id, or --saved.');
      if (flags.expand === false && ways === 1 && !(flags.query !== undefined || flags.all || filtered))
        throw new RatioError('INVALID_INPUT', '--no-expand applies to a search (--query); chosen ids and saved searches are taken as they are.');
      let selection: RequestOf<'entries.bulk'>['selection'];
      if ((flags.id ?? []).length > 0) {
        const ids: string[] = [];
        for (const ref of flags.id ?? []) ids.push(await entryId(c, ref));
        selection = { by: 'ids', ids };
      } else if (flags.saved !== undefined) {
        const wanted = flags.saved.toLowerCase();
        const saved = (await c.call('savedSearches.list', {})).searches.find((s) => s.id === wanted || s.name.toLowerCase() === wanted);
        if (!saved) throw new RatioError('NOT_FOUND', `There is no saved search "${flags.saved}".`);
        selection = { by: 'savedSearch', id: saved.id };
      } else {
        // Expanded as `ratio search` expands the same query, so the entries changed are the ones it lists.
        selection = { by: 'search', query: flags.query ?? '', filters, expand: flags.expand !== false };
      }
      const changes: Changes = {
        addTags: flags.addTag ?? [],
        removeTags: flags.removeTag ?? [],
        ...parseSets(flags.set ?? []),
        trash: flags.trash ? true : undefined,
        linkDuplicatesOf: flags.linkDuplicatesOf === undefined ? undefined : await entryId(c, flags.linkDuplicatesOf),
      };
      const result = await c.call('entries.bulk', { selection, changes, dryRun: Boolean(flags.dryRun) });
      print(result, () => human(result));
    });

  program
    .command('undo')
    .description('take back a curation action (a bulk change, edit, tag change, delete or merge) by its undo token')
    .argument('<token>', 'the undo token the action printed')
    .action(async (token: string) => {
      const result = await client(false).call('entries.undo', { token });
      print(result, () => `Undid "${result.label}": ${entries(result.entries)} back as before (each with a new revision).`);
    });
}

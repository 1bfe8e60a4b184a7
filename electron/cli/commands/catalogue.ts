import type { Command } from 'commander';
import { Option } from 'commander';
import path from 'node:path';
import { lookup as lookupMediaType } from 'mime-types';
import { ENTRY_KINDS, ENTRY_STATUSES, LINK_TYPES, LIST_FIELDS as LIST_FIELD_NAMES } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { EntryPatch } from '../../../shared/schemas/entry.js';
import type { CommandContext } from '../context.js';
import { formatEntry, formatEntryLine, formatTags } from '../format.js';
import { parseEntryMarkdown } from '../../exchange/front-matter.js';
import { numberArg, readFileArg } from '../args.js';
import { line } from '../terminal-text.js';

/** Fields `edit --set` understands; list fields take comma-separated values. */
const SETTABLE = ['title', 'kind', 'summary', 'body', 'status', 'language', 'enterprise', 'registration', 'authors', 'tags', 'classification'];
const LIST_FIELDS: ReadonlySet<string> = new Set(LIST_FIELD_NAMES);

function parseSet(assignments: readonly string[]): EntryPatch {
  const patch: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new RatioError('INVALID_INPUT', `"${assignment}" is not field=value.`);
    const field = assignment.slice(0, eq).trim();
    const value = assignment.slice(eq + 1);
    if (!SETTABLE.includes(field)) {
      throw new RatioError('INVALID_INPUT', `"${field}" is not a field you can set; use one of ${SETTABLE.join(', ')}.`);
    }
    if (LIST_FIELDS.has(field)) {
      patch[field] = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v.length > 0);
    } else if (field === 'enterprise') {
      patch[field] = value.trim() === '' ? null : value;
    } else {
      patch[field] = value;
    }
  }
  return patch;
}

/** init, compact, demo, add, show, edit, list, delete, tag(s), enterprises, adopt, history, restore, link, attach, stats. */
export function registerCatalogueCommands(program: Command, { io, print, client, session, entryId }: CommandContext): void {
  program
    .command('init')
    .description('create an empty catalogue (or check an existing one)')
    .action(async () => {
      const opened = session(true);
      const info = await opened.client.call('catalogue.info', {});
      print({ ...info, created: opened.catalogue.created }, () =>
        opened.catalogue.created ? `Created a catalogue at ${line(info.path)}.` : `The catalogue at ${line(info.path)} is ready (${info.entries} entries).`,
      );
    });

  program
    .command('compact')
    .description('rewrite the catalogue file without its free pages, in 16 KB pages (with no other program using it)')
    .action(() => {
      const result = session(false).catalogue.compact();
      const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
      print(result, () => `Compacted the catalogue: ${mb(result.bytesBefore)} -> ${mb(result.bytesAfter)} (pages of ${result.pageSize / 1024} KB).`);
    });

  program
    .command('demo')
    .description('load the demo catalogue (a second run adds nothing)')
    .action(async () => {
      const result = await client(true).call('catalogue.loadDemo', {});
      print(result, () =>
        result.entriesAdded === 0
          ? 'The demo catalogue is already loaded; nothing was added.'
          : `Loaded the demo catalogue: ${result.entriesAdded} entries, ${result.enterprisesAdded} enterprises, ${result.adoptionsAdded} adoptions, ${result.linksAdded} links, ${result.attachmentsAdded} attachments.`,
      );
    });

  program
    .command('add')
    .description('add an entry from a Markdown file with YAML front matter')
    .argument('<file>', 'Markdown file')
    .action(async (file: string) => {
      const text = readFileArg(file, io.cwd).toString('utf8');
      const input = parseEntryMarkdown(text, file);
      const entry = await client(true).call('entries.create', input);
      print(entry, () => `Added ${entry.id}  ${line(entry.title)}`);
    });

  program
    .command('show')
    .description('show an entry')
    .argument('<id>', 'entry id or its first characters')
    .action(async (ref: string) => {
      const c = client(false);
      const entry = await c.call('entries.get', { id: await entryId(c, ref) });
      print(entry, () => formatEntry(entry));
    });

  program
    .command('edit')
    .description('change fields of an entry')
    .argument('<id>', 'entry id or its first characters')
    .requiredOption('--set <field=value...>', `field=value; fields: ${SETTABLE.join(', ')}; lists are comma-separated`)
    .action(async (ref: string, opts: { set: string[] }) => {
      const c = client(false);
      const patch = parseSet(opts.set);
      const before = await c.call('entries.get', { id: await entryId(c, ref) });
      const entry = await c.call('entries.update', { id: before.id, patch });
      print(entry, () =>
        entry.revision === before.revision
          ? `Nothing changed; ${entry.id} stays at revision ${entry.revision}.`
          : `Updated ${entry.id} (revision ${entry.revision}).`,
      );
    });

  program
    .command('list')
    .description('list entries, newest first')
    .addOption(new Option('--kind <kind>').choices(ENTRY_KINDS))
    .addOption(new Option('--status <status>').choices(ENTRY_STATUSES))
    .option('--tag <tag>', 'tag path; includes the tags below it')
    .option('--enterprise <name>', 'origin enterprise')
    .option('--limit <n>', 'at most this many', '1000')
    .action(async (opts: { kind?: string; status?: string; tag?: string; enterprise?: string; limit: string }) => {
      const limit = numberArg('limit', opts.limit) ?? 1000;
      const result = await client(false).call('entries.list', {
        kind: opts.kind as (typeof ENTRY_KINDS)[number] | undefined,
        status: opts.status as (typeof ENTRY_STATUSES)[number] | undefined,
        tag: opts.tag,
        enterprise: opts.enterprise,
        limit,
      });
      print(result, () =>
        result.entries.length === 0
          ? 'No entries.'
          : [...result.entries.map(formatEntryLine), `${result.entries.length} of ${result.total} entries`].join('\n'),
      );
    });

  program
    .command('delete')
    .description('delete an entry (its history is kept; "ratio restore" brings it back)')
    .argument('<id>', 'entry id or its first characters')
    .action(async (ref: string) => {
      const c = client(false);
      const id = await entryId(c, ref);
      await c.call('entries.delete', { id });
      print({ id, deleted: true }, () => `Deleted ${id}.`);
    });

  program
    .command('tag')
    .description('add (+tag) and remove (-tag) tags of an entry')
    .argument('<id>', 'entry id or its first characters')
    .argument('<changes...>', '+a/b adds tag b under a; -c removes tag c')
    .allowUnknownOption()
    .action(async (ref: string, changes: string[]) => {
      const add: string[] = [];
      const remove: string[] = [];
      for (const change of changes) {
        if (change === '--json') continue;
        if (change.startsWith('+') && change.length > 1) add.push(change.slice(1));
        else if (change.startsWith('-') && change.length > 1) remove.push(change.slice(1));
        else throw new RatioError('INVALID_INPUT', `"${change}" should start with + (add) or - (remove).`);
      }
      const c = client(false);
      const entry = await c.call('entries.tag', { id: await entryId(c, ref), add, remove });
      print(entry, () => `Tags of ${entry.id}: ${entry.tags.map(line).join(', ') || '—'}`);
    });

  const tags = program
    .command('tags')
    .description('the tag tree with counts (own/with descendants); subcommands rename, merge, synonyms')
    .action(async () => {
      const result = await client(false).call('tags.list', {});
      print(result, () => formatTags(result.tags));
    });
  tags
    .command('rename')
    .description('rename or move a tag (NEW may be a full path)')
    .argument('<old>')
    .argument('<new>')
    .action(async (from: string, to: string) => {
      const tag = await client(false).call('tags.rename', { from, to });
      print(tag, () => `Renamed "${line(from)}" to "${line(tag.path)}" (${tag.totalCount} entries).`);
    });
  tags
    .command('merge')
    .description('merge tag FROM into INTO; FROM becomes a synonym of INTO')
    .argument('<from>')
    .argument('<into>')
    .action(async (from: string, into: string) => {
      const result = await client(false).call('tags.merge', { from, into });
      print(result, () => `Merged "${line(from)}" into "${line(result.into.path)}" (${result.into.totalCount} entries).`);
    });
  tags
    .command('synonyms')
    .description('set the synonyms of a tag (comma-separated; empty clears)')
    .argument('<tag>')
    .argument('[synonyms]', 'comma-separated', '')
    .action(async (pathArg: string, list: string) => {
      const synonyms = list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const tag = await client(false).call('tags.setSynonyms', { path: pathArg, synonyms });
      print(tag, () => `Synonyms of "${line(tag.path)}": ${tag.synonyms.map(line).join(', ') || '—'}`);
    });

  program
    .command('enterprises')
    .description('list enterprises')
    .action(async () => {
      const result = await client(false).call('enterprises.list', {});
      print(result, () =>
        result.enterprises.length === 0
          ? 'No enterprises.'
          : result.enterprises
              .map(
                (e) => `${e.id}  ${line(e.name)}${e.place ? `, ${line(e.place)}` : ''}${e.industry ? ` [${line(e.industry)}]` : ''}  ${e.entryCount} entries`,
              )
              .join('\n'),
      );
    });
  program
    .command('enterprise')
    .description('manage enterprises')
    .command('add')
    .description('add an enterprise')
    .argument('<name>')
    .option('--place <place>', 'town or region', '')
    .option('--industry <industry>', 'industry', '')
    .action(async (name: string, opts: { place: string; industry: string }) => {
      const e = await client(true).call('enterprises.create', { name, place: opts.place, industry: opts.industry });
      print(e, () => `Added enterprise ${e.id}  ${line(e.name)}`);
    });

  program
    .command('adopt')
    .description('record that an enterprise adopted an entry, with a measured effect')
    .argument('<id>', 'entry id or its first characters')
    .requiredOption('--enterprise <name>', 'adopting enterprise')
    .requiredOption('--date <YYYY-MM-DD>', 'date of adoption')
    .option('--indicator <name>', 'what was measured, e.g. "First-grade output"')
    .option('--before <x>', 'value before')
    .option('--after <y>', 'value after')
    .option('--unit <unit>', 'unit, e.g. %', '')
    .option('--period <period>', 'e.g. "first month"', '')
    .option('--note <text>', 'note', '')
    .action(
      async (
        ref: string,
        opts: { enterprise: string; date: string; indicator?: string; before?: string; after?: string; unit: string; period: string; note: string },
      ) => {
        const before = numberArg('before', opts.before);
        const after = numberArg('after', opts.after);
        if (!opts.indicator && (before !== null || after !== null)) {
          throw new RatioError('INVALID_INPUT', 'Give --indicator to say what --before and --after measure.');
        }
        const effects = opts.indicator ? [{ indicator: opts.indicator, before, after, unit: opts.unit, period: opts.period, note: '' }] : [];
        const c = client(false);
        const adoption = await c.call('adoptions.add', {
          entryId: await entryId(c, ref),
          enterprise: opts.enterprise,
          date: opts.date,
          note: opts.note,
          effects,
        });
        print(adoption, () => `Recorded adoption ${adoption.id} by ${line(adoption.enterprise.name)} on ${line(adoption.date)}.`);
      },
    );

  program
    .command('history')
    .description('the revisions of an entry')
    .argument('<id>', 'entry id (a deleted entry needs the full id)')
    .action(async (ref: string) => {
      const c = client(false);
      const id = /^[0-9a-f-]{36}$/i.test(ref) ? ref.toLowerCase() : await entryId(c, ref);
      const result = await c.call('entries.history', { id });
      print(result, () =>
        result.revisions
          .map(
            (r) =>
              `${String(r.number).padStart(4)}  ${line(r.at)}  ${r.action.padEnd(7)} ${line(r.author ?? '—').padEnd(12)} ${r.changed.join(', ')}${r.source ? `  (from ${line(r.source)})` : ''}`,
          )
          .join('\n'),
      );
    });

  program
    .command('restore')
    .description('bring an entry back to the state of one of its revisions')
    .argument('<id>', 'entry id (a deleted entry needs the full id)')
    .argument('<revision>', 'revision number from "ratio history"')
    .action(async (ref: string, revision: string) => {
      const number = numberArg('revision', revision);
      if (number === null || !Number.isInteger(number) || number < 1) throw new RatioError('INVALID_INPUT', 'REVISION must be a revision number.');
      const c = client(false);
      const id = /^[0-9a-f-]{36}$/i.test(ref) ? ref.toLowerCase() : await entryId(c, ref);
      const entry = await c.call('entries.restore', { id, number });
      print(entry, () => `Restored ${entry.id} to revision ${number} (now revision ${entry.revision}).`);
    });

  program
    .command('link')
    .description('link two entries')
    .argument('<from>', 'entry id')
    .argument('<to>', 'entry id')
    .addOption(new Option('--type <type>', 'link type').choices(LINK_TYPES).makeOptionMandatory())
    .action(async (fromRef: string, toRef: string, opts: { type: (typeof LINK_TYPES)[number] }) => {
      const c = client(false);
      const from = await entryId(c, fromRef);
      const to = await entryId(c, toRef);
      await c.call('links.add', { from, to, type: opts.type });
      print({ from, to, type: opts.type }, () => `Linked ${from} ${opts.type} ${to}.`);
    });

  program
    .command('attach')
    .description('attach a file to an entry')
    .argument('<id>', 'entry id or its first characters')
    .argument('<file>')
    .option('--name <name>', 'name to show (default: the file name)')
    .action(async (ref: string, file: string, opts: { name?: string }) => {
      const content = readFileArg(file, io.cwd);
      const name = opts.name ?? path.basename(file);
      const c = client(false);
      const entry = await c.call('attachments.add', {
        entryId: await entryId(c, ref),
        name,
        mediaType: lookupMediaType(name) || undefined,
        contentBase64: content.toString('base64'),
      });
      const attachment = entry.attachments.find((a) => a.name === name);
      print(entry, () => `Attached ${line(name)} (${attachment?.size ?? content.length} bytes) to ${entry.id}.`);
    });

  program
    .command('stats')
    .description('counts of what the catalogue holds')
    .action(async () => {
      const s = await client(false).call('catalogue.stats', {});
      print(s, () =>
        [
          `entries:      ${s.entries} (${s.byKind.map((k) => `${k.count} ${k.key}`).join(', ') || '—'})`,
          `languages:    ${s.byLanguage.map((k) => `${line(k.key)} ${k.count}`).join(', ') || '—'}`,
          `statuses:     ${s.byStatus.map((k) => `${k.key} ${k.count}`).join(', ') || '—'}`,
          `enterprises:  ${s.enterprises}`,
          `tags:         ${s.tags}`,
          `adoptions:    ${s.adoptions} (${s.effects} measured effects)`,
          `links:        ${s.links}`,
          `attachments:  ${s.attachments} (${s.attachmentBytes} bytes)`,
          `revisions:    ${s.revisions}`,
        ].join('\n'),
      );
    });
}

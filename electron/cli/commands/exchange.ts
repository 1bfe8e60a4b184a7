import type { Command } from 'commander';
import { Option } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { ENTRY_KINDS, ENTRY_STATUSES } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { ResponseOf } from '../../../shared/contract/index.js';
import { CONFLICT_CHOICES } from '../../../shared/schemas/exchange.js';
import { exportIdentity, fingerprint, importIdentity, parsePublicKey, rekeySelf } from '../../exchange/keys.js';
import type { CommandContext } from '../context.js';
import { line } from '../terminal-text.js';

interface SelectionOptions {
  query?: string;
  tag?: string;
  ids?: string;
  kind?: (typeof ENTRY_KINDS)[number];
  status?: (typeof ENTRY_STATUSES)[number];
  enterprise?: string;
}

function withSelection(command: Command): Command {
  return command
    .option('--tag <tag>', 'entries with this tag or a tag below it')
    .option('--ids <a,b>', 'these entries (comma-separated ids)')
    .addOption(new Option('--kind <kind>').choices(ENTRY_KINDS))
    .addOption(new Option('--status <status>').choices(ENTRY_STATUSES))
    .option('--enterprise <name>', 'entries from this enterprise')
    .option('--query <q>', 'entries matching a search query');
}

function importSummary(r: ResponseOf<'exchange.import'>): string {
  // The producer's name, tags and titles are the partner's text; line() keeps each on its own line, unable to forge one.
  const lines = [line(r.message), `signature: ${r.signature} (${line(r.producer)}, key ${line(r.keyId.slice(0, 16))}…)`];
  if (r.tagsCreated.length > 0) lines.push(`new tags: ${r.tagsCreated.map(line).join(', ')}`);
  for (const e of r.entries.filter((x) => x.class === 'conflict')) lines.push(`conflict: ${e.id}  ${line(e.title)} → ${e.resolution ?? 'keep-local'}`);
  return lines.join('\n');
}

/** A CSV or Markdown import: the counts, then one line per conflict and how it was decided. */
function flatSummary(r: ResponseOf<'exchange.importCsv'>, counts: string): string {
  const decided = [
    r.keptLocal > 0 ? `${r.keptLocal} kept local` : '',
    r.tookIncoming > 0 ? `${r.tookIncoming} took the file's` : '',
    r.keptBoth > 0 ? `${r.keptBoth} kept both` : '',
  ]
    .filter((s) => s !== '')
    .join(', ');
  const lines = [`${counts}${r.conflicts > 0 ? `, ${r.conflicts} conflicts (${decided})` : ''}.`];
  for (const c of r.conflictEntries) {
    lines.push(
      `conflict: ${c.id}  ${line(c.title)} (${line(c.where)}${c.deletedLocally ? ', deleted here' : ''}) → ${c.resolution}${c.localId === c.id ? '' : ` as ${c.localId}`}`,
    );
  }
  if (r.conflictEntries.length < r.conflicts) lines.push(`… and ${r.conflicts - r.conflictEntries.length} more conflicts.`);
  if (r.keptLocal > 0) lines.push('Conflicting rows were left as they are here; import again with --on-conflict take-incoming or keep-both to change that.');
  return lines.join('\n');
}

/**
 * What `ratio trust SOURCE` names, decided one way only: text that is a well-formed Ed25519
 * public key (32 bytes as base64 or hex, or a PEM block) is the key, even with a "/" in it;
 * anything else must be an existing file, given as an absolute path.
 */
export function trustSource(source: string, cwd: string): string {
  try {
    parsePublicKey(source);
    return source.trim();
  } catch {
    // not a key: a file, below
  }
  const file = path.resolve(cwd, source);
  let isFile = false;
  try {
    isFile = fs.statSync(file).isFile();
  } catch {
    isFile = false;
  }
  if (!isFile) {
    throw new RatioError('INVALID_INPUT', `"${source}" is neither a public key (44 characters of base64, 64 hex digits or a PEM block) nor a file.`);
  }
  return file;
}

/** keys, trust, export, import, imports, and the CSV / Markdown formats. */
export function registerExchangeCommands(program: Command, { io, print, client, session }: CommandContext): void {
  const absolute = (file: string): string => path.resolve(io.cwd, file);

  const selection = async (
    opts: SelectionOptions,
  ): Promise<{ ids?: string[]; tag?: string; kind?: SelectionOptions['kind']; status?: SelectionOptions['status']; enterprise?: string }> => {
    let ids = opts.ids
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (opts.query !== undefined) {
      // A query selects through the search operation, then exports by ids.
      const hits: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client(false).call('search.query', { query: opts.query, limit: 200, cursor, facets: false });
        hits.push(...page.hits.map((h) => h.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      if (hits.length === 0) throw new RatioError('NOT_FOUND', `No entry matches "${opts.query}"; nothing was exported.`);
      ids = ids ? ids.filter((id) => hits.includes(id)) : hits;
    }
    return { ids, tag: opts.tag, kind: opts.kind, status: opts.status, enterprise: opts.enterprise };
  };

  const keys = program
    .command('keys')
    .description("print this catalogue's enterprise, its public key and fingerprint (made on first use); subcommands rekey, export-identity, import-identity")
    .option('--name <enterprise>', 'name of this catalogue’s own enterprise (set or change it)')
    .action(async (opts: { name?: string }) => {
      const r = await client(true).call('exchange.keys', { enterpriseName: opts.name });
      print(r, () =>
        [`enterprise:  ${line(r.enterprise.name)} (${r.enterprise.id})`, `public key:  ${r.publicKey}`, `fingerprint: ${r.fingerprint}`].join('\n'),
      );
    });
  // Identity operations run here, not through the API: the browser host must never hand out or replace the private key.
  keys
    .command('rekey')
    .description('replace the signing key with a new one (the old file is kept as .retired-…); partners must then register the new key')
    .option('--yes', 'confirm: every partner refuses our bundles until it registers the new key')
    .action((opts: { yes?: boolean }) => {
      if (!opts.yes) {
        throw new RatioError(
          'INVALID_INPUT',
          'Re-keying makes every partner refuse this catalogue’s bundles until it registers the new key; run "ratio keys rekey --yes" to do it.',
        );
      }
      const r = rekeySelf(session(true).catalogue);
      const result = {
        enterprise: r.identity.enterprise,
        publicKey: r.identity.publicKey.toString('base64'),
        fingerprint: fingerprint(r.identity.publicKey),
        previousFingerprint: r.previousFingerprint,
        retiredKeyFile: r.retiredKeyFile,
      };
      print(result, () =>
        [
          `New key for ${line(result.enterprise.name)}: fingerprint ${result.fingerprint}${result.previousFingerprint ? ` (was ${result.previousFingerprint})` : ''}.`,
          ...(result.retiredKeyFile ? [`The old key file is kept as ${line(result.retiredKeyFile)}.`] : []),
          `public key:  ${result.publicKey}`,
          'Send partners the new public key; they register it with "ratio trust".',
        ].join('\n'),
      );
    });
  keys
    .command('export-identity')
    .description("write this catalogue's enterprise and private key to FILE (mode 0600) to back them up with the catalogue")
    .argument('<file>')
    .action((file: string) => {
      const r = exportIdentity(session(false).catalogue, absolute(file));
      print(r, () => `Wrote the identity of ${line(r.enterprise.name)} (fingerprint ${r.fingerprint}) to ${line(r.file)}; keep it as safe as the key itself.`);
    });
  keys
    .command('import-identity')
    .description("restore this catalogue's enterprise and private key from a file export-identity wrote")
    .argument('<file>')
    .action((file: string) => {
      const r = importIdentity(session(true).catalogue, absolute(file));
      print(r, () => `Restored the identity of ${line(r.enterprise.name)} (fingerprint ${r.fingerprint}) into ${line(r.keyFile)}.`);
    });

  program
    .command('trust')
    .description("register a partner's public key with its enterprise")
    .argument('<source>', 'a public key (base64/hex/PEM), or a .ratio bundle it signed or a file holding one')
    .requiredOption('--enterprise <name>', 'the partner enterprise (created when missing)')
    .action(async (source: string, opts: { enterprise: string }) => {
      const r = await client(true).call('exchange.trust', { source: trustSource(source, io.cwd), enterprise: opts.enterprise });
      print(r, () => `Registered key ${r.fingerprint} for ${line(r.enterprise.name)}.`);
    });

  withSelection(
    program
      .command('export')
      .description('write a signed .ratio bundle of entries')
      .requiredOption('--out <file>', 'the bundle to write (FILE.ratio)')
      .option('--to <enterprise>', 'the recipient enterprise')
      .option('--since-last', 'only what is new or changed since the last bundle sent to --to')
      .option('--as <name>', "name of this catalogue's own enterprise"),
  ).action(async (opts: SelectionOptions & { out: string; to?: string; sinceLast?: boolean; as?: string }) => {
    const r = await client(true).call('exchange.export', {
      ...(await selection(opts)),
      out: absolute(opts.out),
      to: opts.to,
      sinceLast: Boolean(opts.sinceLast),
      enterpriseName: opts.as,
    });
    print(
      r,
      () =>
        `Exported ${r.entries} entries and ${r.attachments} attachments (${r.bytes} bytes) to ${line(r.file)}; bundle ${r.bundle}, signed by ${line(r.producer.name)}.`,
    );
  });

  program
    .command('import')
    .description('verify and import a .ratio bundle (or preview it with --dry-run)')
    .argument('<file>', 'the bundle')
    .option('--dry-run', 'verify and classify every entry; write nothing')
    .addOption(new Option('--on-conflict <choice>', 'for entries changed on both sides').choices(CONFLICT_CHOICES).default('keep-local'))
    .option('--trust', 'accept (and register) a signer whose key is not registered yet')
    .action(async (file: string, opts: { dryRun?: boolean; onConflict: (typeof CONFLICT_CHOICES)[number]; trust?: boolean }) => {
      const c = client(!opts.dryRun);
      const r = opts.dryRun
        ? await c.call('exchange.previewImport', { file: absolute(file), trust: Boolean(opts.trust) })
        : await c.call('exchange.import', { file: absolute(file), onConflict: opts.onConflict, trust: Boolean(opts.trust) });
      print(r, () => importSummary(r));
    });

  program
    .command('imports')
    .description('the import log')
    .action(async () => {
      const r = await client(false).call('exchange.imports', {});
      print(r, () =>
        r.imports.length === 0
          ? 'No imports yet.'
          : r.imports
              .map(
                (i) =>
                  `${line(i.at)}  ${i.bundle}  ${line(i.producer)}  ${line(i.signature)}  ${Object.entries(i.counts)
                    .map(([k, v]) => `${line(k)} ${v}`)
                    .join(', ')}`,
              )
              .join('\n'),
      );
    });

  withSelection(program.command('export-csv').description('write entries as CSV (UTF-8 with BOM)').requiredOption('--out <file>', 'the CSV file')).action(
    async (opts: SelectionOptions & { out: string }) => {
      const r = await client(false).call('exchange.exportCsv', { ...(await selection(opts)), out: absolute(opts.out) });
      print(r, () => `Wrote ${r.entries} entries to ${line(r.path)}.`);
    },
  );
  program
    .command('import-csv')
    .description('create entries from a CSV file; a row whose id exists with other content is a conflict')
    .argument('<file>')
    .addOption(new Option('--on-conflict <choice>', 'for rows whose entry differs here or was deleted here').choices(CONFLICT_CHOICES).default('keep-local'))
    .action(async (file: string, opts: { onConflict: (typeof CONFLICT_CHOICES)[number] }) => {
      const r = await client(true).call('exchange.importCsv', { path: absolute(file), onConflict: opts.onConflict });
      print(r, () => flatSummary(r, `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`));
    });
  withSelection(
    program.command('export-markdown').description('write one Markdown file per entry, attachments beside it').requiredOption('--dir <folder>', 'the folder'),
  ).action(async (opts: SelectionOptions & { dir: string }) => {
    const r = await client(false).call('exchange.exportMarkdown', { ...(await selection(opts)), dir: absolute(opts.dir) });
    print(r, () => `Wrote ${r.entries} entries and ${r.attachments} attachments to ${line(r.path)}.`);
  });
  program
    .command('import-markdown')
    .description('create entries from a folder of Markdown files; a file whose id exists with other content is a conflict')
    .argument('<folder>')
    .addOption(new Option('--on-conflict <choice>', 'for files whose entry differs here or was deleted here').choices(CONFLICT_CHOICES).default('keep-local'))
    .action(async (folder: string, opts: { onConflict: (typeof CONFLICT_CHOICES)[number] }) => {
      const r = await client(true).call('exchange.importMarkdown', { path: absolute(folder), onConflict: opts.onConflict });
      print(r, () => flatSummary(r, `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged, ${r.attachments} attachments`));
    });
}

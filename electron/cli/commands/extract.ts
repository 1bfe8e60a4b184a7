import type { Command } from 'commander';
import type { ResponseOf } from '../../../shared/contract/index.js';
import { RatioError } from '../../../shared/errors.js';
import { ExtractionState } from '../../../shared/schemas/attachment-text.js';
import type { CommandContext } from '../context.js';
import { numberArg } from '../args.js';
import { line } from '../terminal-text.js';

function countsLine(counts: ResponseOf<'attachments.status'>['counts']): string {
  return ExtractionState.options.map((state) => `${state} ${counts[state]}`).join(', ');
}

/** `ratio extract` reads attachments' text now; `ratio attachments --status` says where reading stands. */
export function registerExtractCommands(program: Command, { print, client, entryId }: CommandContext): void {
  program
    .command('extract')
    .description("read the text of attached files (PDF, office documents, images by OCR): one entry's, or --all")
    .argument('[id]', 'entry id or its first characters')
    .option('--all', 'every attached file without text from this version of the reader')
    .option('--force', 'read again files already read')
    .action(async (ref: string | undefined, opts: { all?: boolean; force?: boolean }) => {
      if ((ref === undefined) === !opts.all) throw new RatioError('INVALID_INPUT', 'Name one entry, or give --all.');
      const c = client(true);
      const id = ref === undefined ? undefined : await entryId(c, ref);
      const result = await c.call('attachments.extract', { entryId: id, all: opts.all ?? false, force: opts.force ?? false, wait: true });
      print(result, () => `Queued ${result.queued} ${result.queued === 1 ? 'file' : 'files'}; now ${countsLine(result.counts)}.`);
    });

  program
    .command('attachments')
    .description('where reading the text of attached files stands')
    .option('--status', 'files per state and the files that could not be read, with the reason (the default)')
    .option('--limit <n>', 'failures to list', '20')
    .action(async (opts: { status?: boolean; limit: string }) => {
      const limit = Math.max(0, Math.min(10_000, Math.floor(numberArg('limit', opts.limit) ?? 20)));
      const s = await client(false).call('attachments.status', { problems: limit });
      print(s, () => {
        const lines = [countsLine(s.counts)];
        if (s.unqueued > 0) lines.push(`${s.unqueued} attached ${s.unqueued === 1 ? 'file was' : 'files were'} never queued: run ratio extract --all`);
        for (const p of s.problems) {
          const where = p.attachments.map((a) => `${line(a.name)} (${a.entryId})`).join(', ') || 'not attached now';
          lines.push(`${p.state.padEnd(11)} ${where}: ${line(p.error ?? '')}${p.detectedType ? ` [${line(p.detectedType)}]` : ''}`);
        }
        return lines.join('\n');
      });
    });
}

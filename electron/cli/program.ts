import { Command, CommanderError } from 'commander';
import { asRatioError, type ErrorCode } from '../../shared/errors.js';
import { registerCatalogueCommands } from './commands/catalogue.js';
import { registerSearchCommands } from './commands/search.js';
import { registerServeCommand } from './commands/serve.js';
import { registerExchangeCommands } from './commands/exchange.js';
import { registerBulkCommands } from './commands/bulk.js';
import { registerThesaurusCommands } from './commands/thesaurus.js';
import { registerExtractCommands } from './commands/extract.js';
import type { ProgressEvent } from '../api/handlers/index.js';
import { openSession, type CliIo, type CommandContext, type Session } from './context.js';
import { block, line, terminalJson } from './terminal-text.js';
import { UUID_PATTERN } from '../../shared/text-rules.js';

/** Exit statuses, documented in the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  catalogue: 5,
  bundleRefused: 6,
  bundleUntrusted: 7,
  corrupt: 8,
  diskFull: 9,
  busy: 10,
  install: 11,
  signingKey: 12,
} as const;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
    case 'UNKNOWN_OPERATION':
      return EXIT.usage;
    case 'NOT_FOUND':
      return EXIT.notFound;
    case 'CONFLICT':
      return EXIT.conflict;
    case 'CATALOGUE_NEWER':
    case 'NOT_A_CATALOGUE':
    case 'CATALOGUE_UNWRITABLE':
    case 'CATALOGUE_MISSING':
      return EXIT.catalogue;
    case 'BUNDLE_REFUSED':
      return EXIT.bundleRefused;
    case 'BUNDLE_UNTRUSTED':
      return EXIT.bundleUntrusted;
    case 'CATALOGUE_CORRUPT':
      return EXIT.corrupt;
    case 'DISK_FULL':
      return EXIT.diskFull;
    case 'CATALOGUE_BUSY':
      return EXIT.busy;
    case 'NATIVE_MODULE':
      return EXIT.install;
    case 'SIGNING_KEY_UNSAFE':
      return EXIT.signingKey;
    case 'UNAUTHORIZED':
    case 'FORBIDDEN':
      return EXIT.usage;
    default:
      return EXIT.failure;
  }
}

/** Builds the `ratio` command tree over a client; `open` gives the catalogue session lazily. */
export function buildProgram(
  io: CliIo,
  sessions: { open(create: boolean, progress?: (event: ProgressEvent) => void, options?: { reindexInBackground?: boolean }): Session },
): Command {
  const program = new Command('ratio')
    .description('Ratio: a catalogue of technical innovations — proposals, inventions and methods.')
    .option('--catalogue <dir>', 'catalogue folder (default: $RATIO_CATALOGUE or the per-user data folder)')
    .option('--json', 'print machine-readable JSON')
    .showHelpAfterError('(run "ratio --help" for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  const json = (): boolean => Boolean(program.opts<{ json?: boolean }>().json);
  const context: CommandContext = {
    io,
    json,
    // Both forms pass through terminal-text: other enterprises' text must not drive the terminal.
    print: (value, human) => io.stdout(json() ? `${terminalJson(value)}\n` : `${block(human())}\n`),
    client: (create) => sessions.open(create).client,
    session: (create, progress, options) => sessions.open(create, progress, options),
    entryId: async (c, ref) => (UUID_PATTERN.test(ref) ? ref.toLowerCase() : (await c.call('entries.resolveId', { prefix: ref })).id),
  };

  registerCatalogueCommands(program, context);
  registerSearchCommands(program, context);
  registerServeCommand(program, context);
  registerExchangeCommands(program, context);
  registerBulkCommands(program, context);
  registerThesaurusCommands(program, context);
  registerExtractCommands(program, context);

  return program;
}

/** Runs one command line; returns the exit status. Errors become one sentence on stderr. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let session: Session | undefined;
  const program = buildProgram(io, {
    open(create: boolean, progress?: (event: ProgressEvent) => void, options?: { reindexInBackground?: boolean }): Session {
      if (!session) session = openSession(program.opts<{ catalogue?: string }>().catalogue, io, create, progress, options);
      return session;
    },
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (help, version, or a usage error).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const typed = asRatioError(error);
    if (typed) {
      io.stderr(`ratio: ${line(typed.message)}\n`);
      return exitCodeFor(typed.code);
    }
    io.stderr(`ratio: unexpected failure: ${line(error instanceof Error ? error.message : String(error))}\n`);
    return EXIT.failure;
  } finally {
    session?.catalogue.close();
  }
}

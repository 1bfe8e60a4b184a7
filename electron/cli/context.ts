import os from 'node:os';
import type { RatioClient } from '../../shared/client.js';
import { createHandlers, type HandlerTable, type ProgressEvent } from '../api/handlers/index.js';
import { createLocalClient } from '../api/local-client.js';
import { Catalogue } from '../app/catalogue.js';
import { defaultCatalogueDir } from '../core/paths.js';
import { findResourcesDir } from '../core/resources.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when stderr is a terminal, so progress may be drawn. */
  interactive: boolean;
}

export interface Session {
  client: RatioClient;
  catalogue: Catalogue;
  handlers: HandlerTable;
}

/** Opens the catalogue named by --catalogue, RATIO_CATALOGUE or the per-user default. */
export function openSession(
  dirOption: string | undefined,
  io: CliIo,
  create: boolean,
  progress?: (event: ProgressEvent) => void,
  options: { reindexInBackground?: boolean } = {},
): Session {
  const dir = dirOption ?? io.env.RATIO_CATALOGUE ?? defaultCatalogueDir(io.env);
  let actor: string | null = null;
  try {
    actor = io.env.USER ?? io.env.USERNAME ?? os.userInfo().username;
  } catch {
    actor = null;
  }
  const catalogue = Catalogue.open(dir, { create, actor });
  const handlers = createHandlers(catalogue, {
    resourcesDir: findResourcesDir,
    progress: progress ?? (io.interactive ? terminalProgress(io) : undefined),
    reindexInBackground: options.reindexInBackground,
  });
  return { client: createLocalClient(handlers), catalogue, handlers };
}

/** What every command module gets: output, the lazily opened catalogue, and id lookup. */
export interface CommandContext {
  io: CliIo;
  json: () => boolean;
  /** Prints JSON with --json, otherwise the human text. */
  print: (value: unknown, human: () => string) => void;
  /** The API client; `create` opens (or creates) the catalogue for a write. */
  client: (create: boolean) => RatioClient;
  /** `reindexInBackground`: for a long-running session (`ratio serve`), see HandlerEnvironment. */
  session: (create: boolean, progress?: (event: ProgressEvent) => void, options?: { reindexInBackground?: boolean }) => Session;
  /** Full ids pass through; a shorter prefix is resolved so people can type the first characters. */
  entryId: (client: RatioClient, ref: string) => Promise<string>;
}

/** Redraws one status line on stderr, at most ten times a second, and clears it when done. */
function terminalProgress(io: CliIo): (event: ProgressEvent) => void {
  let last = 0;
  return (event) => {
    const now = Date.now();
    const finished = event.done >= event.total;
    if (!finished && now - last < 100) return;
    last = now;
    const percent = event.total > 0 ? Math.floor((event.done / event.total) * 100) : 100;
    io.stderr(`\r${event.task}: ${event.done}/${event.total} (${percent} %)\x1b[K${finished ? '\r\x1b[K' : ''}`);
  };
}

import type { Command } from 'commander';
import path from 'node:path';
import { RatioError } from '../../../shared/errors.js';
import type { ProgressEvent } from '../../api/handlers/index.js';
import { findResourcesDir } from '../../core/resources.js';
import { startHost } from '../../host/server.js';
import type { CommandContext } from '../context.js';
import { line } from '../terminal-text.js';

/** dist/renderer beside resources/: where `vite build` puts the app. */
function rendererDir(): string {
  return path.join(path.dirname(findResourcesDir()), 'dist', 'renderer');
}

/** `ratio serve`: the loopback browser host for development and end-to-end tests. */
export function registerServeCommand(program: Command, { io, session }: CommandContext): void {
  program
    .command('serve')
    .description('serve the app to a browser on this machine (build it first: npx vite build)')
    .option('--port <port>', 'port (default: any free port)', '0')
    .option('--host <host>', 'address to bind; only loopback is safe', '127.0.0.1')
    .action(async (opts: { port: string; host: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RatioError('INVALID_INPUT', `--port must be a port number, not "${opts.port}".`);
      let forward: (event: ProgressEvent) => void = () => undefined;
      // Long-running like the desktop app: a re-index runs between requests instead of holding the first search.
      const opened = session(true, (event) => forward(event), { reindexInBackground: true });
      const dir = rendererDir();
      const host = await startHost({
        handlers: opened.handlers,
        rendererDir: dir,
        attachment: (sha) => opened.catalogue.attachmentFile(sha),
        filesDir: opened.catalogue.dir,
        host: opts.host,
        port,
      });
      forward = host.progress;
      // The browser app attaches files as the desktop app does: they are read in the background.
      opened.catalogue.extraction.startInBackground();
      if (!['127.0.0.1', '::1', 'localhost'].includes(opts.host)) {
        io.stderr(`ratio: warning: serving on ${opts.host}, reachable from other machines; the token is the only protection.\n`);
      }
      io.stdout(`Ratio is serving ${line(opened.catalogue.dir)}\nOpen ${host.url}\n`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          void host.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

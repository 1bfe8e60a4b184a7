import fs from 'node:fs';
import path from 'node:path';
import type { OperationName } from '../../shared/contract/index.js';
import { RatioError } from '../../shared/errors.js';
import type { HandlerTable } from '../api/handlers/index.js';
import { parsePublicKey } from '../exchange/keys.js';

/**
 * The desktop app hands the core paths a person chose in a native dialog; a browser page
 * cannot, so everything it names must be a file it uploaded (incoming/) or a place the host
 * gave it to export to (exports/). Anyone holding the token could otherwise read or
 * overwrite any file the host's user can. The CLI and the desktop app are not confined.
 *
 * Every request field that is a local path (LocalPath in shared/schemas/exchange.ts, and
 * the trust source, which may be a file), with what the operation does with it.
 */
type Use = 'read' | 'write' | 'key-or-read';
export const HOST_PATH_FIELDS: Partial<Record<OperationName, Readonly<Record<string, Use>>>> = {
  'exchange.trust': { source: 'key-or-read' },
  'exchange.export': { out: 'write' },
  'exchange.previewImport': { file: 'read' },
  'exchange.import': { file: 'read' },
  'exchange.exportCsv': { out: 'write' },
  'exchange.importCsv': { path: 'read' },
  'exchange.exportMarkdown': { dir: 'write' },
  'exchange.importMarkdown': { path: 'read' },
  'exchange.bundleEntry': { file: 'read' },
  'thesaurus.import': { path: 'read' },
};

export interface HostFolders {
  /** Where uploads land: the only folder calls may read from. */
  incoming: string;
  /** Where exports go and downloads come from: the only folder calls may write to. */
  exports: string;
}

/** True when `target` is strictly below `folder` (both absolute and resolved). */
function below(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/** The real path of `target`, or of its nearest existing ancestor joined with the rest when it does not exist yet. */
function realPath(target: string): string {
  for (let current = target; ;) {
    try {
      return path.join(fs.realpathSync(current), path.relative(current, target));
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return target;
      current = parent;
    }
  }
}

export class PathConfinement {
  private readonly incoming: string;
  private readonly exports: string;

  constructor(folders: HostFolders | undefined) {
    // Without folders (a host that moves no files) every path is refused: the safe default.
    this.incoming = folders ? path.resolve(folders.incoming) : '';
    this.exports = folders ? path.resolve(folders.exports) : '';
  }

  private refuse(given: string, use: 'read' | 'write'): RatioError {
    if (this.incoming === '') return new RatioError('FORBIDDEN', 'This browser host reads and writes no files.');
    return new RatioError(
      'FORBIDDEN',
      use === 'read'
        ? `The browser host reads only files uploaded to it; "${given}" is not one.`
        : `The browser host writes only into its exports folder; "${given}" is outside it.`,
    );
  }

  /**
   * Throws FORBIDDEN unless `given` lies below the folder for `use`, also once links are
   * followed. The lexical check comes first and does not touch the file system, so the
   * answer for a path outside says nothing about whether it exists.
   */
  check(given: string, use: 'read' | 'write'): void {
    if (this.incoming === '') throw this.refuse(given, use);
    const folder = use === 'read' ? this.incoming : this.exports;
    const target = path.resolve(given);
    if (!below(folder, target)) throw this.refuse(given, use);
    fs.mkdirSync(folder, { recursive: true });
    const realFolder = fs.realpathSync(folder);
    if (!below(realFolder, realPath(target))) throw this.refuse(given, use);
  }

  /** A trust source is key text, or else a file that must have been uploaded. */
  checkKeySource(given: string): void {
    try {
      parsePublicKey(given);
      return;
    } catch {
      this.check(given, 'read');
    }
  }

  /** The handler table with every path-taking operation checking its paths first. */
  wrap(handlers: HandlerTable): HandlerTable {
    const wrapped: Record<string, unknown> = { ...handlers };
    for (const [op, fields] of Object.entries(HOST_PATH_FIELDS)) {
      const original = handlers[op as OperationName] as (request: Record<string, unknown>) => unknown;
      wrapped[op] = (request: Record<string, unknown>): unknown => {
        for (const [field, use] of Object.entries(fields)) {
          const value = request[field];
          if (typeof value !== 'string') continue;
          if (use === 'key-or-read') this.checkKeySource(value);
          else this.check(value, use);
        }
        return original(request);
      };
    }
    return wrapped as HandlerTable;
  }
}

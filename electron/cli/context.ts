import os from 'node:os';
import type { RatioClient } from '../../shared/client.js';
import { createHandlers } from '../api/handlers.js';
import { createLocalClient } from '../api/local-client.js';
import { Catalogue } from '../core/catalogue.js';
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
}

/** Opens the catalogue named by --catalogue, RATIO_CATALOGUE or the per-user default. */
export function openSession(dirOption: string | undefined, io: CliIo, create: boolean): Session {
  const dir = dirOption ?? io.env.RATIO_CATALOGUE ?? defaultCatalogueDir(io.env);
  let actor: string | null = null;
  try {
    actor = io.env.USER ?? io.env.USERNAME ?? os.userInfo().username;
  } catch {
    actor = null;
  }
  const catalogue = Catalogue.open(dir, { create, actor });
  const handlers = createHandlers(catalogue, { resourcesDir: findResourcesDir });
  return { client: createLocalClient(handlers), catalogue };
}

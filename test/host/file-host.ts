import fs from 'node:fs';
import path from 'node:path';
import { createHandlers } from '../../electron/api/handlers/index.js';
import { findResourcesDir } from '../../electron/core/resources.js';
import { startHost, type RunningHost } from '../../electron/host/server.js';
import { tempDir, type TestCatalogue } from '../helpers.js';

/** A browser host over a test catalogue that moves files (uploads, exports), with a stub page: what the file-transfer suites need. */
export async function startFileHost(t: TestCatalogue): Promise<{ host: RunningHost; base: string }> {
  const rendererDir = tempDir();
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Ratio</title>');
  const host = await startHost({
    handlers: createHandlers(t.catalogue, { resourcesDir: findResourcesDir }),
    rendererDir,
    attachment: () => undefined,
    filesDir: t.dir,
  });
  return { host, base: `http://127.0.0.1:${host.port}` };
}

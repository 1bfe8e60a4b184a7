import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Finds the project's resources/ folder by walking up from this module, which works from
 * source (tsx), from the bundle in dist/, and inside a packaged app (where the shell may
 * also name it through RATIO_RESOURCES).
 */
export function findResourcesDir(): string {
  const fromEnv = process.env.RATIO_RESOURCES;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, 'demo', 'catalogue.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Ratio cannot find its resources folder.');
    dir = parent;
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { lookup as lookupMediaType } from 'mime-types';

export interface StaticFile {
  file: string;
  mediaType: string;
}

/**
 * The built renderer as a fixed map of URL path → file, read once at start. Serving only
 * names found here means no request path is ever joined onto the file system.
 */
export function indexStaticFiles(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && !entry.name.endsWith('.map')) {
        const urlPath = `/${path.relative(root, full).split(path.sep).join('/')}`;
        files.set(urlPath, { file: full, mediaType: lookupMediaType(entry.name) || 'application/octet-stream' });
      }
    }
  };
  walk(root);
  return files;
}

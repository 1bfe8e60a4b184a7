import fs from 'node:fs';
import path from 'node:path';

const BUNDLE_EXTENSION = /\.ratio$/i;

/**
 * The `.ratio` files among a launch's arguments (a file association on Windows and Linux
 * starts the app with the file's path; a second launch hands its argv to the first).
 * Flags and everything that is not an existing .ratio file are ignored.
 */
export function bundlePathsFromArgv(argv: readonly string[], workingDirectory: string): string[] {
  const found: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !BUNDLE_EXTENSION.test(arg)) continue;
    const file = path.resolve(workingDirectory, arg);
    try {
      if (fs.statSync(file).isFile()) found.push(file);
    } catch {
      // not a file we can open; a stale or mistyped argument
    }
  }
  return found;
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Where SQL may be written: the core's repositories and services, and the search layer's own
 * index tables. The composition root hands the core's database to the search engine it makes.
 */
const SQL_HOMES = ['electron/core/', 'electron/search/', 'electron/app/catalogue.ts'];
/** A statement prepared or run, a pragma, a backup, or the database handle itself taken off a catalogue. */
const SQL_USE = /\.prepare\(|\.pragma\(|\bdb\.exec\(|\.backup\(|catalogue\.db\b|\bthis\.db\b/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return sources(full);
    return d.name.endsWith('.ts') ? [full] : [];
  });
}

describe('SQL stays in its layer', () => {
  it('is written only in electron/core and electron/search: handlers, exchange, transports and the shell call methods', () => {
    const outside = sources('electron')
      .map((file) => file.split(path.sep).join('/'))
      .filter((file) => !SQL_HOMES.some((home) => file.startsWith(home)))
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .map((text, i) => ({ where: `${file}:${i + 1}`, text }))
          .filter(({ text }) => SQL_USE.test(text) && !/^\s*(\/\/|\*)/.test(text)),
      )
      .map(({ where, text }) => `${where}: ${text.trim()}`);
    expect(outside).toEqual([]);
  });
});

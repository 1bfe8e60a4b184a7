import fs from 'node:fs';
import path from 'node:path';
import { LIST_FIELDS } from '../../shared/domain.js';
import { RatioError } from '../../shared/errors.js';
import type { Catalogue } from '../app/catalogue.js';
import { parseCsv, writeCsv } from './csv.js';
import type { ConflictChoice } from '../../shared/schemas/exchange.js';
import { FLAT_FIELDS, runFlatImport, type FlatImportReport } from './flat-import.js';
import { parseUntrustedJson } from './safe-json.js';
import { selectEntryIds, type Selection } from './selection.js';

/** Columns, in order; CSV.md documents them. List columns hold a JSON array of strings. */
export const CSV_COLUMNS: readonly string[] = ['id', ...FLAT_FIELDS, 'created_at'];
const LIST_COLUMNS: ReadonlySet<string> = new Set(LIST_FIELDS);
const MAX_CSV_BYTES = 512 * 1024 * 1024;

export function exportCsv(catalogue: Catalogue, out: string, selection: Selection): { path: string; entries: number; attachments: number } {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const id of selectEntryIds(catalogue, selection)) {
    const e = catalogue.entryRepo.get(id);
    rows.push([
      e.id,
      e.kind,
      e.title,
      e.summary,
      e.body,
      e.status,
      e.language,
      e.enterprise?.name ?? '',
      e.registration,
      JSON.stringify(e.authors),
      JSON.stringify(e.tags),
      JSON.stringify(e.classification),
      e.createdAt,
    ]);
  }
  const file = path.resolve(out);
  try {
    fs.writeFileSync(file, writeCsv(rows), 'utf8');
  } catch (error) {
    throw new RatioError('FILE_ERROR', `Cannot write ${file} (${error instanceof Error ? error.message : String(error)}).`);
  }
  return { path: file, entries: rows.length - 1, attachments: 0 };
}

function listCell(value: string, where: string): string[] {
  if (value.trim() === '') return [];
  const refused = (): RatioError => new RatioError('INVALID_INPUT', `${where} must be a JSON array of text, like ["a", "b"].`);
  let parsed: unknown;
  try {
    parsed = parseUntrustedJson(Buffer.from(value, 'utf8'), where, 2);
  } catch (error) {
    // The JSON reader speaks of bundles; a CSV cell is bad input, not a refused bundle.
    if (error instanceof RatioError) throw refused();
    throw error;
  }
  if (!Array.isArray(parsed) || !parsed.every((v) => typeof v === 'string')) throw refused();
  return parsed;
}

/**
 * Creates entries from a CSV with a header row, all rows in one transaction. A row whose id
 * exists here with other content (or was deleted here) is a conflict, decided by `onConflict`.
 */
export function importCsv(catalogue: Catalogue, file: string, onConflict: ConflictChoice = 'keep-local'): FlatImportReport {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_CSV_BYTES) throw new RatioError('INVALID_INPUT', `${file} is larger than ${MAX_CSV_BYTES} bytes.`);
    text = new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
  } catch (error) {
    if (error instanceof RatioError) throw error;
    throw new RatioError('FILE_ERROR', `Cannot read ${file} as UTF-8 text.`);
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new RatioError('INVALID_INPUT', `${file} is empty.`);
  // Named by position, never by their text: the header is the file's first line, and an error must not echo a file's contents.
  const unknown = header.flatMap((h, i) => (CSV_COLUMNS.includes(h) ? [] : [i + 1]));
  if (unknown.length > 0) {
    throw new RatioError(
      'INVALID_INPUT',
      `${file}: header column ${unknown.slice(0, 5).join(', ')} is not a known column; known columns are ${CSV_COLUMNS.join(', ')}.`,
    );
  }
  if (!header.includes('title') || !header.includes('kind')) throw new RatioError('INVALID_INPUT', `${file}: the header needs at least "title" and "kind".`);
  const name = path.basename(file);
  return runFlatImport(catalogue, onConflict, (importer) => {
    rows.forEach((row, index) => {
      if (row.length === 1 && row[0] === '') return; // a blank line
      const where = `${name} row ${index + 2}`;
      if (row.length !== header.length) throw new RatioError('INVALID_INPUT', `${where} has ${row.length} fields; the header has ${header.length}.`);
      const input: Record<string, unknown> = {};
      header.forEach((column, i) => {
        const value = row[i] as string;
        if (column === 'created_at') {
          if (value !== '') input.createdAt = value;
        } else if (column === 'enterprise') input.enterprise = value.trim() === '' ? null : value;
        else if (LIST_COLUMNS.has(column)) input[column] = listCell(value, `${where} column ${column}`);
        else if (column !== 'id' || value !== '') input[column] = value;
      });
      importer.row(input, where, `csv:${name}`);
    });
  });
}

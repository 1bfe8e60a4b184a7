import { RatioError } from '../../shared/errors.js';

/** Excel and LibreOffice read a UTF-8 CSV as UTF-8 only when it starts with this mark. */
export const BOM = '\uFEFF';

/**
 * Spreadsheets run a cell that starts with = + - @, a tab or a carriage return as a formula
 * (=HYPERLINK(...) can send the sheet's data away). As OWASP advises, such a cell is written
 * behind a single quote. So that the escape can be undone exactly, a cell that already starts
 * with quotes before one of those characters gets one more quote too.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEUTRALISED = /^'+[=+\-@\t\r]/;

/** The text as written to a CSV file: safe to open in a spreadsheet. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The inverse of neutraliseFormula: the text a cell held before it was written. */
export function restoreFormula(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** One RFC 4180 field: quoted when it holds a quote, comma, line break or edge spaces; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 text: CRLF after every record, UTF-8 BOM in front, every cell neutralised. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((row) => `${row.map((cell) => csvField(neutraliseFormula(cell))).join(',')}\r\n`).join('');
}

/**
 * Parses RFC 4180 text (a leading BOM, CRLF or LF line ends, quoted fields with doubled
 * quotes and embedded line breaks) and restores cells writeCsv neutralised. Refuses an
 * unterminated quote or a quote inside an unquoted field instead of guessing.
 */
export function parseCsv(input: string): string[][] {
  return parseCsvText(input).map((row) => row.map(restoreFormula));
}

/** The fields exactly as the file has them, quote prefixes included. */
export function parseCsvText(input: string): string[][] {
  const text = input.startsWith(BOM) ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  let line = 1;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          quoted = false;
          const next = text[i + 1];
          if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
            throw new RatioError('INVALID_INPUT', `CSV line ${line}: text after a closing quote.`);
          }
        }
      } else {
        if (c === '\n') line += 1;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted) throw new RatioError('INVALID_INPUT', `CSV line ${line}: a quote inside an unquoted field.`);
      quoted = true;
      fieldStarted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      line += 1;
    } else {
      field += c;
      fieldStarted = true;
    }
  }
  if (quoted) throw new RatioError('INVALID_INPUT', `CSV line ${line}: a quoted field is never closed.`);
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

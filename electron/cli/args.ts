import fs from 'node:fs';
import path from 'node:path';
import { RatioError } from '../../shared/errors.js';

/** Reads a file named on the command line, relative to the working folder. */
export function readFileArg(file: string, cwd: string): Buffer {
  const full = path.resolve(cwd, file);
  try {
    return fs.readFileSync(full);
  } catch (error) {
    const reason = error && typeof error === 'object' && 'code' in error ? String(error.code) : 'unreadable';
    throw new RatioError('FILE_ERROR', `Cannot read ${file} (${reason}).`);
  }
}

/** Parses a numeric option; absent gives null, anything not a finite number is refused by name. */
export function numberArg(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new RatioError('INVALID_INPUT', `--${name} must be a number, not "${value}".`);
  return n;
}

import type { Database } from 'better-sqlite3';
import { RatioError } from '../../../shared/errors.js';
import { PAGE_SIZE } from './open.js';

export interface CompactResult {
  bytesBefore: number;
  bytesAfter: number;
  pageSizeBefore: number;
  pageSize: number;
}

const fileBytes = (db: Database): number => (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);

/**
 * Rewrites the catalogue file without its free pages (a re-index leaves the old postings'
 * pages free: 332 MB of a 1,210 MB file at 100,000 synthetic entries), in 16 KB pages. SQLite
 * changes the page size only outside WAL mode, and leaving WAL needs the only connection, so
 * while another program has the catalogue open this refuses and leaves it as it was. The file
 * comes out with incremental auto-vacuum on, as new catalogues are made.
 */
export function compactCatalogue(db: Database): CompactResult {
  if (db.inTransaction) throw new RatioError('INTERNAL', 'A catalogue cannot be compacted inside a transaction.');
  const pageSizeBefore = db.pragma('page_size', { simple: true }) as number;
  const bytesBefore = fileBytes(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const busy = (): RatioError => new RatioError('CATALOGUE_BUSY', 'Another program has this catalogue open; close it (the Ratio app too) and compact again.');
  let mode: string;
  try {
    mode = db.pragma('journal_mode = DELETE', { simple: true }) as string;
  } catch (error) {
    if (/^SQLITE_(BUSY|LOCKED)/.test((error as { code?: string }).code ?? '')) throw busy();
    throw error;
  }
  if (mode !== 'delete') throw busy();
  try {
    db.pragma(`page_size = ${PAGE_SIZE}`);
    // As a new catalogue has it (open.ts): later re-indexes then give their free pages back themselves.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.exec('VACUUM');
  } finally {
    db.pragma('journal_mode = WAL');
  }
  return { bytesBefore, bytesAfter: fileBytes(db), pageSizeBefore, pageSize: db.pragma('page_size', { simple: true }) as number };
}

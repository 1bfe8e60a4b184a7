import type { Catalogue } from '../core/catalogue.js';
import type { EntryRecord } from './records.js';

export type EntryClass = 'new' | 'identical' | 'newer' | 'older' | 'conflict';

export interface Classified {
  record: EntryRecord;
  class: EntryClass;
  /** The local entry the record is compared with: its own id, or the variant kept for it earlier. */
  targetId: string;
  /** The local entry exists only as history (it was deleted here). */
  deletedLocally: boolean;
  /** For 'newer': index in the incoming history of the last revision the local entry already has. */
  baseIndex: number;
}

interface LocalRevision {
  content_hash: string;
  action: string;
  changed: string;
}

const MAPPING_FIELDS = new Set(['tags', 'enterprise']);

/**
 * Hashes that stand for the local entry's current state: its last revision, and any
 * earlier one followed only by 'import' revisions that changed nothing but tags or the
 * enterprise — those record how an incoming state was mapped onto local vocabulary, so
 * the incoming state still counts as what we have.
 */
function currentEquivalents(rows: readonly LocalRevision[]): Set<string> {
  const out = new Set<string>();
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i] as LocalRevision;
    out.add(row.content_hash);
    const changed = JSON.parse(row.changed) as string[];
    if (row.action !== 'import' || !changed.every((f) => MAPPING_FIELDS.has(f))) break;
  }
  return out;
}

/**
 * Compares each incoming record with the local catalogue by revision hashes:
 * new (no local entry), identical (same current state), newer (incoming history contains
 * our current state), older (our history contains the incoming state), conflict (both
 * changed since their common revision, or deleted here and changed there).
 */
export function classify(catalogue: Catalogue, records: readonly EntryRecord[]): Classified[] {
  const variantOf = catalogue.db.prepare('SELECT variant_id FROM variants WHERE incoming_id = ?').pluck();
  const revisions = catalogue.db.prepare('SELECT content_hash, action, changed FROM revisions WHERE entry_id = ? ORDER BY number');
  return records.map((record) => {
    const targetId = (variantOf.get(record.id) as string | undefined) ?? record.id;
    const rows = revisions.all(targetId) as LocalRevision[];
    const incoming = record.history.at(-1)?.contentHash ?? '';
    const base = { record, targetId, deletedLocally: false, baseIndex: -1 };
    if (rows.length === 0) return { ...base, class: 'new' };
    const localHashes = new Set(rows.map((r) => r.content_hash));
    if (!catalogue.entryRepo.exists(targetId)) {
      return { ...base, deletedLocally: true, class: localHashes.has(incoming) ? 'older' : 'conflict' };
    }
    const equivalents = currentEquivalents(rows);
    if (equivalents.has(incoming)) return { ...base, class: 'identical' };
    for (let i = record.history.length - 1; i >= 0; i -= 1) {
      if (equivalents.has((record.history[i] as EntryRecord['history'][number]).contentHash)) return { ...base, class: 'newer', baseIndex: i };
    }
    if (localHashes.has(incoming)) return { ...base, class: 'older' };
    return { ...base, class: 'conflict' };
  });
}

import type { ConflictReason, EntryClass } from '../../shared/schemas/exchange.js';
import type { Catalogue } from '../app/catalogue.js';
import type { RevisionLineage } from '../core/repos/revisions.js';
import type { EntryRecord } from './records.js';

export type { ConflictReason, EntryClass };

export interface Classified {
  class: EntryClass;
  /**
   * Why a record is a conflict: both sides changed it since their common revision, it was
   * deleted here and changed there, or it would update an entry whose origin is not the
   * signer (made here, or brought by another enterprise's bundle).
   */
  reason: ConflictReason | null;
  /** The local entry the record is compared with: its own id, or the variant kept for it earlier. */
  targetId: string;
  /** The local entry exists only as history (it was deleted here). */
  deletedLocally: boolean;
  /** For 'newer': index in the incoming history of the last revision the local entry already has. */
  baseIndex: number;
}

const MAPPING_FIELDS = new Set(['tags', 'enterprise']);

/**
 * Hashes that stand for the local entry's current state: its last revision, and any
 * earlier one followed only by this catalogue's own 'import' revisions that changed nothing
 * but tags or the enterprise — those record how an incoming state was mapped onto local
 * vocabulary, so the incoming state still counts as what we have.
 */
function currentEquivalents(rows: readonly RevisionLineage[]): Set<string> {
  const out = new Set<string>();
  for (let i = rows.length - 1; i >= 0; i -= 1) {
    const row = rows[i] as RevisionLineage;
    out.add(row.content_hash);
    const changed = JSON.parse(row.changed) as string[];
    if (row.action !== 'import' || row.source_id !== null || !changed.every((f) => MAPPING_FIELDS.has(f))) break;
  }
  return out;
}

/**
 * Compares incoming records with the local catalogue by revision hashes: new (no local
 * entry), identical (same current state), newer (incoming history contains our current
 * state), older (our history contains the incoming state), conflict (both changed since
 * their common revision, deleted here and changed there, or newer but from an enterprise
 * that is not the entry's origin). Made once per import; classifies one record at a time.
 */
export class Classifier {
  /** `signerId`: the local enterprise that signed the bundle (undefined for a signer not registered yet). */
  constructor(
    private readonly catalogue: Catalogue,
    private readonly signerId: string | undefined,
  ) {}

  /** Whether the signer is where the local entry came from (an entry made here has no origin row). */
  private fromSigner(targetId: string): boolean {
    return this.signerId !== undefined && this.catalogue.ledger.originOf(targetId) === this.signerId;
  }

  classify(record: EntryRecord): Classified {
    const targetId = this.catalogue.ledger.variantOf(record.id) ?? record.id;
    const rows = this.catalogue.revisionRepo.lineageOf(targetId);
    const incoming = record.history.at(-1)?.contentHash ?? '';
    const base = { targetId, deletedLocally: false, baseIndex: -1, reason: null };
    if (rows.length === 0) return { ...base, class: 'new' };
    const localHashes = new Set(rows.map((r) => r.content_hash));
    if (!this.catalogue.entryRepo.exists(targetId)) {
      return localHashes.has(incoming)
        ? { ...base, deletedLocally: true, class: 'older' }
        : { ...base, deletedLocally: true, class: 'conflict', reason: 'deleted-here' };
    }
    const equivalents = currentEquivalents(rows);
    if (equivalents.has(incoming)) return { ...base, class: 'identical' };
    for (let i = record.history.length - 1; i >= 0; i -= 1) {
      if (equivalents.has((record.history[i] as EntryRecord['history'][number]).contentHash)) {
        // Only the enterprise an entry came from updates it without the person deciding.
        return this.fromSigner(targetId) ? { ...base, class: 'newer', baseIndex: i } : { ...base, class: 'conflict', reason: 'not-theirs', baseIndex: i };
      }
    }
    if (localHashes.has(incoming)) return { ...base, class: 'older' };
    return { ...base, class: 'conflict', reason: 'diverged' };
  }
}

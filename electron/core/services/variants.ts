import type { Database } from 'better-sqlite3';
import type { CatalogueCore } from '../catalogue.js';

/**
 * What keep-both imports recorded about an entry: an incoming entry kept beside a
 * conflicting local one lives under a new id (the variant) and names the local entry's id
 * as its incoming id (the variants table); the local entry is the variant's sibling.
 */
export function variantsOf(
  catalogue: CatalogueCore,
  id: string,
): { variantOf: { id: string; title: string } | null; variants: { id: string; title: string }[] } {
  const { db } = catalogue;
  const sibling = db.prepare('SELECT e.id, e.title FROM variants v JOIN entries e ON e.id = v.incoming_id WHERE v.variant_id = ?').get(id) as
    { id: string; title: string } | undefined;
  const variants = db
    .prepare('SELECT e.id, e.title FROM variants v JOIN entries e ON e.id = v.variant_id WHERE v.incoming_id = ? ORDER BY v.created_at, e.id')
    .all(id) as { id: string; title: string }[];
  return { variantOf: sibling ?? null, variants };
}

/** Which of these entries are keep-both variants, with the id of the local entry each was kept beside. */
export function variantSiblings(db: Database, ids: readonly string[]): Map<string, string> {
  if (ids.length === 0) return new Map();
  const rows = db
    .prepare('SELECT variant_id, incoming_id FROM variants WHERE variant_id IN (SELECT value FROM json_each(?))')
    .raw()
    .all(JSON.stringify(ids)) as [string, string][];
  return new Map(rows);
}

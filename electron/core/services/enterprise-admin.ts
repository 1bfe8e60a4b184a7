import { RatioError } from '../../../shared/errors.js';
import type { CatalogueCore } from '../catalogue.js';
import { newId, nowIso } from '../ids.js';

/** The settings key naming this catalogue's own enterprise (the exchange's SELF_SETTING; a test keeps them equal). */
export const OWN_ENTERPRISE_SETTING = 'exchange.selfEnterpriseId';

/** The name an export gives the catalogue's enterprise when nobody has named it. */
const PLACEHOLDER = /^Enterprise [0-9a-f]{8}$/;

export function ownEnterpriseId(catalogue: CatalogueCore): string | null {
  const id = catalogue.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(OWN_ENTERPRISE_SETTING) as string | undefined;
  return id !== undefined && catalogue.enterprises.find(id) === id ? id : null;
}

export function ownEnterprise(catalogue: CatalogueCore): { id: string; name: string; named: boolean } | null {
  const id = ownEnterpriseId(catalogue);
  if (id === null) return null;
  const { name } = catalogue.enterprises.get(id);
  return { id, name, named: !(PLACEHOLDER.test(name) && name.endsWith(id.slice(-8))) };
}

/**
 * Names this catalogue's own enterprise. Once it exists it is renamed (its id, which signs
 * bundles, stays). Before, an enterprise of that name the librarian's entries already use
 * becomes it, unless it is a partner with a signing key of its own; otherwise it is made.
 */
export function nameOwnEnterprise(catalogue: CatalogueCore, name: string): { id: string; name: string; named: boolean } {
  return catalogue.transaction(() => {
    const current = ownEnterpriseId(catalogue);
    if (current !== null) {
      catalogue.enterprises.update(current, { name });
    } else {
      const existing = catalogue.enterprises.find(name);
      if (existing !== undefined && catalogue.enterprises.get(existing).publicKey !== null) {
        const partner = catalogue.enterprises.get(existing).name;
        throw new RatioError('CONFLICT', `"${partner}" is a partner with its own signing key; give this catalogue's enterprise another name.`, {
          key: 'core.ownNameIsPartner',
          params: { name: partner },
        });
      }
      const id = existing ?? catalogue.enterprises.create({ id: newId(), name, place: '', industry: '' }).id;
      catalogue.db
        .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(OWN_ENTERPRISE_SETTING, id);
    }
    return ownEnterprise(catalogue) as { id: string; name: string; named: boolean };
  });
}

/** What still names an enterprise, as counts (the interface says them in its language); a delete is refused while any is above zero. */
function references(catalogue: CatalogueCore, id: string): { words: string[]; counts: Record<string, number> } {
  const { db } = catalogue;
  const count = (sql: string): number => db.prepare(sql).pluck().get(id) as number;
  const counts = {
    entries: count('SELECT count(*) FROM entries WHERE enterprise_id = ?'),
    adoptions: count('SELECT count(*) FROM adoptions WHERE enterprise_id = ?'),
    trashedAdoptions: catalogue.trash?.adoptionsOf(id) ?? 0,
    received: count('SELECT count(*) FROM bundles WHERE producer_id = ?'),
    sent: count('SELECT count(*) FROM exports WHERE recipient_id = ?'),
    key: count('SELECT count(*) FROM enterprises WHERE id = ? AND public_key IS NOT NULL'),
  };
  const words: string[] = [];
  const say = (n: number, one: string, many: string): void => {
    if (n > 0) words.push(n === 1 ? `1 ${one}` : `${n} ${many}`);
  };
  say(counts.entries, 'entry comes from it', 'entries come from it');
  say(counts.adoptions, 'adoption names it', 'adoptions name it');
  say(counts.trashedAdoptions, 'adoption of an entry in the trash names it', 'adoptions of entries in the trash name it');
  say(counts.received, 'bundle was received from it', 'bundles were received from it');
  say(counts.sent, 'bundle was sent to it', 'bundles were sent to it');
  if (counts.key > 0) words.push('its signing key is registered');
  return { words, counts };
}

/** Deletes an enterprise nothing refers to; otherwise says what still does. */
export function deleteEnterprise(catalogue: CatalogueCore, ref: string): void {
  catalogue.transaction(() => {
    const id = catalogue.enterprises.require(ref);
    const { name } = catalogue.enterprises.get(id);
    if (id === ownEnterpriseId(catalogue)) {
      throw new RatioError('CONFLICT', `"${name}" is this catalogue's own enterprise; it cannot be deleted.`, {
        key: 'core.enterpriseIsOwn',
        params: { name },
      });
    }
    const { words, counts } = references(catalogue, id);
    if (words.length > 0) {
      throw new RatioError('CONFLICT', `"${name}" cannot be deleted: ${words.join(', ')}. Merge it into another enterprise instead.`, {
        key: 'core.enterpriseInUse',
        params: { name, ...counts },
      });
    }
    catalogue.db.prepare('DELETE FROM enterprises WHERE id = ?').run(id);
  });
}

export interface EnterpriseMergeOutcome {
  into: { id: string; name: string };
  entries: number;
  adoptions: number;
  bundles: number;
  exports: number;
  keyMoved: boolean;
}

/**
 * Merges enterprise `from` into `into` in one transaction: entries (each with a revision,
 * since an entry's enterprise is part of its recorded state), adoptions, bundles received,
 * exports sent and what each partner was sent move to `into`, and `from` is deleted.
 *
 * Keys stay truthful: an enterprise has one signing key, so two enterprises that both have
 * one are not merged (revoke the wrong one first); a key only `from` has moves to `into`,
 * since they are now the same enterprise. This catalogue's own enterprise can take another
 * in, but is never merged away: its id names its signing key. Names recorded in history
 * (bundles' producer names, revisions) stay as they were written.
 */
export function mergeEnterprises(catalogue: CatalogueCore, fromRef: string, intoRef: string): EnterpriseMergeOutcome {
  return catalogue.transaction(() => {
    const fromId = catalogue.enterprises.require(fromRef);
    const intoId = catalogue.enterprises.require(intoRef);
    const from = catalogue.enterprises.get(fromId);
    const into = catalogue.enterprises.get(intoId);
    if (fromId === intoId) throw new RatioError('INVALID_INPUT', 'An enterprise cannot be merged into itself.', { key: 'core.enterpriseIntoItself' });
    const names = { from: from.name, into: into.name };
    if (fromId === ownEnterpriseId(catalogue)) {
      throw new RatioError('CONFLICT', `"${from.name}" is this catalogue's own enterprise and signs its bundles; merge "${into.name}" into it instead.`, {
        key: 'core.enterpriseOwnMerge',
        params: names,
      });
    }
    if (from.publicKey !== null && into.publicKey !== null) {
      throw new RatioError(
        'CONFLICT',
        `"${from.name}" and "${into.name}" both have a registered signing key; an enterprise has one key, so revoke the wrong one before merging.`,
        {
          key: 'core.enterpriseBothKeys',
          params: names,
        },
      );
    }
    const { db } = catalogue;
    const entryIds = db.prepare('SELECT id FROM entries WHERE enterprise_id = ? ORDER BY created_at, id').pluck().all(fromId) as string[];
    const move = (): void => {
      for (const id of entryIds) catalogue.entryService.update(id, { enterprise: into.name });
    };
    if (catalogue.searchIndexer) catalogue.searchIndexer.deferring(move);
    else move();
    const adoptions = db.prepare('UPDATE adoptions SET enterprise_id = ? WHERE enterprise_id = ?').run(intoId, fromId).changes;
    catalogue.trash?.repointEnterprise(fromId, { id: intoId, name: into.name });
    const bundles = db.prepare('UPDATE bundles SET producer_id = ? WHERE producer_id = ?').run(intoId, fromId).changes;
    const exports = db.prepare('UPDATE exports SET recipient_id = ? WHERE recipient_id = ?').run(intoId, fromId).changes;
    // What `into` was sent stands; what only `from` was sent becomes `into`'s.
    db.prepare(
      `INSERT OR IGNORE INTO exported_entries (recipient_id, entry_id, record_hash, bundle_id)
       SELECT ?, entry_id, record_hash, bundle_id FROM exported_entries WHERE recipient_id = ?`,
    ).run(intoId, fromId);
    db.prepare('DELETE FROM exported_entries WHERE recipient_id = ?').run(fromId);
    let keyMoved = false;
    const key = from.publicKey;
    db.prepare('DELETE FROM enterprises WHERE id = ?').run(fromId);
    if (key !== null) {
      db.prepare('UPDATE enterprises SET public_key = ?, updated_at = ? WHERE id = ?').run(key, nowIso(), intoId);
      keyMoved = true;
    }
    return { into: { id: intoId, name: into.name }, entries: entryIds.length, adoptions, bundles, exports, keyMoved };
  });
}

import type { Database } from 'better-sqlite3';
import type { LinkType } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { TrashedEntry, TrashItem } from '../../../shared/schemas/curation.js';
import { EntrySnapshot, type Adoption, type EffectInput, type Link } from '../../../shared/schemas/entry.js';
import type { EnterpriseRepository } from './enterprises.js';

/** An entry's adoptions, links and provenance as they were when it was deleted. */
interface StashedRelations {
  adoptions: {
    id: string;
    enterpriseId: string;
    enterpriseName: string;
    date: string;
    note: string;
    createdAt: string;
    effects: EffectInput[];
  }[];
  links: { from: string; to: string; type: LinkType; createdAt: string }[];
  provenance: string[];
}

interface TrashRow {
  entry_id: string;
  deleted_at: string;
  deleted_by: string | null;
  revision: number;
  merged_into: string | null;
  merged_title: string | null;
  relations: string;
  snapshot: string;
}

function relationsOf(json: string): StashedRelations {
  const parsed = JSON.parse(json) as Partial<StashedRelations>;
  return { adoptions: parsed.adoptions ?? [], links: parsed.links ?? [], provenance: parsed.provenance ?? [] };
}

const SELECT = `SELECT t.entry_id, t.deleted_at, t.deleted_by, t.revision, t.merged_into, m.title AS merged_title, t.relations, r.snapshot
  FROM trash t JOIN revisions r ON r.entry_id = t.entry_id AND r.number = t.revision
  LEFT JOIN entries m ON m.id = t.merged_into
  WHERE t.entry_id NOT IN (SELECT id FROM entries)`;

/**
 * Deleted entries. The entry's rows go (its adoptions, links and provenance cascade with
 * them); its history stays in revisions, and what cascaded is kept here, so restoring it
 * brings the entry back whole. An entry revived another way (an import) simply stops being listed.
 */
export class TrashRepository {
  constructor(
    private readonly db: Database,
    private readonly enterprises: EnterpriseRepository,
  ) {}

  /** Keeps the entry's relations; call before its row is deleted, with the number of the delete revision. */
  stash(entryId: string, meta: { deletedAt: string; deletedBy: string | null; revision: number; mergedInto: string | null }): void {
    const adoptions = (
      this.db
        .prepare(
          `SELECT a.id, a.enterprise_id AS enterpriseId, e.name AS enterpriseName, a.adopted_on AS date, a.note, a.created_at AS createdAt
           FROM adoptions a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.entry_id = ? ORDER BY a.adopted_on, a.id`,
        )
        .all(entryId) as Omit<StashedRelations['adoptions'][number], 'effects'>[]
    ).map((a) => ({
      ...a,
      effects: (
        this.db
          .prepare('SELECT indicator, before_value, after_value, unit, period, note, better FROM adoption_effects WHERE adoption_id = ? ORDER BY position')
          .all(a.id) as {
          indicator: string;
          before_value: number | null;
          after_value: number | null;
          unit: string;
          period: string;
          note: string;
          better: 'higher' | 'lower' | null;
        }[]
      ).map((e) => ({ indicator: e.indicator, before: e.before_value, after: e.after_value, unit: e.unit, period: e.period, note: e.note, better: e.better })),
    }));
    const links = this.db
      .prepare('SELECT from_id AS "from", to_id AS "to", type, created_at AS createdAt FROM links WHERE from_id = @id OR to_id = @id ORDER BY 1, 2, 3')
      .all({ id: entryId }) as StashedRelations['links'];
    const provenance = this.db.prepare('SELECT bundle_id FROM provenance WHERE entry_id = ? ORDER BY bundle_id').pluck().all(entryId) as string[];
    const relations: StashedRelations = { adoptions, links, provenance };
    this.db
      .prepare(
        `INSERT INTO trash (entry_id, deleted_at, deleted_by, revision, merged_into, relations) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (entry_id) DO UPDATE SET deleted_at = excluded.deleted_at, deleted_by = excluded.deleted_by,
           revision = excluded.revision, merged_into = excluded.merged_into, relations = excluded.relations`,
      )
      .run(entryId, meta.deletedAt, meta.deletedBy, meta.revision, meta.mergedInto, JSON.stringify(relations));
  }

  /**
   * Puts back what the entry had when it was deleted, now that its row exists again: links
   * whose other end still exists, adoptions (re-creating an enterprise by name if it has gone
   * since), and provenance of bundles still recorded. Forgets the trash row.
   */
  revive(entryId: string): void {
    const row = this.db.prepare('SELECT relations FROM trash WHERE entry_id = ?').pluck().get(entryId) as string | undefined;
    if (row === undefined) return;
    const relations = relationsOf(row);
    const insertAdoption = this.db.prepare(
      'INSERT OR IGNORE INTO adoptions (id, entry_id, enterprise_id, adopted_on, note, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertEffect = this.db.prepare(
      `INSERT INTO adoption_effects (adoption_id, position, indicator, before_value, after_value, unit, period, note, better)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const a of relations.adoptions) {
      const enterpriseId = this.enterprises.find(a.enterpriseId) ?? this.enterprises.ensure(a.enterpriseName);
      if (insertAdoption.run(a.id, entryId, enterpriseId, a.date, a.note, a.createdAt).changes === 0) continue;
      a.effects.forEach((e, i) => insertEffect.run(a.id, i, e.indicator, e.before, e.after, e.unit, e.period, e.note, e.better ?? null));
    }
    const insertLink = this.db.prepare(
      `INSERT OR IGNORE INTO links (from_id, to_id, type, created_at)
       SELECT @from, @to, @type, @createdAt WHERE EXISTS (SELECT 1 FROM entries WHERE id = @from) AND EXISTS (SELECT 1 FROM entries WHERE id = @to)`,
    );
    const exists = this.db.prepare('SELECT 1 FROM entries WHERE id = ?');
    const otherStash = this.db.prepare('SELECT relations FROM trash WHERE entry_id = ?').pluck();
    const updateStash = this.db.prepare('UPDATE trash SET relations = ? WHERE entry_id = ?');
    for (const l of relations.links) {
      if (insertLink.run(l).changes > 0) continue;
      // The other end is still in the trash (two linked entries deleted together): its stash
      // keeps the link now, so whichever comes back last brings it back.
      const other = l.from === entryId ? l.to : l.from;
      const stash = exists.get(other) === undefined ? (otherStash.get(other) as string | undefined) : undefined;
      if (stash === undefined) continue;
      const kept = relationsOf(stash);
      if (!kept.links.some((k) => k.from === l.from && k.to === l.to && k.type === l.type)) {
        kept.links.push(l);
        updateStash.run(JSON.stringify(kept), other);
      }
    }
    const insertProvenance = this.db.prepare('INSERT OR IGNORE INTO provenance (entry_id, bundle_id) SELECT ?, id FROM bundles WHERE id = ?');
    for (const bundle of relations.provenance) insertProvenance.run(entryId, bundle);
    this.db.prepare('DELETE FROM trash WHERE entry_id = ?').run(entryId);
  }

  /** Re-points adoptions kept in the trash from one enterprise to another (an enterprise merge). */
  repointEnterprise(fromId: string, into: { id: string; name: string }): void {
    const rows = this.db.prepare("SELECT entry_id, relations FROM trash WHERE relations LIKE '%' || ? || '%'").all(fromId) as {
      entry_id: string;
      relations: string;
    }[];
    const update = this.db.prepare('UPDATE trash SET relations = ? WHERE entry_id = ?');
    for (const row of rows) {
      const relations = relationsOf(row.relations);
      let changed = false;
      for (const a of relations.adoptions) {
        if (a.enterpriseId !== fromId) continue;
        a.enterpriseId = into.id;
        a.enterpriseName = into.name;
        changed = true;
      }
      if (changed) update.run(JSON.stringify(relations), row.entry_id);
    }
  }

  /** How many adoptions kept in the trash name this enterprise. */
  adoptionsOf(enterpriseId: string): number {
    let count = 0;
    for (const json of this.db.prepare("SELECT relations FROM trash WHERE relations LIKE '%' || ? || '%'").pluck().all(enterpriseId) as string[]) {
      count += relationsOf(json).adoptions.filter((a) => a.enterpriseId === enterpriseId).length;
    }
    return count;
  }

  isTrashed(entryId: string): boolean {
    return this.db.prepare(`${SELECT} AND t.entry_id = ?`).get(entryId) !== undefined;
  }

  private item(row: TrashRow): TrashItem {
    const snapshot = EntrySnapshot.parse(JSON.parse(row.snapshot));
    return {
      id: row.entry_id,
      title: snapshot.title,
      kind: snapshot.kind,
      status: snapshot.status,
      language: snapshot.language,
      enterprise: snapshot.enterprise,
      tags: snapshot.tags,
      deletedAt: row.deleted_at,
      deletedBy: row.deleted_by,
      revision: Math.max(1, row.revision - 1),
      mergedInto: row.merged_into === null ? null : { id: row.merged_into, title: row.merged_title },
    };
  }

  /** Deleted entries, the most recently deleted first. */
  list(limit: number, offset: number): { entries: TrashItem[]; total: number } {
    const total = this.db.prepare(`SELECT count(*) FROM (${SELECT})`).pluck().get() as number;
    const rows = this.db.prepare(`${SELECT} ORDER BY t.deleted_at DESC, t.rowid DESC LIMIT ? OFFSET ?`).all(limit, offset) as TrashRow[];
    return { entries: rows.map((r) => this.item(r)), total };
  }

  /** A deleted entry as it was when deleted, with the relations it had then. */
  get(entryId: string): TrashedEntry {
    const row = this.db.prepare(`${SELECT} AND t.entry_id = ?`).get(entryId) as TrashRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no entry with id ${entryId} in the trash.`);
    const snapshot = EntrySnapshot.parse(JSON.parse(row.snapshot));
    const relations = relationsOf(row.relations);
    const createdAt =
      (this.db.prepare('SELECT at FROM revisions WHERE entry_id = ? ORDER BY number LIMIT 1').pluck().get(entryId) as string | undefined) ?? row.deleted_at;
    const title = this.db.prepare('SELECT title FROM entries WHERE id = ?').pluck();
    const adoptions: Adoption[] = relations.adoptions.map((a) => ({
      id: a.id,
      entryId,
      enterprise: { id: a.enterpriseId, name: a.enterpriseName },
      date: a.date,
      note: a.note,
      effects: a.effects.map((e) => ({ ...e, better: e.better ?? null })),
    }));
    const links: Link[] = relations.links.flatMap((l) => {
      const outgoing = l.from === entryId;
      const other = title.get(outgoing ? l.to : l.from) as string | undefined;
      // A link to an entry deleted since would not come back with a restore: not shown.
      return other === undefined
        ? []
        : [{ from: l.from, to: l.to, type: l.type, otherTitle: other, direction: outgoing ? ('outgoing' as const) : ('incoming' as const) }];
    });
    const provenance = relations.provenance.flatMap((bundleId) => {
      const b = this.db.prepare('SELECT producer_name, received_at FROM bundles WHERE id = ?').get(bundleId) as
        { producer_name: string; received_at: string } | undefined;
      return b ? [{ bundleId, producer: b.producer_name, receivedAt: b.received_at }] : [];
    });
    const item = this.item(row);
    return {
      ...snapshot,
      id: entryId,
      createdAt,
      deletedAt: row.deleted_at,
      deletedBy: row.deleted_by,
      revision: item.revision,
      mergedInto: item.mergedInto,
      adoptions,
      links,
      provenance,
    };
  }
}

import type { Database } from 'better-sqlite3';
import type { LinkType } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import type { BetterDirection } from '../../../shared/domain.js';
import type { Adoption, EffectInput, Link } from '../../../shared/schemas/entry.js';
import { newId, nowIso } from '../ids.js';

interface AdoptionRow {
  id: string;
  entry_id: string;
  enterprise_id: string;
  enterprise_name: string;
  adopted_on: string;
  note: string;
}

interface EffectRow {
  indicator: string;
  before_value: number | null;
  after_value: number | null;
  unit: string;
  period: string;
  note: string;
  better: BetterDirection | null;
}

/** Adoptions with their measured effects, links between entries, and provenance. */
export class RelationRepository {
  constructor(private readonly db: Database) {}

  /** Whether an adoption of that id exists (an import keeps the producer's ids where they are free). */
  hasAdoption(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM adoptions WHERE id = ?').get(id) !== undefined;
  }

  /** The entries with a 'related' link to `to` (where a flat import looks for a copy it made earlier). */
  relatedFrom(to: string): string[] {
    return this.db.prepare("SELECT from_id FROM links WHERE to_id = ? AND type = 'related'").pluck().all(to) as string[];
  }

  addAdoption(input: { id?: string; entryId: string; enterpriseId: string; date: string; note: string; effects: readonly EffectInput[] }): string {
    const id = input.id ?? newId();
    this.db
      .prepare('INSERT INTO adoptions (id, entry_id, enterprise_id, adopted_on, note, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.entryId, input.enterpriseId, input.date, input.note, nowIso());
    this.writeEffects(id, input.effects);
    return id;
  }

  private writeEffects(adoptionId: string, effects: readonly EffectInput[]): void {
    const insert = this.db.prepare(
      `INSERT INTO adoption_effects (adoption_id, position, indicator, before_value, after_value, unit, period, note, better)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    effects.forEach((e, i) => insert.run(adoptionId, i, e.indicator, e.before, e.after, e.unit, e.period, e.note, e.better ?? null));
  }

  /** Changes an adoption's enterprise, date or note, and replaces its effects when given. */
  updateAdoption(
    id: string,
    patch: { enterpriseId?: string | undefined; date?: string | undefined; note?: string | undefined; effects?: readonly EffectInput[] | undefined },
  ): void {
    const current = this.adoption(id);
    this.db
      .prepare('UPDATE adoptions SET enterprise_id = ?, adopted_on = ?, note = ? WHERE id = ?')
      .run(patch.enterpriseId ?? current.enterprise.id, patch.date ?? current.date, patch.note ?? current.note, id);
    if (patch.effects !== undefined) {
      this.db.prepare('DELETE FROM adoption_effects WHERE adoption_id = ?').run(id);
      this.writeEffects(id, patch.effects);
    }
  }

  removeAdoption(id: string): void {
    if (this.db.prepare('DELETE FROM adoptions WHERE id = ?').run(id).changes === 0) {
      throw new RatioError('NOT_FOUND', `There is no adoption with id ${id}.`);
    }
  }

  adoption(id: string): Adoption {
    const row = this.db
      .prepare('SELECT a.*, e.name AS enterprise_name FROM adoptions a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = ?')
      .get(id) as AdoptionRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no adoption with id ${id}.`);
    return this.toAdoption(row);
  }

  private toAdoption(row: AdoptionRow): Adoption {
    const effects = (this.db.prepare('SELECT * FROM adoption_effects WHERE adoption_id = ? ORDER BY position').all(row.id) as EffectRow[]).map((e) => ({
      indicator: e.indicator,
      before: e.before_value,
      after: e.after_value,
      unit: e.unit,
      period: e.period,
      note: e.note,
      better: e.better,
    }));
    return {
      id: row.id,
      entryId: row.entry_id,
      enterprise: { id: row.enterprise_id, name: row.enterprise_name },
      date: row.adopted_on,
      note: row.note,
      effects,
    };
  }

  adoptionsOf(entryId: string): Adoption[] {
    const rows = this.db
      .prepare(
        `SELECT a.*, e.name AS enterprise_name FROM adoptions a JOIN enterprises e ON e.id = a.enterprise_id
         WHERE a.entry_id = ? ORDER BY a.adopted_on, a.id`,
      )
      .all(entryId) as AdoptionRow[];
    return rows.map((r) => this.toAdoption(r));
  }

  /** Adds a link; an existing identical link is kept and reported as not added. */
  addLink(from: string, to: string, type: LinkType): boolean {
    if (from === to) throw new RatioError('INVALID_INPUT', 'An entry cannot be linked to itself.', { key: 'core.linkToItself' });
    return this.db.prepare('INSERT OR IGNORE INTO links (from_id, to_id, type, created_at) VALUES (?, ?, ?, ?)').run(from, to, type, nowIso()).changes > 0;
  }

  removeLink(from: string, to: string, type: LinkType): void {
    if (this.db.prepare('DELETE FROM links WHERE from_id = ? AND to_id = ? AND type = ?').run(from, to, type).changes === 0) {
      throw new RatioError('NOT_FOUND', 'There is no such link.');
    }
  }

  linksOf(entryId: string): Link[] {
    return this.db
      .prepare(
        `SELECT l.from_id AS "from", l.to_id AS "to", l.type, e.title AS otherTitle, 'outgoing' AS direction
           FROM links l JOIN entries e ON e.id = l.to_id WHERE l.from_id = @id
         UNION ALL
         SELECT l.from_id, l.to_id, l.type, e.title, 'incoming' FROM links l JOIN entries e ON e.id = l.from_id WHERE l.to_id = @id
         ORDER BY 3, 4`,
      )
      .all({ id: entryId }) as Link[];
  }

  /** The bundles an entry arrived in: each by the id its producer gave it, and that producer as registered here. */
  provenanceOf(entryId: string): { bundleId: string; producer: string; receivedAt: string }[] {
    return this.db
      .prepare(
        `SELECT b.producer_bundle_id AS bundleId, b.producer_name AS producer, b.received_at AS receivedAt
         FROM provenance p JOIN bundles b ON b.id = p.bundle_id WHERE p.entry_id = ? ORDER BY b.received_at`,
      )
      .all(entryId) as { bundleId: string; producer: string; receivedAt: string }[];
  }
}

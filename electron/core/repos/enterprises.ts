import type { Database } from 'better-sqlite3';
import { RatioError } from '../../../shared/errors.js';
import type { Enterprise } from '../../../shared/schemas/catalogue.js';
import { newId, nowIso } from '../ids.js';
import type { EntryIndexHook } from '../index-hook.js';

interface EnterpriseRow {
  id: string;
  name: string;
  place: string;
  industry: string;
  public_key: string | null;
  entry_count: number;
  is_self: number;
}

const SELECT = `SELECT e.id, e.name, e.place, e.industry, e.public_key,
  (SELECT count(*) FROM entries WHERE enterprise_id = e.id) AS entry_count,
  EXISTS (SELECT 1 FROM settings s WHERE s.key = 'exchange.selfEnterpriseId' AND s.value = e.id) AS is_self FROM enterprises e`;

function toEnterprise(row: EnterpriseRow): Enterprise {
  return {
    id: row.id,
    name: row.name,
    place: row.place,
    industry: row.industry,
    publicKey: row.public_key,
    entryCount: row.entry_count,
    isSelf: row.is_self === 1,
  };
}

export class EnterpriseRepository {
  constructor(
    private readonly db: Database,
    /** Re-indexes an enterprise's entries when its name changes. */
    private readonly searchIndex?: EntryIndexHook,
  ) {}

  /** By id, or by name ignoring case. */
  find(ref: string): string | undefined {
    return this.db.prepare('SELECT id FROM enterprises WHERE id = ? OR name = ? COLLATE NOCASE').pluck().get(ref, ref) as string | undefined;
  }

  require(ref: string): string {
    const id = this.find(ref);
    if (!id) throw new RatioError('NOT_FOUND', `There is no enterprise "${ref}"; add it with "ratio enterprise add".`);
    return id;
  }

  /** Returns the enterprise named `name`, creating it when an entry or adoption names a new one. */
  ensure(name: string): string {
    return this.find(name) ?? this.create({ name, place: '', industry: '' }).id;
  }

  create(input: { id?: string | undefined; name: string; place: string; industry: string }): Enterprise {
    if (this.find(input.name))
      throw new RatioError('CONFLICT', `An enterprise named "${input.name}" already exists.`, { key: 'core.enterpriseExists', params: { name: input.name } });
    const id = input.id ?? newId();
    const now = nowIso();
    this.db
      .prepare('INSERT INTO enterprises (id, name, place, industry, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.name, input.place, input.industry, now, now);
    return this.get(id);
  }

  update(id: string, patch: { name?: string | undefined; place?: string | undefined; industry?: string | undefined }): Enterprise {
    const current = this.get(id);
    const name = patch.name ?? current.name;
    const clash = this.find(name);
    if (clash && clash !== id)
      throw new RatioError('CONFLICT', `An enterprise named "${name}" already exists.`, { key: 'core.enterpriseExists', params: { name } });
    // One transaction, so the entries' index never shows the old name beside the new.
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE enterprises SET name = ?, place = ?, industry = ?, updated_at = ? WHERE id = ?')
        .run(name, patch.place ?? current.place, patch.industry ?? current.industry, nowIso(), id);
      if (name !== current.name && this.searchIndex) {
        this.searchIndex.indexEntries(this.db.prepare('SELECT id FROM entries WHERE enterprise_id = ?').pluck().all(id) as string[]);
      }
    })();
    return this.get(id);
  }

  get(id: string): Enterprise {
    const row = this.db.prepare(`${SELECT} WHERE e.id = ?`).get(id) as EnterpriseRow | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no enterprise with id ${id}.`);
    return toEnterprise(row);
  }

  list(): Enterprise[] {
    return (this.db.prepare(`${SELECT} ORDER BY e.name COLLATE NOCASE`).all() as EnterpriseRow[]).map(toEnterprise);
  }
}

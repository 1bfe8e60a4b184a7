import type { Database } from 'better-sqlite3';
import type { EntryKind } from '../../../shared/domain.js';

export interface Dashboard {
  perYear: { year: number; kind: EntryKind; count: number }[];
  effects: {
    entryId: string;
    title: string;
    enterprise: string;
    date: string;
    indicator: string;
    before: number | null;
    after: number | null;
    unit: string;
  }[];
  /** Who learned from whom: through adoptions, and through bundles received and sent. */
  network: { from: string; to: string; entries: number; via: 'adoption' | 'bundle' }[];
}

/** Figures for the dashboard, each one aggregate query. */
export function dashboard(db: Database): Dashboard {
  const perYear = db
    .prepare(
      `SELECT CAST(substr(created_at, 1, 4) AS INTEGER) AS year, kind, count(*) AS count
       FROM entries GROUP BY year, kind ORDER BY year, kind`,
    )
    .all() as Dashboard['perYear'];
  const effects = db
    .prepare(
      `SELECT a.entry_id AS entryId, e.title, ent.name AS enterprise, a.adopted_on AS date,
              f.indicator, f.before_value AS before, f.after_value AS after, f.unit
       FROM adoption_effects f JOIN adoptions a ON a.id = f.adoption_id
       JOIN entries e ON e.id = a.entry_id JOIN enterprises ent ON ent.id = a.enterprise_id
       ORDER BY a.adopted_on, f.position LIMIT 500`,
    )
    .all() as Dashboard['effects'];
  // An adoption of an entry from enterprise A by enterprise B is knowledge flowing A → B;
  // so is a bundle from A received here (our own enterprise is the receiver then).
  const adoptions = db
    .prepare(
      `SELECT src.name AS "from", dst.name AS "to", count(DISTINCT a.entry_id) AS entries, 'adoption' AS via
       FROM adoptions a JOIN entries e ON e.id = a.entry_id
       JOIN enterprises src ON src.id = e.enterprise_id JOIN enterprises dst ON dst.id = a.enterprise_id
       WHERE src.id <> dst.id GROUP BY src.id, dst.id ORDER BY entries DESC, 1, 2`,
    )
    .all() as Dashboard['network'];
  // Bundles: received ones flow from their producer to us, sent ones from us to the recipient.
  // Only catalogues that have exchanged have a self enterprise and these tables filled.
  const self = db.prepare("SELECT e.name FROM settings s JOIN enterprises e ON e.id = s.value WHERE s.key = 'exchange.selfEnterpriseId'").pluck().get() as
    | string
    | undefined;
  const bundles: Dashboard['network'] = [];
  if (self) {
    for (const row of db
      .prepare(
        `SELECT b.producer_name AS name, count(DISTINCT p.entry_id) AS entries FROM bundles b
         LEFT JOIN provenance p ON p.bundle_id = b.id GROUP BY b.producer_name`,
      )
      .all() as { name: string; entries: number }[]) {
      if (row.name !== self) bundles.push({ from: row.name, to: self, entries: row.entries, via: 'bundle' });
    }
    for (const row of db
      .prepare(`SELECT e.name AS name, count(*) AS entries FROM exported_entries x JOIN enterprises e ON e.id = x.recipient_id GROUP BY x.recipient_id`)
      .all() as { name: string; entries: number }[]) {
      bundles.push({ from: self, to: row.name, entries: row.entries, via: 'bundle' });
    }
  }
  return { perYear, effects, network: [...adoptions, ...bundles] };
}

export interface DuplicateCandidate {
  a: { id: string; title: string };
  b: { id: string; title: string };
  similarity: number;
}

function titleTokens(title: string): Set<string> {
  const words = title.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = new Set<string>();
  for (const w of words) {
    // Han text has no spaces: compare it by character bigrams; other scripts by word stems.
    if (/\p{Script=Han}/u.test(w)) for (let i = 0; i + 1 < w.length; i += 1) tokens.add(w.slice(i, i + 2));
    else if (w.length > 2) tokens.add(w.slice(0, 5));
  }
  return tokens;
}

/**
 * Pairs of entries with similar titles (Jaccard overlap of title tokens), not already
 * linked as duplicates. Candidates come from an inverted index of tokens, so only
 * titles sharing a token are compared; very common tokens are skipped as uninformative.
 */
export function duplicateCandidates(db: Database, threshold: number, limit: number): DuplicateCandidate[] {
  const rows = db.prepare('SELECT id, title FROM entries').all() as { id: string; title: string }[];
  const tokens = rows.map((r) => titleTokens(r.title));
  const postings = new Map<string, number[]>();
  tokens.forEach((set, i) => {
    for (const token of set) {
      const list = postings.get(token) ?? [];
      list.push(i);
      postings.set(token, list);
    }
  });
  const linked = new Set(
    (db.prepare("SELECT from_id || ' ' || to_id FROM links WHERE type = 'duplicate-of'").pluck().all() as string[]).flatMap((pair) => {
      const [x, y] = pair.split(' ');
      return [`${x} ${y}`, `${y} ${x}`];
    }),
  );
  const maxPosting = Math.max(50, Math.ceil(rows.length * 0.02));
  const shared = new Map<string, number>();
  for (const list of postings.values()) {
    if (list.length > maxPosting) continue;
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const key = `${list[i]} ${list[j]}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const out: DuplicateCandidate[] = [];
  for (const [key, common] of shared) {
    const [i, j] = key.split(' ').map(Number) as [number, number];
    const a = rows[i] as { id: string; title: string };
    const b = rows[j] as { id: string; title: string };
    const union = (tokens[i]?.size ?? 0) + (tokens[j]?.size ?? 0) - common;
    const similarity = union === 0 ? 0 : common / union;
    if (similarity >= threshold && !linked.has(`${a.id} ${b.id}`)) out.push({ a, b, similarity: Math.round(similarity * 1000) / 1000 });
  }
  return out.sort((x, y) => y.similarity - x.similarity).slice(0, limit);
}

import type { CatalogueCore } from '../catalogue.js';
import type { BetterDirection, EntryKind } from '../../../shared/domain.js';
import { effectChange } from '../../../shared/effects.js';

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
    better: BetterDirection | null;
    change: number | null;
    improvement: number | null;
    percentagePoints: boolean;
  }[];
  /** Who learned from whom: through adoptions, and through bundles received and sent. */
  network: { from: string; to: string; entries: number; via: 'adoption' | 'bundle' }[];
}

/** Figures for the dashboard, each one aggregate query. */
export function dashboard(catalogue: CatalogueCore): Dashboard {
  const { db } = catalogue;
  const perYear = db
    .prepare(
      `SELECT CAST(substr(created_at, 1, 4) AS INTEGER) AS year, kind, count(*) AS count
       FROM entries GROUP BY year, kind ORDER BY year, kind`,
    )
    .all() as Dashboard['perYear'];
  const effects = (
    db
      .prepare(
        `SELECT a.entry_id AS entryId, e.title, ent.name AS enterprise, a.adopted_on AS date,
                f.indicator, f.before_value AS before, f.after_value AS after, f.unit, f.better
         FROM adoption_effects f JOIN adoptions a ON a.id = f.adoption_id
         JOIN entries e ON e.id = a.entry_id JOIN enterprises ent ON ent.id = a.enterprise_id
         ORDER BY a.adopted_on, f.position LIMIT 500`,
      )
      .all() as Omit<Dashboard['effects'][number], 'change' | 'improvement' | 'percentagePoints'>[]
  ).map((row) => {
    const { change, improvement, percentagePoints } = effectChange(row);
    return { ...row, change, improvement, percentagePoints };
  });
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
    string | undefined;
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
  a: { id: string; title: string; language: string };
  b: { id: string; title: string; language: string };
  similarity: number;
  /** Why the pair is proposed: similar titles, (across languages) a link or shared classification and tags, or alike attached files. */
  reason: 'title' | 'linked' | 'classification' | 'attachment';
}

function titleTokens(title: string): Set<string> {
  const words =
    title
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? [];
  const tokens = new Set<string>();
  for (const w of words) {
    // Han text has no spaces: compare it by character bigrams; other scripts by word stems.
    if (/\p{Script=Han}/u.test(w)) for (let i = 0; i + 1 < w.length; i += 1) tokens.add(w.slice(i, i + 2));
    else if (w.length > 2) tokens.add(w.slice(0, 5));
  }
  return tokens;
}

/** Pairs of rows (by index) that share a key of `postings`, each with how many keys they share; keys in too many rows are skipped. */
function sharedPairs(postings: Map<string, number[]>, maxPosting: number, accept: (i: number, j: number) => boolean = () => true): Map<string, number> {
  const shared = new Map<string, number>();
  for (const list of postings.values()) {
    if (list.length > maxPosting) continue;
    for (let i = 0; i < list.length; i += 1) {
      for (let j = i + 1; j < list.length; j += 1) {
        const x = list[i] as number;
        const y = list[j] as number;
        if (!accept(x, y)) continue;
        const key = x < y ? `${x} ${y}` : `${y} ${x}`;
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  return shared;
}

function post(postings: Map<string, number[]>, key: string, row: number): void {
  const list = postings.get(key) ?? [];
  list.push(row);
  postings.set(key, list);
}

/** Characters of an entry's attached text compared, and distinct words kept of them: a long PDF is judged by its opening. */
const ATTACHMENT_COMPARED_CHARS = 20_000;
const ATTACHMENT_WORDS = 2_000;
/** A word in more entries' attachments than this says nothing of a pair (boilerplate, a letterhead). */
const ATTACHMENT_MAX_POSTING = 50;

/**
 * Two entries with the very same file attached are likely one invention entered twice; two
 * whose files' text share most words (Jaccard overlap of word stems, as for titles) too. The
 * text is what extraction read (state done); entries without it are judged by the blob alone.
 */
function proposeByAttachments(
  db: CatalogueCore['db'],
  index: ReadonlyMap<string, number>,
  maxPosting: number,
  propose: (i: number, j: number, similarity: number) => void,
): void {
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'attachment_text_pages'").get() === undefined) return;
  const blobPostings = new Map<string, number[]>();
  for (const [entryId, sha256] of db.prepare('SELECT DISTINCT entry_id, sha256 FROM entry_attachments').raw().all() as [string, string][]) {
    const i = index.get(entryId);
    if (i !== undefined) post(blobPostings, sha256, i);
  }
  for (const key of sharedPairs(blobPostings, maxPosting).keys()) {
    const [i, j] = key.split(' ').map(Number) as [number, number];
    propose(i, j, 0.9);
  }
  const words = new Map<number, Set<string>>();
  const rows = db
    .prepare(
      `SELECT a.entry_id, substr(p.text, 1, ${ATTACHMENT_COMPARED_CHARS}) AS text FROM entry_attachments a
       JOIN attachment_texts t ON t.sha256 = a.sha256 AND t.state = 'done'
       JOIN attachment_text_pages p ON p.sha256 = a.sha256
       ORDER BY a.entry_id, a.position, p.page`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string]>;
  const seenChars = new Map<number, number>();
  for (const [entryId, text] of rows) {
    const i = index.get(entryId);
    if (i === undefined) continue;
    const seen = seenChars.get(i) ?? 0;
    if (seen >= ATTACHMENT_COMPARED_CHARS) continue;
    seenChars.set(i, seen + text.length);
    const set = words.get(i) ?? new Set<string>();
    words.set(i, set);
    for (const token of titleTokens(text.slice(0, ATTACHMENT_COMPARED_CHARS - seen))) {
      if (set.size >= ATTACHMENT_WORDS) break;
      set.add(token);
    }
  }
  const textPostings = new Map<string, number[]>();
  for (const [i, set] of words) for (const token of set) post(textPostings, token, i);
  for (const [key, common] of sharedPairs(textPostings, Math.min(maxPosting, ATTACHMENT_MAX_POSTING))) {
    const [i, j] = key.split(' ').map(Number) as [number, number];
    const union = (words.get(i)?.size ?? 0) + (words.get(j)?.size ?? 0) - common;
    // A few shared words between two short texts are no likeness.
    if (common >= 5 && union > 0) propose(i, j, common / union);
  }
}

/**
 * Pairs of entries that may be duplicates, not already linked as duplicates nor judged
 * not to be: similar titles (Jaccard overlap of title tokens, from an
 * inverted index so only titles sharing a token are compared; very common tokens are skipped).
 * Across languages titles cannot be compared, so a pair is proposed when the entries are
 * linked or share a classification code, scored by the overlap of their classification
 * codes and tags; a link between entries in two languages (often a translation) counts as
 * half a likeness by itself, so linked pairs are offered at the default threshold.
 */
export function duplicateCandidates(catalogue: CatalogueCore, threshold: number, limit: number): DuplicateCandidate[] {
  const { db } = catalogue;
  const rows = db.prepare('SELECT id, title, language, kind FROM entries').all() as { id: string; title: string; language: string; kind: string }[];
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const pairKey = (x: string, y: string): string => (x < y ? `${x} ${y}` : `${y} ${x}`);
  const excluded = new Set(
    (db.prepare("SELECT from_id, to_id FROM links WHERE type = 'duplicate-of'").raw().all() as [string, string][]).map(([x, y]) => pairKey(x, y)),
  );
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'not_duplicates'").get() !== undefined) {
    for (const [x, y] of db.prepare('SELECT a, b FROM not_duplicates').raw().all() as [string, string][]) excluded.add(pairKey(x, y));
  }
  const maxPosting = Math.max(50, Math.ceil(rows.length * 0.02));
  const proposed = new Map<string, DuplicateCandidate>();
  const brief = (i: number): DuplicateCandidate['a'] => {
    const r = rows[i] as (typeof rows)[number];
    return { id: r.id, title: r.title, language: r.language };
  };
  const propose = (i: number, j: number, similarity: number, reason: DuplicateCandidate['reason']): void => {
    const a = brief(i);
    const b = brief(j);
    const key = pairKey(a.id, b.id);
    if (similarity < threshold || excluded.has(key) || (proposed.get(key)?.similarity ?? -1) >= similarity) return;
    proposed.set(key, { a, b, similarity: Math.round(similarity * 1000) / 1000, reason });
  };

  const tokens = rows.map((r) => titleTokens(r.title));
  const titlePostings = new Map<string, number[]>();
  tokens.forEach((set, i) => {
    for (const token of set) post(titlePostings, token, i);
  });
  for (const [key, common] of sharedPairs(titlePostings, maxPosting)) {
    const [i, j] = key.split(' ').map(Number) as [number, number];
    const union = (tokens[i]?.size ?? 0) + (tokens[j]?.size ?? 0) - common;
    propose(i, j, union === 0 ? 0 : common / union, 'title');
  }

  // Across languages: what the entries are about, in codes and tags every language shares.
  const features = rows.map(() => new Set<string>());
  const codePostings = new Map<string, number[]>();
  for (const [entryId, code] of db.prepare('SELECT entry_id, code FROM entry_classifications').raw().all() as [string, string][]) {
    const i = index.get(entryId);
    if (i === undefined) continue;
    features[i]?.add(`c:${code}`);
    post(codePostings, code, i);
  }
  for (const [entryId, tagId] of db.prepare('SELECT entry_id, tag_id FROM entry_tags').raw().all() as [string, string][]) {
    const i = index.get(entryId);
    if (i !== undefined) features[i]?.add(`t:${tagId}`);
  }
  const otherLanguage = (i: number, j: number): boolean => rows[i]?.language !== rows[j]?.language && rows[i]?.kind === rows[j]?.kind;
  const crossPairs = new Set(sharedPairs(codePostings, maxPosting, otherLanguage).keys());
  const linked = new Set<string>();
  for (const [from, to] of db.prepare("SELECT from_id, to_id FROM links WHERE type <> 'duplicate-of'").raw().all() as [string, string][]) {
    const i = index.get(from);
    const j = index.get(to);
    if (i === undefined || j === undefined || rows[i]?.language === rows[j]?.language) continue;
    const key = i < j ? `${i} ${j}` : `${j} ${i}`;
    linked.add(key);
    crossPairs.add(key);
  }
  for (const key of crossPairs) {
    const [i, j] = key.split(' ').map(Number) as [number, number];
    const fi = features[i] as Set<string>;
    const fj = features[j] as Set<string>;
    let common = 0;
    for (const f of fi) if (fj.has(f)) common += 1;
    const union = fi.size + fj.size - common;
    const overlap = union === 0 ? 0 : common / union;
    const isLinked = linked.has(key);
    propose(i, j, isLinked ? 0.5 + overlap / 2 : overlap, isLinked ? 'linked' : 'classification');
  }
  proposeByAttachments(db, index, maxPosting, (i, j, similarity) => propose(i, j, similarity, 'attachment'));
  return [...proposed.values()].sort((x, y) => y.similarity - x.similarity || x.a.id.localeCompare(y.a.id) || x.b.id.localeCompare(y.b.id)).slice(0, limit);
}

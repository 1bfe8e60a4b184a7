import type { Database } from 'better-sqlite3';
import { TAG_PATH_SEPARATOR } from '../../../shared/domain.js';
import { RatioError } from '../../../shared/errors.js';
import { displayLabel, THESAURUS_LANGUAGES } from '../../../shared/label-language.js';
import type { Concept, ConceptNode, LabelKind, Suggestion } from '../../../shared/schemas/thesaurus.js';
import { newId, nowIso } from '../ids.js';
import type { Transactor } from '../transactor.js';

/** The settings key counting thesaurus writes: a reader that caches labels (query expansion) compares it. */
export const THESAURUS_REVISION_SETTING = 'thesaurus.revision';
/** Bumps the thesaurus revision; bind the setting's key. */
export const BUMP_THESAURUS_REVISION = `INSERT INTO settings (key, value) VALUES (?, '1')
  ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)`;

/** One label as query expansion reads it. */
export interface IndexedLabel {
  conceptId: string;
  lang: string;
  kind: LabelKind;
  text: string;
}

/** Every label of the thesaurus with what expansion follows from a concept: its narrower concepts and codes. */
export interface LabelIndex {
  /** Changes with every thesaurus write; equal revisions mean equal indexes. */
  revision: number;
  labels: IndexedLabel[];
  narrower: ReadonlyMap<string, readonly string[]>;
  codes: ReadonlyMap<string, readonly string[]>;
}

export interface NewConcept {
  /** Given when the concept stands for a tag (it takes the tag's id) or comes from a file that names it. */
  id?: string;
  uri?: string;
  labels: readonly { lang: string; kind: LabelKind; text: string }[];
  broader?: readonly string[];
  scopeNotes?: readonly { lang: string; text: string }[];
  codes?: readonly string[];
}

export interface MergeCounts {
  labels: number;
  links: number;
  codes: number;
  tags: number;
}

/**
 * Every row of the thesaurus that belongs to some concepts, as stored: the concepts, their
 * labels, notes, codes and suggestions, every link touching one of them, and the tags
 * pointing at them. Rows come in a fixed order, so two snapshots of an unchanged thesaurus
 * are equal as JSON. A concept merge keeps one to be undone exactly.
 */
export interface ConceptSnapshot {
  concepts: { id: string; uri: string; created_at: string; updated_at: string }[];
  labels: LabelRow[];
  notes: { concept_id: string; lang: string; kind: string; text: string }[];
  links: { from_id: string; to_id: string; kind: string }[];
  codes: { concept_id: string; scheme: string; code: string }[];
  suggestions: {
    id: string;
    concept_id: string;
    lang: string;
    text: string;
    source: string;
    state: string;
    created_at: string;
    decided_at: string | null;
  }[];
  tags: { id: string; concept_id: string }[];
}

interface LabelRow {
  concept_id: string;
  lang: string;
  kind: LabelKind;
  text: string;
}

/** Preferred labels are shown in this order of languages when a concept has several. */
const DISPLAY_ORDER: readonly string[] = THESAURUS_LANGUAGES;

export const conceptUriFor = (id: string): string => `urn:ratio:concept:${id}`;

/**
 * The thesaurus: concepts, their labels per language, scope notes, broader and related
 * links and classification codes. Every public write is one transaction and bumps the
 * thesaurus revision, so readers that cache labels know to read them again.
 */
export class ConceptRepository {
  constructor(
    private readonly db: Database,
    private readonly transaction: Transactor,
  ) {}

  private write<T>(work: () => T): T {
    return this.transaction(() => {
      const result = work();
      this.db.prepare(BUMP_THESAURUS_REVISION).run(THESAURUS_REVISION_SETTING);
      return result;
    });
  }

  private touch(id: string): void {
    this.db.prepare('UPDATE concepts SET updated_at = ? WHERE id = ?').run(nowIso(), id);
  }

  revision(): number {
    const value = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(THESAURUS_REVISION_SETTING) as string | undefined;
    return value === undefined ? 0 : Number(value);
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM concepts WHERE id = ?').get(id) !== undefined;
  }

  require(id: string): void {
    if (!this.exists(id)) throw new RatioError('NOT_FOUND', `There is no concept with id ${id}.`, { key: 'core.noConcept', params: { id } });
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM concepts').pluck().get() as number;
  }

  byUri(uri: string): string | undefined {
    return this.db.prepare('SELECT id FROM concepts WHERE uri = ?').pluck().get(uri) as string | undefined;
  }

  /** Concepts whose preferred label in `lang` is `text` (exact, then ignoring case). */
  byPrefLabel(lang: string, text: string): string[] {
    const exact = this.db
      .prepare("SELECT DISTINCT concept_id FROM concept_labels WHERE text = ? AND kind = 'pref' AND lang = ? ORDER BY concept_id")
      .pluck()
      .all(text, lang) as string[];
    if (exact.length > 0) return exact;
    return this.db
      .prepare("SELECT DISTINCT concept_id FROM concept_labels WHERE kind = 'pref' AND lang = ? AND lower(text) = lower(?) ORDER BY concept_id")
      .pluck()
      .all(lang, text) as string[];
  }

  uriOf(id: string): string {
    this.require(id);
    return this.db.prepare('SELECT uri FROM concepts WHERE id = ?').pluck().get(id) as string;
  }

  // ── reads ────────────────────────────────────────────────────────────────

  get(id: string): Concept {
    const row = this.db.prepare('SELECT id, uri, created_at, updated_at FROM concepts WHERE id = ?').get(id) as
      { id: string; uri: string; created_at: string; updated_at: string } | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no concept with id ${id}.`, { key: 'core.noConcept', params: { id } });
    const labels = (
      this.db.prepare('SELECT lang, kind, text FROM concept_labels WHERE concept_id = ?').all(id) as { lang: string; kind: LabelKind; text: string }[]
    ).sort(compareLabels);
    const scopeNotes = this.db.prepare("SELECT lang, text FROM concept_notes WHERE concept_id = ? AND kind = 'scope' ORDER BY lang").all(id) as {
      lang: string;
      text: string;
    }[];
    const broader = this.db.prepare("SELECT to_id FROM concept_links WHERE from_id = ? AND kind = 'broader' ORDER BY to_id").pluck().all(id) as string[];
    const narrower = this.db.prepare("SELECT from_id FROM concept_links WHERE to_id = ? AND kind = 'broader' ORDER BY from_id").pluck().all(id) as string[];
    const related = this.db
      .prepare(
        `SELECT to_id FROM concept_links WHERE from_id = ? AND kind = 'related'
       UNION SELECT from_id FROM concept_links WHERE to_id = ? AND kind = 'related' ORDER BY 1`,
      )
      .pluck()
      .all(id, id) as string[];
    const codes = this.db.prepare('SELECT scheme, code FROM concept_codes WHERE concept_id = ? ORDER BY scheme, code').all(id) as {
      scheme: 'ipc';
      code: string;
    }[];
    const tags = (this.db.prepare('SELECT id FROM tags WHERE concept_id = ? ORDER BY id').pluck().all(id) as string[]).map((tagId) => ({
      id: tagId,
      path: this.tagPath(tagId),
    }));
    return { id, uri: row.uri, labels, scopeNotes, broader, narrower, related, codes, tags, createdAt: row.created_at, updatedAt: row.updated_at };
  }

  private tagPath(tagId: string): string {
    const names = this.db
      .prepare(
        `WITH RECURSIVE up(id, name, parent_id, depth) AS (
         SELECT id, name, parent_id, 0 FROM tags WHERE id = ?
         UNION ALL SELECT t.id, t.name, t.parent_id, up.depth + 1 FROM tags t JOIN up ON t.id = up.parent_id WHERE up.depth < 64
       ) SELECT name FROM up ORDER BY depth DESC`,
      )
      .pluck()
      .all(tagId) as string[];
    return names.join(TAG_PATH_SEPARATOR);
  }

  /** Every concept as a tree node, broader before narrower (depth first), siblings by their label. */
  tree(): ConceptNode[] {
    const nodes = this.nodes();
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const children = new Map<string | null, ConceptNode[]>();
    for (const node of nodes) {
      // A concept with several broader concepts is listed under the first one; a broader
      // concept that is missing (never, with foreign keys) puts it at the top.
      const parent = node.broader.find((b) => byId.has(b)) ?? null;
      const list = children.get(parent) ?? [];
      list.push(node);
      children.set(parent, list);
    }
    const out: ConceptNode[] = [];
    const seen = new Set<string>();
    const walk = (parent: string | null): void => {
      for (const node of (children.get(parent) ?? []).sort(compareNodes)) {
        if (seen.has(node.id)) continue;
        seen.add(node.id);
        out.push(node);
        walk(node.id);
      }
    };
    walk(null);
    // Concepts on a cycle (which move and merge refuse, but a damaged file could hold) are still listed.
    for (const node of nodes.sort(compareNodes)) if (!seen.has(node.id)) out.push(node);
    return out;
  }

  private nodes(filter = '', params: readonly unknown[] = []): ConceptNode[] {
    const rows = this.db.prepare(`SELECT id, uri FROM concepts c ${filter}`).all(...params) as { id: string; uri: string }[];
    const wanted = filter === '' ? undefined : new Set(rows.map((r) => r.id));
    const prefLabels = new Map<string, Record<string, string>>();
    for (const label of this.db.prepare("SELECT concept_id, lang, text FROM concept_labels WHERE kind = 'pref'").all() as Omit<LabelRow, 'kind'>[]) {
      if (wanted && !wanted.has(label.concept_id)) continue;
      const labels = prefLabels.get(label.concept_id) ?? {};
      labels[label.lang] = label.text;
      prefLabels.set(label.concept_id, labels);
    }
    const broader = new Map<string, string[]>();
    const narrowerCount = new Map<string, number>();
    for (const link of this.db.prepare("SELECT from_id, to_id FROM concept_links WHERE kind = 'broader' ORDER BY to_id").all() as {
      from_id: string;
      to_id: string;
    }[]) {
      const list = broader.get(link.from_id) ?? [];
      list.push(link.to_id);
      broader.set(link.from_id, list);
      narrowerCount.set(link.to_id, (narrowerCount.get(link.to_id) ?? 0) + 1);
    }
    const tagCount = new Map(
      (
        this.db.prepare('SELECT concept_id, count(*) AS n FROM tags WHERE concept_id IS NOT NULL GROUP BY concept_id').all() as {
          concept_id: string;
          n: number;
        }[]
      ).map((r) => [r.concept_id, r.n]),
    );
    return rows.map((row) => ({
      id: row.id,
      uri: row.uri,
      prefLabels: prefLabels.get(row.id) ?? {},
      broader: broader.get(row.id) ?? [],
      narrowerCount: narrowerCount.get(row.id) ?? 0,
      tagCount: tagCount.get(row.id) ?? 0,
    }));
  }

  /** Concepts without a preferred label in `lang`, by their label. */
  missingTranslations(lang: string, limit = 1000, offset = 0): { total: number; concepts: ConceptNode[] } {
    const filter = "WHERE NOT EXISTS (SELECT 1 FROM concept_labels l WHERE l.concept_id = c.id AND l.kind = 'pref' AND l.lang = ?)";
    const all = this.nodes(filter, [lang]).sort(compareNodes);
    return { total: all.length, concepts: all.slice(offset, offset + limit) };
  }

  /** A plain read of every label for query expansion, with each concept's narrower concepts and codes. */
  labelIndex(): LabelIndex {
    const labels = (this.db.prepare('SELECT concept_id, lang, kind, text FROM concept_labels').all() as LabelRow[]).map((r) => ({
      conceptId: r.concept_id,
      lang: r.lang,
      kind: r.kind,
      text: r.text,
    }));
    const narrower = new Map<string, string[]>();
    for (const link of this.db.prepare("SELECT from_id, to_id FROM concept_links WHERE kind = 'broader'").all() as { from_id: string; to_id: string }[]) {
      const list = narrower.get(link.to_id) ?? [];
      list.push(link.from_id);
      narrower.set(link.to_id, list);
    }
    const codes = new Map<string, string[]>();
    for (const row of this.db.prepare("SELECT concept_id, code FROM concept_codes WHERE scheme = 'ipc'").all() as { concept_id: string; code: string }[]) {
      const list = codes.get(row.concept_id) ?? [];
      list.push(row.code);
      codes.set(row.concept_id, list);
    }
    return { revision: this.revision(), labels, narrower, codes };
  }

  /** The ids of every concept below `id` (narrower, transitively), without `id`. */
  descendants(id: string): string[] {
    return this.db
      .prepare(
        `WITH RECURSIVE down(id) AS (
         SELECT from_id FROM concept_links WHERE to_id = ? AND kind = 'broader'
         UNION SELECT l.from_id FROM concept_links l JOIN down ON l.to_id = down.id WHERE l.kind = 'broader'
       ) SELECT id FROM down`,
      )
      .pluck()
      .all(id) as string[];
  }

  // ── writes ───────────────────────────────────────────────────────────────

  create(input: NewConcept): string {
    return this.write(() => {
      const id = input.id ?? newId();
      const uri = input.uri ?? conceptUriFor(id);
      if (this.byUri(uri) !== undefined) {
        throw new RatioError('CONFLICT', `A concept with URI ${uri} already exists.`, { key: 'core.conceptUriTaken', params: { uri } });
      }
      const now = nowIso();
      this.db.prepare('INSERT INTO concepts (id, uri, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, uri, now, now);
      for (const label of input.labels) this.insertLabel(id, label.lang, label.kind, label.text);
      for (const note of input.scopeNotes ?? []) this.putNote(id, note.lang, note.text);
      for (const code of input.codes ?? [])
        this.db.prepare("INSERT OR IGNORE INTO concept_codes (concept_id, scheme, code) VALUES (?, 'ipc', ?)").run(id, code);
      for (const broader of input.broader ?? []) this.addBroader(id, broader);
      return id;
    });
  }

  private insertLabel(id: string, lang: string, kind: LabelKind, text: string): boolean {
    if (kind === 'pref') {
      const current = this.db.prepare("SELECT text FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref'").pluck().get(id, lang) as
        string | undefined;
      if (current === text) return false;
      if (current !== undefined) {
        // The old preferred label stays findable as an alternative one.
        this.db.prepare("DELETE FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref'").run(id, lang);
        this.db.prepare("INSERT OR IGNORE INTO concept_labels (concept_id, lang, kind, text) VALUES (?, ?, 'alt', ?)").run(id, lang, current);
      }
      this.db.prepare("DELETE FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind <> 'pref' AND text = ?").run(id, lang, text);
    } else if (this.db.prepare("SELECT 1 FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref' AND text = ?").get(id, lang, text)) {
      return false; // already the preferred label: an alternative of the same text would say nothing more
    }
    return this.db.prepare('INSERT OR IGNORE INTO concept_labels (concept_id, lang, kind, text) VALUES (?, ?, ?, ?)').run(id, lang, kind, text).changes > 0;
  }

  /** Adds a label; a preferred one replaces the language's preferred label, which becomes an alternative. Returns whether anything changed. */
  addLabel(id: string, lang: string, kind: LabelKind, text: string): boolean {
    return this.write(() => {
      this.require(id);
      const changed = this.insertLabel(id, lang, kind, text);
      if (changed) this.touch(id);
      return changed;
    });
  }

  setPref(id: string, lang: string, text: string): boolean {
    return this.addLabel(id, lang, 'pref', text);
  }

  /** Removes a label; the last preferred label of a concept stays (a concept must be called something). */
  removeLabel(id: string, lang: string, kind: LabelKind, text: string): void {
    this.write(() => {
      this.require(id);
      const exists = this.db.prepare('SELECT 1 FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = ? AND text = ?').get(id, lang, kind, text);
      if (!exists)
        throw new RatioError('NOT_FOUND', `The concept has no ${kind} label "${text}"@${lang}.`, { key: 'core.noConceptLabel', params: { text, lang } });
      if (kind === 'pref' && (this.db.prepare("SELECT count(*) FROM concept_labels WHERE concept_id = ? AND kind = 'pref'").pluck().get(id) as number) === 1) {
        throw new RatioError('INVALID_INPUT', 'A concept keeps at least one preferred label; add another before removing this one.', {
          key: 'core.lastPrefLabel',
        });
      }
      this.db.prepare('DELETE FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = ? AND text = ?').run(id, lang, kind, text);
      this.touch(id);
    });
  }

  private putNote(id: string, lang: string, text: string): void {
    if (text === '') this.db.prepare("DELETE FROM concept_notes WHERE concept_id = ? AND lang = ? AND kind = 'scope'").run(id, lang);
    else
      this.db
        .prepare(
          `INSERT INTO concept_notes (concept_id, lang, kind, text) VALUES (?, ?, 'scope', ?)
         ON CONFLICT (concept_id, lang, kind) DO UPDATE SET text = excluded.text`,
        )
        .run(id, lang, text);
  }

  /** Sets the scope note in `lang`; an empty text removes it. */
  setScopeNote(id: string, lang: string, text: string): void {
    this.write(() => {
      this.require(id);
      this.putNote(id, lang, text);
      this.touch(id);
    });
  }

  setUri(id: string, uri: string): void {
    this.write(() => {
      this.require(id);
      const other = this.byUri(uri);
      if (other === id) return;
      if (other !== undefined) throw new RatioError('CONFLICT', `A concept with URI ${uri} already exists.`, { key: 'core.conceptUriTaken', params: { uri } });
      this.db.prepare('UPDATE concepts SET uri = ? WHERE id = ?').run(uri, id);
      this.touch(id);
    });
  }

  addCode(id: string, code: string): boolean {
    return this.write(() => {
      this.require(id);
      const added = this.db.prepare("INSERT OR IGNORE INTO concept_codes (concept_id, scheme, code) VALUES (?, 'ipc', ?)").run(id, code).changes > 0;
      if (added) this.touch(id);
      return added;
    });
  }

  removeCode(id: string, code: string): boolean {
    return this.write(() => {
      this.require(id);
      const removed = this.db.prepare("DELETE FROM concept_codes WHERE concept_id = ? AND scheme = 'ipc' AND code = ?").run(id, code).changes > 0;
      if (removed) this.touch(id);
      return removed;
    });
  }

  addRelated(id: string, other: string): boolean {
    return this.write(() => {
      this.require(id);
      this.require(other);
      if (id === other) throw new RatioError('INVALID_INPUT', 'A concept cannot be related to itself.', { key: 'core.conceptRelatedSelf' });
      const [a, b] = id < other ? [id, other] : [other, id];
      const added = this.db.prepare("INSERT OR IGNORE INTO concept_links (from_id, to_id, kind) VALUES (?, ?, 'related')").run(a, b).changes > 0;
      if (added) this.touch(id);
      return added;
    });
  }

  removeRelated(id: string, other: string): boolean {
    return this.write(() => {
      const [a, b] = id < other ? [id, other] : [other, id];
      const removed = this.db.prepare("DELETE FROM concept_links WHERE from_id = ? AND to_id = ? AND kind = 'related'").run(a, b).changes > 0;
      if (removed) this.touch(id);
      return removed;
    });
  }

  private assertNoCycle(id: string, broader: string): void {
    if (broader === id || this.descendants(id).includes(broader)) {
      throw new RatioError('INVALID_INPUT', 'A concept cannot be put under itself or a concept below it.', { key: 'core.conceptUnderItself' });
    }
  }

  /** Adds a broader concept beside any it has (SKOS allows several); refuses a cycle. */
  addBroader(id: string, broader: string): boolean {
    return this.write(() => {
      this.require(id);
      this.require(broader);
      this.assertNoCycle(id, broader);
      const added = this.db.prepare("INSERT OR IGNORE INTO concept_links (from_id, to_id, kind) VALUES (?, ?, 'broader')").run(id, broader).changes > 0;
      if (added) this.touch(id);
      return added;
    });
  }

  /** Gives the concept exactly one broader concept, or none; refuses a cycle. */
  move(id: string, broader: string | null): void {
    this.write(() => {
      this.require(id);
      if (broader !== null) {
        this.require(broader);
        this.assertNoCycle(id, broader);
      }
      this.db.prepare("DELETE FROM concept_links WHERE from_id = ? AND kind = 'broader'").run(id);
      if (broader !== null) this.db.prepare("INSERT INTO concept_links (from_id, to_id, kind) VALUES (?, ?, 'broader')").run(id, broader);
      this.touch(id);
    });
  }

  /**
   * Moves everything of `from` to `into` and deletes `from`: labels (a preferred label where
   * `into` has one in that language becomes an alternative), broader, narrower and related
   * links (links between the two vanish), codes, tags and suggestions. Refuses a merge that
   * would close a cycle of broader links.
   */
  merge(from: string, into: string): MergeCounts {
    return this.write(() => {
      this.require(from);
      this.require(into);
      if (from === into) throw new RatioError('INVALID_INPUT', 'A concept cannot be merged into itself.', { key: 'core.conceptIntoItself' });
      let labels = 0;
      for (const label of this.db.prepare('SELECT concept_id, lang, kind, text FROM concept_labels WHERE concept_id = ?').all(from) as LabelRow[]) {
        const hasPref = this.db.prepare("SELECT 1 FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref'").get(into, label.lang) !== undefined;
        const kind = label.kind === 'pref' && hasPref ? 'alt' : label.kind;
        if (this.insertLabel(into, label.lang, kind, label.text)) labels += 1;
      }
      for (const note of this.db.prepare("SELECT lang, text FROM concept_notes WHERE concept_id = ? AND kind = 'scope'").all(from) as {
        lang: string;
        text: string;
      }[]) {
        this.db.prepare("INSERT OR IGNORE INTO concept_notes (concept_id, lang, kind, text) VALUES (?, ?, 'scope', ?)").run(into, note.lang, note.text);
      }
      let links = 0;
      const linkRows = this.db.prepare('SELECT from_id, to_id, kind FROM concept_links WHERE from_id = ? OR to_id = ?').all(from, from) as {
        from_id: string;
        to_id: string;
        kind: 'broader' | 'related';
      }[];
      this.db.prepare('DELETE FROM concept_links WHERE from_id = ? OR to_id = ?').run(from, from);
      for (const link of linkRows) {
        let a = link.from_id === from ? into : link.from_id;
        let b = link.to_id === from ? into : link.to_id;
        if (a === b) continue;
        if (link.kind === 'related' && a > b) [a, b] = [b, a];
        links += this.db.prepare('INSERT OR IGNORE INTO concept_links (from_id, to_id, kind) VALUES (?, ?, ?)').run(a, b, link.kind).changes;
      }
      if (this.descendants(into).includes(into)) {
        throw new RatioError('INVALID_INPUT', 'Merging these concepts would put a concept under itself.', { key: 'core.conceptMergeCycle' });
      }
      const codes = this.db
        .prepare('INSERT OR IGNORE INTO concept_codes (concept_id, scheme, code) SELECT ?, scheme, code FROM concept_codes WHERE concept_id = ?')
        .run(into, from).changes;
      const tags = this.db.prepare('UPDATE tags SET concept_id = ? WHERE concept_id = ?').run(into, from).changes;
      this.db.prepare('UPDATE OR IGNORE concept_suggestions SET concept_id = ? WHERE concept_id = ?').run(into, from);
      this.db.prepare('DELETE FROM concepts WHERE id = ?').run(from);
      this.touch(into);
      return { labels, links, codes, tags };
    });
  }

  /** The rows of these concepts as stored (see ConceptSnapshot); concepts that do not exist have none. */
  snapshot(ids: readonly string[]): ConceptSnapshot {
    const json = JSON.stringify([...new Set(ids)].sort());
    const of = <T>(sql: string): T[] => this.db.prepare(sql).all({ ids: json }) as T[];
    const IN = '(SELECT value FROM json_each(@ids))';
    return {
      concepts: of(`SELECT id, uri, created_at, updated_at FROM concepts WHERE id IN ${IN} ORDER BY id`),
      labels: of(`SELECT concept_id, lang, kind, text FROM concept_labels WHERE concept_id IN ${IN} ORDER BY concept_id, lang, kind, text`),
      notes: of(`SELECT concept_id, lang, kind, text FROM concept_notes WHERE concept_id IN ${IN} ORDER BY concept_id, lang, kind`),
      links: of(`SELECT from_id, to_id, kind FROM concept_links WHERE from_id IN ${IN} OR to_id IN ${IN} ORDER BY from_id, to_id, kind`),
      codes: of(`SELECT concept_id, scheme, code FROM concept_codes WHERE concept_id IN ${IN} ORDER BY concept_id, scheme, code`),
      suggestions: of(
        `SELECT id, concept_id, lang, text, source, state, created_at, decided_at FROM concept_suggestions WHERE concept_id IN ${IN} ORDER BY id`,
      ),
      tags: of(`SELECT id, concept_id FROM tags WHERE concept_id IN ${IN} ORDER BY id`),
    };
  }

  /**
   * Puts the concepts `ids` back exactly as `snapshot` (taken of the same ids) holds them:
   * whatever they have now goes, the snapshot's rows come back, and the tags it names point
   * at them again. The caller checks that nothing the snapshot links to has gone since.
   */
  restoreSnapshot(ids: readonly string[], snapshot: ConceptSnapshot): void {
    this.write(() => {
      const json = JSON.stringify([...new Set(ids)]);
      // Labels, notes, links, codes and suggestions go with their concepts (ON DELETE CASCADE); tags let go of them.
      this.db.prepare('DELETE FROM concepts WHERE id IN (SELECT value FROM json_each(?))').run(json);
      const run = (sql: string, rows: readonly object[]): void => {
        const statement = this.db.prepare(sql);
        for (const row of rows) statement.run(row);
      };
      run('INSERT INTO concepts (id, uri, created_at, updated_at) VALUES (@id, @uri, @created_at, @updated_at)', snapshot.concepts);
      run('INSERT INTO concept_labels (concept_id, lang, kind, text) VALUES (@concept_id, @lang, @kind, @text)', snapshot.labels);
      run('INSERT INTO concept_notes (concept_id, lang, kind, text) VALUES (@concept_id, @lang, @kind, @text)', snapshot.notes);
      run('INSERT INTO concept_links (from_id, to_id, kind) VALUES (@from_id, @to_id, @kind)', snapshot.links);
      run('INSERT INTO concept_codes (concept_id, scheme, code) VALUES (@concept_id, @scheme, @code)', snapshot.codes);
      run(
        `INSERT INTO concept_suggestions (id, concept_id, lang, text, source, state, created_at, decided_at)
         VALUES (@id, @concept_id, @lang, @text, @source, @state, @created_at, @decided_at)`,
        snapshot.suggestions,
      );
      run('UPDATE tags SET concept_id = @concept_id WHERE id = @id', snapshot.tags);
    });
  }

  /** Deletes a concept; refused while a tag points at it. */
  delete(id: string): void {
    this.write(() => {
      this.require(id);
      const tagIds = this.db.prepare('SELECT id FROM tags WHERE concept_id = ? ORDER BY id').pluck().all(id) as string[];
      if (tagIds.length > 0) {
        const paths = tagIds.map((t) => this.tagPath(t));
        throw new RatioError('CONFLICT', `Tags use this concept: ${paths.join(', ')}. Delete or relink the tags first.`, {
          key: 'core.conceptUsedByTags',
          params: { tags: paths.join(', '), count: paths.length },
        });
      }
      this.db.prepare('DELETE FROM concepts WHERE id = ?').run(id);
    });
  }

  /** Points a tag at a concept (or at none). */
  linkTag(tagId: string, conceptId: string | null): void {
    this.write(() => {
      if (conceptId !== null) this.require(conceptId);
      if (this.db.prepare('UPDATE tags SET concept_id = ? WHERE id = ?').run(conceptId, tagId).changes === 0) {
        throw new RatioError('NOT_FOUND', `There is no tag with id ${tagId}.`);
      }
    });
  }

  /** The concept a tag points at. */
  conceptOfTag(tagId: string): string | null {
    return (this.db.prepare('SELECT concept_id FROM tags WHERE id = ?').pluck().get(tagId) as string | null | undefined) ?? null;
  }

  // ── suggestions ──────────────────────────────────────────────────────────

  /** Records a candidate label unless the concept has it or it was decided before. Returns whether it is new. */
  suggest(conceptId: string, lang: string, text: string, source: string): boolean {
    return this.write(() => {
      this.require(conceptId);
      if (this.db.prepare('SELECT 1 FROM concept_labels WHERE concept_id = ? AND lang = ? AND text = ?').get(conceptId, lang, text)) return false;
      return (
        this.db
          .prepare(`INSERT OR IGNORE INTO concept_suggestions (id, concept_id, lang, text, source, state, created_at) VALUES (?, ?, ?, ?, ?, 'open', ?)`)
          .run(newId(), conceptId, lang, text, source, nowIso()).changes > 0
      );
    });
  }

  suggestions(state: Suggestion['state'], conceptId?: string, limit = 200): Suggestion[] {
    const rows = this.db
      .prepare(
        `SELECT id, concept_id, lang, text, source, state, created_at, decided_at FROM concept_suggestions
         WHERE state = ? ${conceptId === undefined ? '' : 'AND concept_id = ?'} ORDER BY created_at, id LIMIT ?`,
      )
      .all(...(conceptId === undefined ? [state, limit] : [state, conceptId, limit])) as {
      id: string;
      concept_id: string;
      lang: string;
      text: string;
      source: string;
      state: Suggestion['state'];
      created_at: string;
      decided_at: string | null;
    }[];
    return rows.map((r) => ({
      id: r.id,
      conceptId: r.concept_id,
      lang: r.lang,
      text: r.text,
      source: r.source,
      state: r.state,
      createdAt: r.created_at,
      decidedAt: r.decided_at,
    }));
  }

  private openSuggestion(id: string): { concept_id: string; lang: string; text: string } {
    const row = this.db.prepare('SELECT concept_id, lang, text, state FROM concept_suggestions WHERE id = ?').get(id) as
      { concept_id: string; lang: string; text: string; state: string } | undefined;
    if (!row) throw new RatioError('NOT_FOUND', `There is no suggestion with id ${id}.`, { key: 'core.noSuggestion' });
    if (row.state !== 'open')
      throw new RatioError('CONFLICT', `The suggestion was already ${row.state}.`, { key: 'core.suggestionDecided', params: { state: row.state } });
    return row;
  }

  /** Adds the suggested label to its concept (alternative by default) and marks it accepted; returns the concept's id. */
  acceptSuggestion(id: string, kind: 'pref' | 'alt' = 'alt'): string {
    return this.write(() => {
      const row = this.openSuggestion(id);
      this.insertLabel(row.concept_id, row.lang, kind, row.text);
      this.touch(row.concept_id);
      this.db.prepare("UPDATE concept_suggestions SET state = 'accepted', decided_at = ? WHERE id = ?").run(nowIso(), id);
      return row.concept_id;
    });
  }

  rejectSuggestion(id: string): void {
    this.write(() => {
      this.openSuggestion(id);
      this.db.prepare("UPDATE concept_suggestions SET state = 'rejected', decided_at = ? WHERE id = ?").run(nowIso(), id);
    });
  }
}

function compareLabels(a: { lang: string; kind: LabelKind; text: string }, b: { lang: string; kind: LabelKind; text: string }): number {
  const kinds: LabelKind[] = ['pref', 'alt', 'hidden'];
  return langRank(a.lang) - langRank(b.lang) || a.lang.localeCompare(b.lang) || kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || a.text.localeCompare(b.text);
}

function langRank(lang: string): number {
  const at = DISPLAY_ORDER.indexOf(lang);
  return at === -1 ? DISPLAY_ORDER.length : at;
}

function compareNodes(a: ConceptNode, b: ConceptNode): number {
  return displayLabel(a.prefLabels).localeCompare(displayLabel(b.prefLabels)) || a.id.localeCompare(b.id);
}

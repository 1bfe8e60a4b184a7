import type { Database, Statement } from 'better-sqlite3';
import { languageOfScript } from '../../../shared/label-language.js';
import { nowIso } from '../ids.js';
import { RatioError } from '../../../shared/errors.js';
import { BUMP_THESAURUS_REVISION, THESAURUS_REVISION_SETTING, type ConceptRepository } from './concepts.js';

/**
 * Keeps every tag pointing at a concept, as migration 13 left them: a tag made later gets a
 * concept of its own (the tag's id, urn:ratio:tag:<id>, its name the preferred label in its
 * script's language, the parent tag's concept as broader), and its synonyms become
 * alternative labels. A renamed, moved or merged tag takes its concept along where the
 * concept still says what the tag said. Absent on a catalogue opened with a schema older than 13 (tests).
 */
export class TagConcepts {
  private readonly insertConcept: Statement;
  private readonly insertLabel: Statement;
  private readonly insertAlt: Statement;
  private readonly insertBroader: Statement;
  private readonly link: Statement;
  private readonly conceptOf: Statement;
  private readonly bump: Statement;

  static for(db: Database, concepts?: ConceptRepository): TagConcepts | undefined {
    const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'concepts'").get() !== undefined;
    return has ? new TagConcepts(db, concepts) : undefined;
  }

  private constructor(
    private readonly db: Database,
    private readonly concepts: ConceptRepository | undefined,
  ) {
    this.insertConcept = db.prepare('INSERT OR IGNORE INTO concepts (id, uri, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.insertLabel = db.prepare('INSERT OR IGNORE INTO concept_labels (concept_id, lang, kind, text) VALUES (?, ?, ?, ?)');
    this.insertAlt = db.prepare(
      `INSERT OR IGNORE INTO concept_labels (concept_id, lang, kind, text)
       SELECT @concept, @lang, 'alt', @text WHERE NOT EXISTS (SELECT 1 FROM concept_labels WHERE concept_id = @concept AND lang = @lang AND text = @text)`,
    );
    this.insertBroader = db.prepare("INSERT OR IGNORE INTO concept_links (from_id, to_id, kind) VALUES (?, ?, 'broader')");
    this.link = db.prepare('UPDATE tags SET concept_id = ? WHERE id = ?');
    this.conceptOf = db.prepare('SELECT concept_id FROM tags WHERE id = ?').pluck();
    this.bump = db.prepare(BUMP_THESAURUS_REVISION);
  }

  /** Gives a tag just inserted its concept. */
  tagCreated(tagId: string, name: string, parentId: string | null): void {
    const now = nowIso();
    this.insertConcept.run(tagId, `urn:ratio:tag:${tagId}`, now, now);
    this.insertLabel.run(tagId, languageOfScript(name), 'pref', name);
    const broader = parentId === null ? null : (this.conceptOf.get(parentId) as string | null);
    if (broader !== null && broader !== tagId) this.insertBroader.run(tagId, broader);
    this.link.run(tagId, tagId);
    this.bump.run(THESAURUS_REVISION_SETTING);
  }

  /** Adds a tag's synonyms to its concept as alternative labels (a label already there stays as it is). */
  synonymsAdded(tagId: string, synonyms: readonly string[]): void {
    const concept = this.conceptOf.get(tagId) as string | null | undefined;
    if (concept === null || concept === undefined || synonyms.length === 0) return;
    for (const synonym of synonyms) this.insertAlt.run({ concept, lang: languageOfScript(synonym), text: synonym });
    this.bump.run(THESAURUS_REVISION_SETTING);
  }

  private concept(tagId: string): string | null {
    return (this.conceptOf.get(tagId) as string | null | undefined) ?? null;
  }

  /** The tag's name was its concept's preferred label: the new name takes its place; otherwise the new name is added as an alternative. */
  tagRenamed(tagId: string, oldName: string, newName: string): void {
    const concept = this.concept(tagId);
    if (concept === null || oldName === newName) return;
    const oldLang = languageOfScript(oldName);
    const lang = languageOfScript(newName);
    this.db.prepare("DELETE FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref' AND text = ?").run(concept, oldLang, oldName);
    const hasPref = this.db.prepare("SELECT 1 FROM concept_labels WHERE concept_id = ? AND lang = ? AND kind = 'pref'").get(concept, lang) !== undefined;
    if (hasPref) this.insertAlt.run({ concept, lang, text: newName });
    else {
      this.db.prepare('DELETE FROM concept_labels WHERE concept_id = ? AND lang = ? AND text = ?').run(concept, lang, newName);
      this.insertLabel.run(concept, lang, 'pref', newName);
    }
    this.bump.run(THESAURUS_REVISION_SETTING);
  }

  /**
   * The tag now has another parent: its concept leaves the old parent's concept for the new
   * one's. A link that would close a cycle (the thesaurus was arranged otherwise) is left out.
   */
  tagReparented(tagId: string, oldParent: string | null, newParent: string | null): void {
    const concept = this.concept(tagId);
    if (concept === null || oldParent === newParent) return;
    const from = oldParent === null ? null : this.concept(oldParent);
    const to = newParent === null ? null : this.concept(newParent);
    if (from !== null) this.db.prepare("DELETE FROM concept_links WHERE from_id = ? AND to_id = ? AND kind = 'broader'").run(concept, from);
    if (to !== null && to !== concept) {
      const below = this.db
        .prepare(
          `WITH RECURSIVE down(id) AS (SELECT ? UNION SELECT l.from_id FROM concept_links l JOIN down ON l.to_id = down.id WHERE l.kind = 'broader')
           SELECT 1 FROM down WHERE id = ?`,
        )
        .get(concept, to);
      if (below === undefined) this.insertBroader.run(concept, to);
    }
    this.bump.run(THESAURUS_REVISION_SETTING);
  }

  /** Before `fromTag` is merged into `intoTag`: a concept only `fromTag` used is merged into `intoTag`'s, so its labels stay. */
  tagsMerging(fromTag: string, intoTag: string): void {
    const from = this.concept(fromTag);
    const into = this.concept(intoTag);
    if (from === null || into === null || from === into || !this.concepts) return;
    const users = this.db.prepare('SELECT count(*) FROM tags WHERE concept_id = ?').pluck().get(from) as number;
    if (users !== 1) return;
    try {
      this.concepts.merge(from, into);
    } catch (error) {
      // A merge that would close a cycle leaves the concepts apart; the tag merge goes on.
      if (!(error instanceof RatioError) || error.code !== 'INVALID_INPUT') throw error;
    }
  }
}

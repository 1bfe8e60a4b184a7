import type { Database, Statement } from 'better-sqlite3';
import { languageOfScript } from '../../../shared/label-language.js';
import { nowIso } from '../ids.js';
import { BUMP_THESAURUS_REVISION, THESAURUS_REVISION_SETTING } from './concepts.js';

/**
 * Keeps every tag pointing at a concept, as migration 13 left them: a tag made later gets a
 * concept of its own (the tag's id, urn:ratio:tag:<id>, its name the preferred label in its
 * script's language, the parent tag's concept as broader), and its synonyms become
 * alternative labels. Absent on a catalogue opened with a schema older than 13 (tests).
 */
export class TagConcepts {
  private readonly insertConcept: Statement;
  private readonly insertLabel: Statement;
  private readonly insertAlt: Statement;
  private readonly insertBroader: Statement;
  private readonly link: Statement;
  private readonly conceptOf: Statement;
  private readonly bump: Statement;

  static for(db: Database): TagConcepts | undefined {
    const has = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'concepts'").get() !== undefined;
    return has ? new TagConcepts(db) : undefined;
  }

  private constructor(db: Database) {
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
}

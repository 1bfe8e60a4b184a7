import type { Database } from 'better-sqlite3';
import { languageOfScript } from '../../../shared/label-language.js';

/** The URI a concept made from a tag gets: the tag's id is all that names it for certain. */
export const tagConceptUri = (tagId: string): string => `urn:ratio:tag:${tagId}`;

/**
 * Part of migration 13, kept apart from the repositories so later changes to them cannot
 * change what the migration did: every tag becomes a concept with the tag's id, its name the
 * preferred label and its synonyms alternative labels (each in its script's language), and
 * the parent tag's concept as its broader concept.
 */
export function conceptsFromTags(db: Database): void {
  const now = new Date().toISOString();
  const tags = db.prepare('SELECT id, name, parent_id FROM tags').all() as { id: string; name: string; parent_id: string | null }[];
  const insertConcept = db.prepare('INSERT INTO concepts (id, uri, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const insertLabel = db.prepare('INSERT OR IGNORE INTO concept_labels (concept_id, lang, kind, text) VALUES (?, ?, ?, ?)');
  const insertBroader = db.prepare("INSERT INTO concept_links (from_id, to_id, kind) VALUES (?, ?, 'broader')");
  const link = db.prepare('UPDATE tags SET concept_id = ? WHERE id = ?');
  const synonyms = db.prepare('SELECT synonym FROM tag_synonyms WHERE tag_id = ? ORDER BY synonym').pluck();
  for (const tag of tags) {
    insertConcept.run(tag.id, tagConceptUri(tag.id), now, now);
    const prefLang = languageOfScript(tag.name);
    insertLabel.run(tag.id, prefLang, 'pref', tag.name);
    for (const synonym of synonyms.all(tag.id) as string[]) {
      const lang = languageOfScript(synonym);
      if (lang === prefLang && synonym === tag.name) continue;
      insertLabel.run(tag.id, lang, 'alt', synonym);
    }
    link.run(tag.id, tag.id);
  }
  for (const tag of tags) if (tag.parent_id !== null) insertBroader.run(tag.id, tag.parent_id);
}

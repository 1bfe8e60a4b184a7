import type { Database } from 'better-sqlite3';
import { conceptsFromTags } from './concepts-from-tags.js';

export interface Migration {
  version: number;
  description: string;
  up(db: Database): void;
}

/**
 * Empties the search layer's rows per document and forgets the index version, so the next
 * search re-indexes once, with progress: the end of each migration that drops the postings.
 * Shipped migrations run this text, so it never changes; a migration needing other SQL
 * writes its own.
 */
const FORGET_INDEXED_DOCS = `
        DELETE FROM search_doc_tags;
        DELETE FROM search_doc_classes;
        DELETE FROM search_docs;
        DELETE FROM settings WHERE key = 'search.index_version';`;

/**
 * Numbered migrations; PRAGMA user_version records the last one applied. Never edit a
 * migration that has shipped: add the next number instead, so every older catalogue
 * walks the same path to the current schema.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'entries, enterprises, people, tags, attachments',
    up(db) {
      db.exec(`
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) STRICT;

        CREATE TABLE enterprises (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) > 0),
          place TEXT NOT NULL DEFAULT '',
          industry TEXT NOT NULL DEFAULT '',
          public_key TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE people (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL UNIQUE CHECK (length(name) > 0)
        ) STRICT;

        CREATE TABLE entries (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('proposal', 'invention', 'method')),
          title TEXT NOT NULL CHECK (length(title) > 0),
          summary TEXT NOT NULL DEFAULT '',
          body TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'accepted', 'implemented', 'rejected', 'archived')),
          language TEXT NOT NULL,
          enterprise_id TEXT REFERENCES enterprises(id) ON DELETE RESTRICT,
          registration TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          revision INTEGER NOT NULL DEFAULT 1
        ) STRICT;
        CREATE INDEX entries_kind ON entries(kind);
        CREATE INDEX entries_status ON entries(status);
        CREATE INDEX entries_enterprise ON entries(enterprise_id);
        CREATE INDEX entries_updated ON entries(updated_at);

        CREATE TABLE entry_authors (
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          person_id TEXT NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
          PRIMARY KEY (entry_id, position)
        ) STRICT;

        CREATE TABLE entry_classifications (
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          code TEXT NOT NULL,
          PRIMARY KEY (entry_id, position),
          UNIQUE (entry_id, code)
        ) STRICT;
        CREATE INDEX entry_classifications_code ON entry_classifications(code);

        CREATE TABLE tags (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL CHECK (length(name) > 0 AND instr(name, '/') = 0),
          parent_id TEXT REFERENCES tags(id) ON DELETE RESTRICT
        ) STRICT;
        CREATE UNIQUE INDEX tags_sibling_name ON tags(coalesce(parent_id, ''), name COLLATE NOCASE);

        CREATE TABLE tag_synonyms (
          tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
          synonym TEXT NOT NULL COLLATE NOCASE,
          PRIMARY KEY (tag_id, synonym)
        ) STRICT;

        CREATE TABLE entry_tags (
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
          PRIMARY KEY (entry_id, tag_id)
        ) STRICT;
        CREATE INDEX entry_tags_tag ON entry_tags(tag_id);

        -- Content-addressed blobs live in attachments/<sha256> beside the database.
        CREATE TABLE blobs (
          sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
          size INTEGER NOT NULL CHECK (size >= 0)
        ) STRICT;

        CREATE TABLE entry_attachments (
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          sha256 TEXT NOT NULL REFERENCES blobs(sha256) ON DELETE RESTRICT,
          media_type TEXT NOT NULL,
          position INTEGER NOT NULL,
          PRIMARY KEY (entry_id, name)
        ) STRICT;
        CREATE INDEX entry_attachments_blob ON entry_attachments(sha256);
      `);
    },
  },
  {
    version: 2,
    description: 'adoptions and effects, links, revisions, provenance',
    up(db) {
      db.exec(`
        CREATE TABLE adoptions (
          id TEXT PRIMARY KEY,
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          enterprise_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE RESTRICT,
          adopted_on TEXT NOT NULL,
          note TEXT NOT NULL DEFAULT '',
          created_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX adoptions_entry ON adoptions(entry_id);
        CREATE INDEX adoptions_enterprise ON adoptions(enterprise_id);

        CREATE TABLE adoption_effects (
          adoption_id TEXT NOT NULL REFERENCES adoptions(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          indicator TEXT NOT NULL,
          before_value REAL,
          after_value REAL,
          unit TEXT NOT NULL DEFAULT '',
          period TEXT NOT NULL DEFAULT '',
          note TEXT NOT NULL DEFAULT '',
          PRIMARY KEY (adoption_id, position)
        ) STRICT;

        CREATE TABLE links (
          from_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          to_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          type TEXT NOT NULL CHECK (type IN ('related', 'supersedes', 'derived-from', 'duplicate-of')),
          created_at TEXT NOT NULL,
          PRIMARY KEY (from_id, to_id, type),
          CHECK (from_id <> to_id)
        ) STRICT;
        CREATE INDEX links_to ON links(to_id);

        -- No foreign key to entries: the history of a deleted entry is kept so it can be restored.
        CREATE TABLE revisions (
          entry_id TEXT NOT NULL,
          number INTEGER NOT NULL,
          at TEXT NOT NULL,
          author TEXT,
          action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete', 'restore', 'import')),
          changed TEXT NOT NULL,
          snapshot TEXT NOT NULL,
          content_hash TEXT NOT NULL,
          PRIMARY KEY (entry_id, number)
        ) STRICT;

        CREATE TABLE bundles (
          id TEXT PRIMARY KEY,
          producer_id TEXT REFERENCES enterprises(id) ON DELETE SET NULL,
          producer_name TEXT NOT NULL,
          created_at TEXT NOT NULL,
          received_at TEXT NOT NULL,
          counts TEXT NOT NULL DEFAULT '{}'
        ) STRICT;

        CREATE TABLE provenance (
          entry_id TEXT NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
          bundle_id TEXT NOT NULL REFERENCES bundles(id) ON DELETE CASCADE,
          PRIMARY KEY (entry_id, bundle_id)
        ) STRICT;
      `);
    },
  },
  {
    version: 3,
    description: 'search index: FTS5 postings of normalised terms, facet columns, vocabulary',
    up(db) {
      // Contentless FTS5: it holds only the postings of the terms the language pipeline
      // produced (electron/search/pipeline.ts), so the ascii tokenizer just splits on spaces.
      // search_docs maps FTS5 rowids to entries (entry rowids may change on VACUUM) and keeps
      // the columns filters and facets group by, next to the postings' rowids.
      db.exec(`
        CREATE VIRTUAL TABLE search_index USING fts5(
          title, tags, classification, summary, body, authors, enterprise, registration,
          content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '2 3'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');

        CREATE TABLE search_docs (
          docid INTEGER PRIMARY KEY,
          entry_id TEXT NOT NULL UNIQUE REFERENCES entries(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          status TEXT NOT NULL,
          language TEXT NOT NULL,
          enterprise_id TEXT,
          year INTEGER NOT NULL,
          created_at TEXT NOT NULL,
          title_key TEXT NOT NULL,
          has_attachments INTEGER NOT NULL,
          sections INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX search_docs_created ON search_docs(created_at);
        CREATE INDEX search_docs_title ON search_docs(title_key);

        -- A tag and all its ancestors, so a tag filter includes descendants without recursion.
        CREATE TABLE search_doc_tags (
          tag_id TEXT NOT NULL,
          docid INTEGER NOT NULL REFERENCES search_docs(docid) ON DELETE CASCADE,
          PRIMARY KEY (tag_id, docid)
        ) WITHOUT ROWID, STRICT;
        CREATE INDEX search_doc_tags_doc ON search_doc_tags(docid, tag_id);

        CREATE TABLE search_doc_classes (
          code TEXT NOT NULL,
          docid INTEGER NOT NULL REFERENCES search_docs(docid) ON DELETE CASCADE,
          PRIMARY KEY (code, docid)
        ) WITHOUT ROWID, STRICT;
        CREATE INDEX search_doc_classes_doc ON search_doc_classes(docid);
      `);
    },
  },
  {
    version: 4,
    description: 'exchange: exports sent, entries sent per recipient, import log, kept-both variants',
    up(db) {
      db.exec(`
        CREATE TABLE exports (
          id TEXT PRIMARY KEY,
          recipient_id TEXT REFERENCES enterprises(id) ON DELETE SET NULL,
          recipient_name TEXT,
          created_at TEXT NOT NULL,
          selection TEXT NOT NULL,
          counts TEXT NOT NULL DEFAULT '{}'
        ) STRICT;

        -- What each recipient last received of each entry, so a delta export sends only what changed.
        -- No foreign key to entries: a deleted entry's record is kept like its history.
        CREATE TABLE exported_entries (
          recipient_id TEXT NOT NULL REFERENCES enterprises(id) ON DELETE CASCADE,
          entry_id TEXT NOT NULL,
          record_hash TEXT NOT NULL,
          bundle_id TEXT NOT NULL,
          PRIMARY KEY (recipient_id, entry_id)
        ) STRICT;

        CREATE TABLE imports (
          id TEXT PRIMARY KEY,
          bundle_id TEXT NOT NULL,
          producer_name TEXT NOT NULL,
          at TEXT NOT NULL,
          actor TEXT,
          signature TEXT NOT NULL,
          counts TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX imports_at ON imports(at);

        -- An incoming entry kept beside a conflicting local one lives under a new id; later
        -- bundles carrying the incoming id are merged into that variant.
        CREATE TABLE variants (
          incoming_id TEXT PRIMARY KEY,
          variant_id TEXT NOT NULL,
          created_at TEXT NOT NULL
        ) STRICT;
      `);
    },
  },
  {
    version: 5,
    description: 'search index: FTS5 keeps up to 32 MB of pending postings in memory before writing a segment',
    up(db) {
      // The default (1 MB) writes a small segment every few dozen entries of a bulk load
      // (re-index, bundle import), which FTS5 then merges again and again; 32 MB makes about
      // a fifth less work per entry indexed. A single edit is flushed at commit either way.
      // No schema change: the postings stay as they are, nothing is re-indexed.
      db.exec("INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432)");
    },
  },
  {
    version: 6,
    description: 'search index: no 2- and 3-character prefix indexes; the catalogue re-indexes once',
    up(db) {
      // With the two prefix indexes FTS5 posted every token three times: without them a bundle of 10,000
      // entries indexes in about half the FTS5 time. Prefix queries still work (FTS5 reads
      // the terms in the prefix's range); those the benchmarks time have four characters,
      // which the indexes never served. FTS5 cannot drop a prefix index, so the table is made
      // again, empty; clearing the index version makes the next search re-index once, with progress.
      db.exec(`
        DROP TABLE search_vocab;
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
          title, tags, classification, summary, body, authors, enterprise, registration,
          content = '', contentless_delete = 1, tokenize = 'ascii'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');
        INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
        ${FORGET_INDEXED_DOCS}
      `);
    },
  },
  {
    version: 7,
    description: 'search index: 3- and 4-character prefix indexes; the catalogue re-indexes once',
    up(db) {
      // A prefix query without an index merges the postings of every term in the prefix's
      // range (dozens for "cond*"); with one it reads a single list. At 100,000 entries the
      // p95 of a 4-character prefix search fell from 122 to 63 ms, for a quarter more index
      // and a slower bulk import (still well within its budget). Shorter prefixes match too
      // much to be worth a list; longer ones have few terms in range.
      db.exec(`
        DROP TABLE search_vocab;
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
          title, tags, classification, summary, body, authors, enterprise, registration,
          content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '3 4'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');
        INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
        ${FORGET_INDEXED_DOCS}
      `);
    },
  },
  {
    version: 8,
    description:
      'search index: impact postings (each term and adjacent pair of an entry with its weighted frequency and length); the catalogue re-indexes once',
    up(db) {
      // bm25() decodes every match's positions and reads its length row: at 1,000,000
      // entries a term in 3 % of them costs 25 ms to rank and 1 ms to list. These postings
      // list the entries by what they score (electron/search/impacts.ts), so ranking is sums
      // in memory, and a two-word phrase is one list instead of two position lists.
      db.exec(`
        CREATE VIRTUAL TABLE search_impacts USING fts5(
          impacts, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
        );
        CREATE VIRTUAL TABLE search_impact_vocab USING fts5vocab(search_impacts, 'row');
        INSERT INTO search_impacts (search_impacts, rank) VALUES ('hashsize', 33554432);
        INSERT INTO search_index (search_index) VALUES ('delete-all');
        ${FORGET_INDEXED_DOCS}
      `);
    },
  },
  {
    version: 9,
    description: 'revisions: where a revision came from when it was not typed here (e.g. "csv:entries.csv")',
    up(db) {
      // Null for every earlier revision and for edits made here; a CSV or Markdown import
      // names its file, so an entry's history says which file changed it.
      db.exec('ALTER TABLE revisions ADD COLUMN source TEXT');
    },
  },
  {
    version: 10,
    description:
      'exchange: tag and synonym names indexed case-folded; received bundles keyed by producer; entry origins; revisions keep their source and what the producer claimed',
    up(db) {
      // Tag look-ups by name alone (a single-name path, a synonym) scanned the whole table, so
      // importing a vocabulary of n tags cost n²; these indexes use the columns' own NOCASE
      // collation, which the look-ups ask for.
      // A bundle id is only unique per producer: bundles.id becomes this catalogue's key for a
      // received bundle (the producer's id when no other producer used it) and
      // producer_bundle_id is the id the producer gave it.
      // entry_origins names the enterprise whose bundle first brought an entry (no row: made
      // here); only that enterprise may update it without the person deciding. Like
      // revisions it has no foreign key to entries: a deleted entry keeps its history.
      // A revision that arrived in a bundle keeps the signer as source_id and the producer's
      // own number, time, author and action in claimed (JSON); its own fields are this catalogue's.
      db.exec(`
        CREATE INDEX tags_name ON tags(name COLLATE NOCASE);
        CREATE INDEX tags_parent ON tags(parent_id);
        CREATE INDEX tag_synonyms_synonym ON tag_synonyms(synonym);

        ALTER TABLE bundles ADD COLUMN producer_bundle_id TEXT NOT NULL DEFAULT '';
        UPDATE bundles SET producer_bundle_id = id;
        CREATE UNIQUE INDEX bundles_by_producer ON bundles(producer_id, producer_bundle_id);

        CREATE TABLE entry_origins (
          entry_id TEXT PRIMARY KEY,
          enterprise_id TEXT REFERENCES enterprises(id) ON DELETE SET NULL
        ) STRICT;

        ALTER TABLE revisions ADD COLUMN source_id TEXT REFERENCES enterprises(id) ON DELETE SET NULL;
        ALTER TABLE revisions ADD COLUMN claimed TEXT;
      `);
    },
  },
  {
    version: 11,
    description:
      'curation: trash with the relations of deleted entries, undo log, saved searches, pairs that are not duplicates, which way an effect is better',
    up(db) {
      // Deleting an entry drops its adoptions, links and provenance with it (foreign keys
      // cascade); the trash keeps them, as they were, so a restore brings them back. Entries
      // deleted before this migration have only their history: their relations were lost then.
      db.exec(`
        CREATE TABLE trash (
          entry_id TEXT PRIMARY KEY,
          deleted_at TEXT NOT NULL,
          deleted_by TEXT,
          revision INTEGER NOT NULL,
          merged_into TEXT,
          relations TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
        CREATE INDEX trash_deleted ON trash(deleted_at);
        INSERT INTO trash (entry_id, deleted_at, deleted_by, revision)
          SELECT r.entry_id, r.at, r.author, r.number FROM revisions r
          WHERE r.action = 'delete'
            AND r.number = (SELECT max(x.number) FROM revisions x WHERE x.entry_id = r.entry_id)
            AND r.entry_id NOT IN (SELECT id FROM entries);

        CREATE TABLE undo_actions (
          token TEXT PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT,
          label TEXT NOT NULL,
          plan TEXT NOT NULL,
          undone_at TEXT
        ) STRICT;
        CREATE INDEX undo_actions_at ON undo_actions(at);

        CREATE TABLE saved_searches (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) > 0),
          query TEXT NOT NULL,
          filters TEXT NOT NULL,
          sort TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        -- No foreign keys: a judgement about two entries outlives a stay in the trash.
        CREATE TABLE not_duplicates (
          a TEXT NOT NULL,
          b TEXT NOT NULL,
          created_at TEXT NOT NULL,
          actor TEXT,
          PRIMARY KEY (a, b),
          CHECK (a < b)
        ) STRICT;

        ALTER TABLE adoption_effects ADD COLUMN better TEXT CHECK (better IN ('higher', 'lower'));
      `);
    },
  },
  {
    version: 12,
    description: 'search: the surface vocabulary (words as typed, their terms, entry counts) for fuzzy words and "Did you mean"',
    up(db) {
      // Filled by the indexer with the postings; clearing the index version makes the next
      // search re-index once (with progress), which fills it for the entries already there.
      db.exec(`
        CREATE TABLE search_words (
          id INTEGER PRIMARY KEY,
          word TEXT NOT NULL UNIQUE,
          terms TEXT NOT NULL,
          docs INTEGER NOT NULL
        ) STRICT;
        -- Each document's distinct words as ascending search_words ids, delta-encoded varints.
        CREATE TABLE search_doc_words (
          docid INTEGER PRIMARY KEY,
          ids BLOB NOT NULL
        ) STRICT;
        DELETE FROM settings WHERE key = 'search.index_version';
      `);
    },
  },
  {
    version: 13,
    description:
      'thesaurus: concepts with labels per language, scope notes, broader and related links, IPC codes, label suggestions; every tag becomes a concept',
    up(db) {
      // A concept is what a tag names, in every language: tags keep their tree, names and
      // synonyms (the tag picker, the tag manager and facets read them as before) and point
      // at their concept, which carries the labels query expansion and SKOS exchange use.
      // Related links are stored once, with the smaller id first; broader links go from the
      // narrower concept to the broader one. Concepts made from tags keep the tag's id.
      db.exec(`
        CREATE TABLE concepts (
          id TEXT PRIMARY KEY,
          uri TEXT NOT NULL UNIQUE CHECK (length(uri) > 0),
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;

        CREATE TABLE concept_labels (
          concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          lang TEXT NOT NULL CHECK (length(lang) > 0),
          kind TEXT NOT NULL CHECK (kind IN ('pref', 'alt', 'hidden')),
          text TEXT NOT NULL CHECK (length(text) > 0),
          UNIQUE (concept_id, lang, kind, text)
        ) STRICT;
        CREATE UNIQUE INDEX concept_labels_one_pref ON concept_labels(concept_id, lang) WHERE kind = 'pref';
        CREATE INDEX concept_labels_text ON concept_labels(text);

        CREATE TABLE concept_notes (
          concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          lang TEXT NOT NULL CHECK (length(lang) > 0),
          kind TEXT NOT NULL CHECK (kind IN ('scope')),
          text TEXT NOT NULL CHECK (length(text) > 0),
          PRIMARY KEY (concept_id, lang, kind)
        ) STRICT;

        CREATE TABLE concept_links (
          from_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          to_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          kind TEXT NOT NULL CHECK (kind IN ('broader', 'related')),
          PRIMARY KEY (from_id, to_id, kind),
          CHECK (from_id <> to_id),
          CHECK (kind <> 'related' OR from_id < to_id)
        ) STRICT;
        CREATE INDEX concept_links_to ON concept_links(to_id, kind);

        CREATE TABLE concept_codes (
          concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          scheme TEXT NOT NULL CHECK (scheme IN ('ipc')),
          code TEXT NOT NULL CHECK (length(code) > 0),
          PRIMARY KEY (concept_id, scheme, code)
        ) STRICT;
        CREATE INDEX concept_codes_code ON concept_codes(scheme, code);

        CREATE TABLE concept_suggestions (
          id TEXT PRIMARY KEY,
          concept_id TEXT NOT NULL REFERENCES concepts(id) ON DELETE CASCADE,
          lang TEXT NOT NULL CHECK (length(lang) > 0),
          text TEXT NOT NULL CHECK (length(text) > 0),
          source TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
          created_at TEXT NOT NULL,
          decided_at TEXT,
          UNIQUE (concept_id, lang, text)
        ) STRICT;
        CREATE INDEX concept_suggestions_state ON concept_suggestions(state, created_at);

        ALTER TABLE tags ADD COLUMN concept_id TEXT REFERENCES concepts(id) ON DELETE SET NULL;
        CREATE INDEX tags_concept ON tags(concept_id);

        -- A concept made for a tag (its URI still the one Ratio made up) goes with the last tag
        -- using it, whichever way the tag is deleted; one a thesaurus named stays.
        CREATE TRIGGER tags_drop_own_concept AFTER DELETE ON tags
        WHEN OLD.concept_id IS NOT NULL BEGIN
          DELETE FROM concepts WHERE id = OLD.concept_id AND uri = 'urn:ratio:tag:' || OLD.id
            AND NOT EXISTS (SELECT 1 FROM tags WHERE concept_id = OLD.concept_id);
          INSERT OR REPLACE INTO settings (key, value) VALUES ('thesaurus.revision',
            CAST(coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'thesaurus.revision'), 0) + 1 AS TEXT));
        END;
      `);
      conceptsFromTags(db);
    },
  },
  {
    version: 14,
    description: 'attachment text: extraction state per blob, extracted text per page',
    up(db) {
      // Keyed by blob, not by attachment: a file attached to many entries, or imported again,
      // is read once. extractor_version says which reader produced the row; rows from an
      // older reader are queued again when next asked for, not all at once here.
      // pages is the file's page count when known, pages_done how far reading got (progress).
      // Blob rows are never deleted, so the cascade only matters for hand-made deletions.
      db.exec(`
        CREATE TABLE attachment_texts (
          sha256 TEXT PRIMARY KEY REFERENCES blobs(sha256) ON DELETE CASCADE,
          state TEXT NOT NULL CHECK (state IN ('queued', 'reading', 'done', 'failed', 'unsupported', 'too-large')),
          error TEXT,
          detected_type TEXT,
          pages INTEGER CHECK (pages >= 0),
          pages_done INTEGER NOT NULL DEFAULT 0 CHECK (pages_done >= 0),
          extractor_version INTEGER NOT NULL,
          updated_at TEXT NOT NULL
        ) STRICT;
        CREATE INDEX attachment_texts_state ON attachment_texts(state);

        CREATE TABLE attachment_text_pages (
          sha256 TEXT NOT NULL REFERENCES attachment_texts(sha256) ON DELETE CASCADE,
          page INTEGER NOT NULL CHECK (page >= 1),
          text TEXT NOT NULL,
          method TEXT NOT NULL CHECK (method IN ('text', 'ocr')),
          confidence REAL CHECK (confidence BETWEEN 0 AND 100),
          language TEXT,
          PRIMARY KEY (sha256, page)
        ) STRICT;
      `);
    },
  },
  {
    version: 15,
    description: 'search index: an attachments column (file names and extracted text, query name file:); the catalogue re-indexes once',
    up(db) {
      // FTS5 cannot add a column to a table, so the index is made again with the new last
      // column and every posting dropped; the pipeline version (5) makes the catalogue
      // refill it once, with progress, the next time it is searched.
      db.exec(`
        DROP TABLE search_vocab;
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
          title, tags, classification, summary, body, authors, enterprise, registration, attachments,
          content = '', contentless_delete = 1, tokenize = 'ascii', prefix = '3 4'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');
        INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
        INSERT INTO search_impacts (search_impacts) VALUES ('delete-all');
        ${FORGET_INDEXED_DOCS}
      `);
    },
  },
  {
    version: 16,
    description: 'search index: no prefix indexes in search_index (the impact postings carry prefix tokens); the catalogue re-indexes once',
    up(db) {
      // Measured on 10,000 synthetic entries (31 MB of text): the prefix indexes made search_index
      // 37.5 MB instead of 16.1 and halved its build rate, yet a prefix query is answered from the
      // impact postings' own prefix tokens (index version 2); only a prefix within a field or
      // after other words still goes to FTS5, which then reads the terms in the prefix's range.
      // Pair tokens were measured too (80 % of search_impacts' bytes) but kept: without them a
      // two-word phrase of common words needs both position lists (raw FTS5 p95 158 ms at 100,000
      // entries on a loaded machine, against about 20 ms from the pair list). The pipeline
      // version (6) makes the catalogue refill the tables once, with progress, when next searched.
      db.exec(`
        DROP TABLE search_vocab;
        DROP TABLE search_index;
        CREATE VIRTUAL TABLE search_index USING fts5(
          title, tags, classification, summary, body, authors, enterprise, registration, attachments,
          content = '', contentless_delete = 1, tokenize = 'ascii'
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_index, 'row');
        INSERT INTO search_index (search_index, rank) VALUES ('hashsize', 33554432);
        INSERT INTO search_impacts (search_impacts) VALUES ('delete-all');
        DELETE FROM search_doc_words;
        DELETE FROM search_words;
        ${FORGET_INDEXED_DOCS}
      `);
    },
  },
  {
    version: 17,
    description: 'search index: entry tags by a small number instead of their 36-character id',
    up(db) {
      // Measured on 10,000 synthetic entries: 57,485 tag rows took 5.6 MB (table and index), each
      // holding a tag's UUID twice; as numbers they take about a fifth. The rows are converted in
      // place, so nothing is re-indexed.
      db.exec(`
        CREATE TABLE search_tag_numbers (
          num INTEGER PRIMARY KEY,
          tag_id TEXT NOT NULL UNIQUE
        ) STRICT;
        INSERT INTO search_tag_numbers (tag_id) SELECT DISTINCT tag_id FROM search_doc_tags ORDER BY tag_id;
        CREATE TABLE search_doc_tags_by_number (
          tag INTEGER NOT NULL,
          docid INTEGER NOT NULL REFERENCES search_docs(docid) ON DELETE CASCADE,
          PRIMARY KEY (tag, docid)
        ) WITHOUT ROWID, STRICT;
        INSERT INTO search_doc_tags_by_number (tag, docid)
          SELECT n.num, t.docid FROM search_doc_tags t JOIN search_tag_numbers n ON n.tag_id = t.tag_id;
        DROP TABLE search_doc_tags;
        ALTER TABLE search_doc_tags_by_number RENAME TO search_doc_tags;
        CREATE INDEX search_doc_tags_doc ON search_doc_tags(docid, tag);
      `);
    },
  },
  {
    version: 18,
    description: 'saved searches keep the expansion chips switched off',
    up(db) {
      // A JSON array of concept ids; the searches saved before keep every chip on.
      db.exec(`ALTER TABLE saved_searches ADD COLUMN expand_off TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(expand_off) AND json_type(expand_off) = 'array')`);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

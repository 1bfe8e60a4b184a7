import { z } from 'zod';
import { read, write } from './operation.js';
import {
  AcceptSuggestion,
  Concept,
  ConceptById,
  ConceptCreate,
  ConceptLabelRequest,
  ConceptMerge,
  ConceptMergeResult,
  ConceptMove,
  ConceptUpdate,
  MissingRequest,
  MissingTranslations,
  Suggestions,
  SuggestionsRequest,
  ThesaurusExport,
  ThesaurusExportRequest,
  ThesaurusImportReport,
  ThesaurusImportRequest,
  ThesaurusTree,
  ThesaurusTreeRequest,
} from '../schemas/thesaurus.js';

const Ok = z.object({ ok: z.literal(true) });

/** The thesaurus the librarian curates: concepts, their labels in every language, and SKOS files in and out. */
export const thesaurusOperations = {
  'thesaurus.tree': read(ThesaurusTreeRequest, ThesaurusTree),
  'thesaurus.get': read(ConceptById, Concept),
  'thesaurus.create': write(ConceptCreate, Concept),
  /** URI, scope note, codes and related concepts. */
  'thesaurus.update': write(ConceptUpdate, Concept),
  'thesaurus.addLabel': write(ConceptLabelRequest, Concept),
  'thesaurus.removeLabel': write(ConceptLabelRequest, Concept),
  /** Gives the concept one broader concept (or none); refuses a cycle. */
  'thesaurus.move': write(ConceptMove, Concept),
  /** Moves labels, links, codes and tags of `from` to `into` and deletes `from`. */
  'thesaurus.merge': write(ConceptMerge, ConceptMergeResult),
  /** Deletes a concept no tag points at (CONFLICT names the tags). */
  'thesaurus.delete': write(ConceptById, Ok),
  /** Concepts without a preferred label in a language. */
  'thesaurus.missing': read(MissingRequest, MissingTranslations),
  'thesaurus.suggestions': write(SuggestionsRequest, Suggestions),
  /** Adds the suggested label to its concept. */
  'thesaurus.acceptSuggestion': write(AcceptSuggestion, Concept),
  'thesaurus.rejectSuggestion': write(ConceptById, Ok),
  /** Reads SKOS (Turtle or RDF/XML): concepts matched by URI, then by preferred label; one transaction. */
  'thesaurus.import': write(ThesaurusImportRequest, ThesaurusImportReport),
  'thesaurus.export': read(ThesaurusExportRequest, ThesaurusExport),
} as const;

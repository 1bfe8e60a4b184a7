import { z } from 'zod';
import { canonicalLanguageTag } from '../label-language.js';
import { ClassificationCode, Id, manyLines, oneLine } from './common.js';
import { UndoToken } from './curation.js';
import { ConceptConflict, LocalPath } from './exchange.js';

/*
 * The thesaurus: concepts with labels per language, broader and related concepts, scope
 * notes and IPC codes, in the shape SKOS gives them (skos:prefLabel, altLabel, hiddenLabel,
 * broader, related, scopeNote). Tags point at concepts; query expansion reads the labels.
 */

export const LABEL_KINDS = ['pref', 'alt', 'hidden'] as const;
export const LabelKind = z.enum(LABEL_KINDS, { message: 'A label is "pref", "alt" or "hidden".' });
export type LabelKind = z.infer<typeof LabelKind>;

export const CODE_SCHEMES = ['ipc'] as const;
export const CodeScheme = z.enum(CODE_SCHEMES);

export const SUGGESTION_STATES = ['open', 'accepted', 'rejected'] as const;
export const SuggestionState = z.enum(SUGGESTION_STATES);

/** Hostile-input bounds shared by the API and SKOS files. */
export const MAX_LABEL_LENGTH = 200;
export const MAX_NOTE_LENGTH = 4000;
export const MAX_URI_LENGTH = 2000;

/** A BCP 47 language tag, stored in its canonical case (`zh-hans` becomes `zh-Hans`). */
export const LabelLanguage = z.string().transform((raw, ctx) => {
  const tag = canonicalLanguageTag(raw);
  if (tag === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${raw.slice(0, 40)}" is not a language tag such as en, ru or zh-Hans.`,
      params: { key: 'validation.languageTag', value: raw.slice(0, 40) },
    });
    return z.NEVER;
  }
  return tag;
});

export const LabelText = oneLine(
  z.string().trim().min(1, 'A label cannot be empty.').max(MAX_LABEL_LENGTH, `A label is at most ${MAX_LABEL_LENGTH} characters.`),
);
export const NoteText = manyLines(z.string().trim().max(MAX_NOTE_LENGTH, `A note is at most ${MAX_NOTE_LENGTH} characters.`));

/** An absolute IRI (`scheme:…`), without spaces, the characters IRIs forbid or bidirectional controls. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]+$/;
export const ConceptUri = z
  .string()
  .trim()
  .max(MAX_URI_LENGTH, `A concept URI is at most ${MAX_URI_LENGTH} characters.`)
  .regex(IRI, 'Expected an absolute URI such as https://example.org/thesaurus/wool.');

export const Label = z.object({ lang: LabelLanguage, kind: LabelKind, text: LabelText }).strict();
export type Label = z.output<typeof Label>;

export const ScopeNote = z.object({ lang: LabelLanguage, text: NoteText }).strict();
export type ScopeNote = z.output<typeof ScopeNote>;

export const ConceptCode = z.object({ scheme: CodeScheme, code: z.string() });

/** One concept in the tree: enough to show it and find its place (its broader concepts). */
export const ConceptNode = z.object({
  id: Id,
  uri: z.string(),
  /** Preferred label per language tag. */
  prefLabels: z.record(z.string(), z.string()),
  broader: z.array(Id),
  narrowerCount: z.number().int().nonnegative(),
  /** Tags that point at this concept. */
  tagCount: z.number().int().nonnegative(),
});
export type ConceptNode = z.output<typeof ConceptNode>;

export const Concept = z.object({
  id: Id,
  uri: z.string(),
  labels: z.array(z.object({ lang: z.string(), kind: LabelKind, text: z.string() })),
  scopeNotes: z.array(z.object({ lang: z.string(), text: z.string() })),
  broader: z.array(Id),
  narrower: z.array(Id),
  related: z.array(Id),
  codes: z.array(ConceptCode),
  tags: z.array(z.object({ id: Id, path: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Concept = z.output<typeof Concept>;

export const ThesaurusTreeRequest = z.object({}).strict();
export const ThesaurusTree = z.object({
  /** Every concept, broader ones before narrower ones (depth first), siblings by their label. */
  concepts: z.array(ConceptNode),
});

export const ConceptById = z.object({ id: Id }).strict();

export const ConceptCreate = z
  .object({
    /** Kept as given; without one the concept gets urn:ratio:concept:<id>. */
    uri: ConceptUri.optional(),
    labels: z.array(Label).min(1, 'Give the concept at least one label.').max(200),
    broader: Id.nullable().default(null),
    scopeNotes: z.array(ScopeNote).max(20).default([]),
    codes: z.array(ClassificationCode).max(50).default([]),
  })
  .strict()
  .refine((c) => c.labels.some((l) => l.kind === 'pref'), 'Give the concept a preferred label.');
export type ConceptCreate = z.output<typeof ConceptCreate>;

export const ConceptUpdate = z
  .object({
    id: Id,
    uri: ConceptUri.optional(),
    /** An empty text removes the language's note. */
    scopeNote: ScopeNote.optional(),
    addCodes: z.array(ClassificationCode).max(50).default([]),
    removeCodes: z.array(ClassificationCode).max(50).default([]),
    addRelated: z.array(Id).max(50).default([]),
    removeRelated: z.array(Id).max(50).default([]),
  })
  .strict();
export type ConceptUpdate = z.output<typeof ConceptUpdate>;

/** Adds a label; a preferred one replaces the language's preferred label, which stays as an alternative. */
export const ConceptLabelRequest = z.object({ id: Id, lang: LabelLanguage, kind: LabelKind, text: LabelText }).strict();

export const ConceptMove = z
  .object({
    id: Id,
    /** The concept's one broader concept from now on; null puts it at the top. */
    broader: Id.nullable(),
  })
  .strict();

export const ConceptMerge = z.object({ from: Id, into: Id }).strict();
export const ConceptMergeResult = z.object({
  concept: Concept,
  /** What moved from `from` to `into`; `from` is gone. */
  moved: z.object({ labels: z.number().int(), links: z.number().int(), codes: z.number().int(), tags: z.number().int() }),
  /** Takes the merge back (entries.undo): both concepts as they were, with their labels, links, codes and tags. */
  undo: UndoToken.nullable(),
});

export const MissingRequest = z
  .object({ lang: LabelLanguage, limit: z.number().int().min(1).max(10_000).default(1000), offset: z.number().int().min(0).default(0) })
  .strict();
export const MissingTranslations = z.object({
  lang: z.string(),
  /** Concepts without a preferred label in `lang`. */
  total: z.number().int(),
  concepts: z.array(ConceptNode),
});

export const Suggestion = z.object({
  id: Id,
  conceptId: Id,
  lang: z.string(),
  text: z.string(),
  /** Where the candidate came from, e.g. "links:related" or "ipc:D06C". */
  source: z.string(),
  state: SuggestionState,
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type Suggestion = z.output<typeof Suggestion>;

export const SuggestionsRequest = z
  .object({
    state: SuggestionState.default('open'),
    conceptId: Id.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    /** Look for new candidates in the catalogue first. */
    refresh: z.boolean().default(false),
  })
  .strict();
export const Suggestions = z.object({ suggestions: z.array(Suggestion) });

export const AcceptSuggestion = z.object({ id: Id, kind: z.enum(['pref', 'alt']).default('alt') }).strict();

export const SKOS_FORMATS = ['turtle', 'rdfxml'] as const;
export const SkosFormat = z.enum(SKOS_FORMATS, { message: 'The format is "turtle" or "rdfxml".' });
export type SkosFormat = z.infer<typeof SkosFormat>;

/** The largest SKOS file read, as text or from a path. */
export const MAX_SKOS_BYTES = 20 * 1024 * 1024;

export const ThesaurusImportRequest = z
  .object({
    format: SkosFormat,
    /** The file's text, or a path to it (a staged upload in the browser host). */
    text: z.string().max(MAX_SKOS_BYTES, 'A thesaurus file is at most 20 MB.').optional(),
    path: LocalPath.optional(),
  })
  .strict()
  .refine((r) => (r.text === undefined) !== (r.path === undefined), 'Give either the text or a path.');
export type ThesaurusImportRequest = z.output<typeof ThesaurusImportRequest>;

/** A concept not taken as it stood: the label it was matched or clashed by, when there is one, and why. */
export const ThesaurusConflict = ConceptConflict;

export const ThesaurusImportReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Tags linked to a concept by ratio:tagPath. */
  linkedTags: z.number().int(),
  conflicts: z.array(ThesaurusConflict),
});
export type ThesaurusImportReport = z.output<typeof ThesaurusImportReport>;

export const ThesaurusExportRequest = z.object({ format: SkosFormat }).strict();
export const ThesaurusExport = z.object({ format: SkosFormat, text: z.string(), concepts: z.number().int() });

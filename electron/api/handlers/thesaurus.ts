import type { thesaurusOperations } from '../../../shared/contract/thesaurus.js';
import { RatioError } from '../../../shared/errors.js';
import type { Catalogue } from '../../app/catalogue.js';
import type { ConceptRepository } from '../../core/repos/concepts.js';
import { suggestLabels } from '../../core/services/concept-suggestions.js';
import { mergeConcepts } from '../../core/services/curation.js';
import { importSkos } from '../../exchange/skos-import.js';
import { writeSkos } from '../../exchange/skos-write.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

export function createThesaurusHandlers(catalogue: Catalogue, _env: HandlerEnvironment): HandlersOf<typeof thesaurusOperations> {
  const concepts = (): ConceptRepository => {
    if (!catalogue.concepts) throw new RatioError('INTERNAL', 'This catalogue has no thesaurus.');
    return catalogue.concepts;
  };

  return {
    'thesaurus.tree': () => ({ concepts: concepts().tree() }),
    'thesaurus.get': (req) => concepts().get(req.id),
    'thesaurus.create': (req) =>
      catalogue.transaction(() => {
        const repo = concepts();
        const id = repo.create({
          uri: req.uri,
          labels: req.labels,
          broader: req.broader === null ? [] : [req.broader],
          scopeNotes: req.scopeNotes,
          codes: req.codes,
        });
        return repo.get(id);
      }),
    'thesaurus.update': (req) =>
      catalogue.transaction(() => {
        const repo = concepts();
        repo.require(req.id);
        if (req.uri !== undefined) repo.setUri(req.id, req.uri);
        if (req.scopeNote !== undefined) repo.setScopeNote(req.id, req.scopeNote.lang, req.scopeNote.text);
        for (const code of req.addCodes) repo.addCode(req.id, code);
        for (const code of req.removeCodes) repo.removeCode(req.id, code);
        for (const other of req.addRelated) repo.addRelated(req.id, other);
        for (const other of req.removeRelated) repo.removeRelated(req.id, other);
        return repo.get(req.id);
      }),
    'thesaurus.addLabel': (req) =>
      catalogue.transaction(() => {
        concepts().addLabel(req.id, req.lang, req.kind, req.text);
        return concepts().get(req.id);
      }),
    'thesaurus.removeLabel': (req) =>
      catalogue.transaction(() => {
        concepts().removeLabel(req.id, req.lang, req.kind, req.text);
        return concepts().get(req.id);
      }),
    'thesaurus.move': (req) =>
      catalogue.transaction(() => {
        concepts().move(req.id, req.broader);
        return concepts().get(req.id);
      }),
    'thesaurus.merge': (req) =>
      catalogue.transaction(() => {
        const { result, undo } = mergeConcepts(catalogue, req.from, req.into);
        const { labels, links, codes, tags } = result;
        return { concept: concepts().get(req.into), moved: { labels, links, codes, tags }, undo };
      }),
    'thesaurus.delete': (req) => {
      concepts().delete(req.id);
      return { ok: true } as const;
    },
    'thesaurus.missing': (req) => ({ lang: req.lang, ...concepts().missingTranslations(req.lang, req.limit, req.offset) }),
    'thesaurus.suggestions': (req) => {
      if (req.refresh) suggestLabels(catalogue);
      return { suggestions: concepts().suggestions(req.state, req.conceptId, req.limit) };
    },
    'thesaurus.acceptSuggestion': (req) =>
      catalogue.transaction(() => {
        const id = concepts().acceptSuggestion(req.id, req.kind);
        return concepts().get(id);
      }),
    'thesaurus.rejectSuggestion': (req) => {
      concepts().rejectSuggestion(req.id);
      return { ok: true } as const;
    },
    'thesaurus.import': (req) => importSkos(catalogue, req),
    'thesaurus.export': async (req) => ({ format: req.format, ...(await writeSkos(concepts(), req.format)) }),
  };
}

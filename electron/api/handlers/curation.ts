import { REINDEX_TASK } from '../../../shared/bridge.js';
import type { curationOperations } from '../../../shared/contract/curation.js';
import { RatioError } from '../../../shared/errors.js';
import type { BulkSelection } from '../../../shared/schemas/curation.js';
import type { z } from 'zod';
import type { Catalogue } from '../../app/catalogue.js';
import { bulkChange } from '../../core/services/bulk.js';
import { undoAction } from '../../core/services/curation.js';
import { deleteEnterprise, mergeEnterprises, nameOwnEnterprise } from '../../core/services/enterprise-admin.js';
import { markNotDuplicate, mergeEntries } from '../../core/services/merge.js';
import { entryIdsMatching, resolveFilters, savedSearchEntryIds } from '../../app/selection.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

const BULK_TASK = 'Changing the selected entries';
const UNDO_TASK = 'Undoing the change';

export function createCurationHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof curationOperations> {
  const progress = (task: string) => (done: number, total: number) => env.progress?.({ task, done, total });
  const trash = (): NonNullable<Catalogue['trash']> => {
    if (!catalogue.trash) throw new RatioError('INTERNAL', 'This catalogue has no trash.');
    return catalogue.trash;
  };
  const selectionIds = (selection: z.output<typeof BulkSelection>): string[] => {
    if (selection.by === 'ids') return selection.ids;
    if (selection.by === 'search')
      return entryIdsMatching(catalogue, selection.query, selection.filters, progress(REINDEX_TASK), {
        expand: selection.expand,
        expandOff: selection.expandOff,
      });
    return savedSearchEntryIds(catalogue, selection.id, progress(REINDEX_TASK));
  };
  const entryOrTrashed = (id: string): void => {
    if (!catalogue.entryRepo.exists(id) && !catalogue.trash?.isTrashed(id)) throw new RatioError('NOT_FOUND', `There is no entry with id ${id}.`);
  };

  return {
    'entries.bulk': async (req) => {
      // The facet store decides filters; getting it ready first lets other requests run meanwhile.
      if (req.selection.by !== 'ids') await catalogue.search.prepareFacets();
      return bulkChange(catalogue, selectionIds(req.selection), req.changes, { dryRun: req.dryRun, progress: progress(BULK_TASK) });
    },
    'entries.undo': (req) => undoAction(catalogue, req.token, progress(UNDO_TASK)),
    'entries.merge': (req) => mergeEntries(catalogue, req.keep, req.other),
    'entries.notDuplicate': (req) => {
      entryOrTrashed(req.a);
      entryOrTrashed(req.b);
      markNotDuplicate(catalogue, req.a, req.b);
      return { ok: true } as const;
    },

    'trash.list': (req) => trash().list(req.limit, req.offset),
    'trash.get': (req) => trash().get(req.id),
    'trash.restore': (req) => {
      if (catalogue.entryRepo.exists(req.id)) throw new RatioError('CONFLICT', `Entry ${req.id} is not in the trash; it is in the catalogue.`);
      const { revision } = trash().get(req.id);
      return catalogue.entryService.restore(req.id, revision);
    },

    'savedSearches.list': () => ({ searches: catalogue.savedSearches.list() }),
    'savedSearches.create': (req) => {
      resolveFilters(catalogue, req.filters);
      return catalogue.savedSearches.create(req);
    },
    'savedSearches.update': (req) => {
      if (req.filters) resolveFilters(catalogue, req.filters);
      return catalogue.savedSearches.update(req.id, req);
    },
    'savedSearches.delete': (req) => {
      catalogue.savedSearches.delete(req.id);
      return { ok: true } as const;
    },

    'enterprises.merge': (req) => mergeEnterprises(catalogue, req.from, req.into),
    'enterprises.delete': (req) => {
      deleteEnterprise(catalogue, req.ref);
      return { ok: true } as const;
    },
    'catalogue.setOwnEnterprise': (req) => nameOwnEnterprise(catalogue, req.name),

    'tags.move': (req) =>
      catalogue.transaction(() => {
        const id = catalogue.tags.require(req.path);
        catalogue.tags.move(id, req.parent === null ? null : catalogue.tags.require(req.parent));
        return catalogue.tags.get(id);
      }),

    'adoptions.update': (req) =>
      catalogue.transaction(() => {
        catalogue.relations.updateAdoption(req.id, {
          enterpriseId: req.enterprise === undefined ? undefined : catalogue.enterprises.require(req.enterprise),
          date: req.date,
          note: req.note,
          effects: req.effects,
        });
        return catalogue.relations.adoption(req.id);
      }),
  };
}

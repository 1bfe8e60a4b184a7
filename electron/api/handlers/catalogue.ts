import path from 'node:path';
import type { ResponseOf } from '../../../shared/contract/index.js';
import { MAX_ATTACHMENT_BYTES, type catalogueOperations } from '../../../shared/contract/catalogue.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';
import { RatioError } from '../../../shared/errors.js';
import type { Catalogue } from '../../app/catalogue.js';
import { loadDemo } from '../../core/services/demo.js';
import { dashboard, duplicateCandidates } from '../../core/services/insights.js';
import { tagEntry, trashEntry, updateEntry } from '../../core/services/curation.js';
import { ownEnterprise } from '../../core/services/enterprise-admin.js';
import { createEntryWithAttachments } from '../../core/services/new-entry.js';
import { variantsOf } from '../../core/services/variants.js';

/** Entries, tags, enterprises, adoptions, links and attachments over the catalogue core. */
export function createCatalogueHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof catalogueOperations> {
  const entryDetail = (id: string): ResponseOf<'entries.get'> => {
    if (!catalogue.entryRepo.exists(id) && catalogue.trash?.isTrashed(id)) {
      throw new RatioError('NOT_FOUND', `Entry ${id} is in the trash; open it there (trash.get) or restore it.`);
    }
    return {
      ...catalogue.entryRepo.get(id),
      adoptions: catalogue.relations.adoptionsOf(id),
      links: catalogue.relations.linksOf(id),
      provenance: catalogue.relations.provenanceOf(id),
      ...variantsOf(catalogue, id),
    };
  };
  const requireEntry = (id: string): void => {
    if (!catalogue.entryRepo.exists(id)) throw new RatioError('NOT_FOUND', `There is no entry with id ${id}.`);
  };

  return {
    'catalogue.info': () => ({
      path: catalogue.dir,
      schemaVersion: catalogue.schemaVersion(),
      entries: catalogue.entryCount(),
      ownEnterprise: ownEnterprise(catalogue),
      trashed: catalogue.trash?.list(1, 0).total ?? 0,
    }),
    'catalogue.stats': () => catalogue.stats(),
    'catalogue.loadDemo': () =>
      loadDemo(catalogue, path.join(env.resourcesDir(), 'demo'), (done, total) => env.progress?.({ task: 'Loading the demo catalogue', done, total })),

    'catalogue.dashboard': () => dashboard(catalogue),
    'entries.duplicates': (req) => ({ candidates: duplicateCandidates(catalogue, req.threshold, req.limit) }),
    'entries.create': (req) => {
      const entry = createEntryWithAttachments(catalogue, req);
      if (entry.attachments.length > 0) catalogue.extraction.enqueueEntry(entry.id);
      return entry;
    },
    'entries.get': (req) => entryDetail(req.id),
    'entries.update': (req) => {
      const { result, undo } = updateEntry(catalogue, req.id, req.patch, req.expectedRevision);
      return { ...result, undo };
    },
    'entries.delete': (req) => {
      const { undo } = trashEntry(catalogue, req.id);
      return { ok: true, undo: undo as string };
    },
    'entries.list': (req) =>
      catalogue.entryRepo.list({
        kind: req.kind,
        status: req.status,
        tagIds: req.tag === undefined ? undefined : catalogue.tags.descendantsAndSelf(catalogue.tags.require(req.tag)),
        enterpriseId: req.enterprise === undefined ? undefined : catalogue.enterprises.require(req.enterprise),
        limit: req.limit,
        offset: req.offset,
      }),
    'entries.resolveId': (req) => ({ id: catalogue.entryRepo.resolvePrefix(req.prefix) }),
    'entries.tag': (req) => {
      const { result, undo } = tagEntry(catalogue, req.id, req.add, req.remove);
      return { ...result, undo };
    },
    'entries.history': (req) => ({ revisions: catalogue.revisionRepo.list(req.id) }),
    'entries.revision': (req) => catalogue.revisionRepo.get(req.id, req.number),
    'entries.restore': (req) => catalogue.entryService.restore(req.id, req.number),

    'tags.list': () => ({ tags: catalogue.tags.list() }),
    'tags.create': (req) =>
      catalogue.transaction(() => {
        const { id, created } = catalogue.tags.ensure(req.path);
        if (!created) throw new RatioError('CONFLICT', `Tag "${req.path}" already exists.`, { key: 'core.tagExists', params: { tag: req.path } });
        catalogue.tags.setSynonyms(id, req.synonyms);
        return catalogue.tags.get(id);
      }),
    'tags.rename': (req) =>
      catalogue.transaction(() => {
        const id = catalogue.tags.require(req.from);
        catalogue.tags.rename(id, req.to);
        return catalogue.tags.get(id);
      }),
    'tags.merge': (req) =>
      catalogue.transaction(() => {
        const from = catalogue.tags.require(req.from);
        const into = catalogue.tags.require(req.into);
        const entriesRetagged = catalogue.tags.merge(from, into);
        return { into: catalogue.tags.get(into), entriesRetagged };
      }),
    'tags.setSynonyms': (req) =>
      catalogue.transaction(() => {
        const id = catalogue.tags.require(req.path);
        catalogue.tags.setSynonyms(id, req.synonyms);
        return catalogue.tags.get(id);
      }),
    'tags.delete': (req) =>
      catalogue.transaction(() => {
        const id = catalogue.tags.require(req.path);
        const path = catalogue.tags.pathOf(id);
        const using = catalogue.tags.entriesUsing(id);
        if (using.length > 0 && !req.untagEntries) {
          throw new RatioError(
            'CONFLICT',
            `Tag "${path}" is on ${using.length === 1 ? '1 entry' : `${using.length} entries`} (with the tags below it); take it off them first, merge it into another tag, or delete it with untagEntries.`,
            { key: 'core.tagInUse', params: { tag: path, entries: using.length } },
          );
        }
        // Each entry loses the tags first, with a revision, so its history says so.
        const below = new Set(catalogue.tags.descendantsAndSelf(id).map((t) => catalogue.tags.pathOf(t).toLowerCase()));
        const untag = (): void => {
          for (const entryId of using) {
            catalogue.entryService.update(entryId, { tags: catalogue.entryRepo.get(entryId).tags.filter((t) => !below.has(t.toLowerCase())) });
          }
        };
        if (catalogue.searchIndexer) catalogue.searchIndexer.deferring(untag);
        else untag();
        catalogue.tags.delete(id);
        return { entriesUntagged: using.length };
      }),

    'enterprises.list': () => ({ enterprises: catalogue.enterprises.list() }),
    'enterprises.create': (req) => catalogue.enterprises.create(req),
    'enterprises.update': (req) =>
      catalogue.enterprises.update(catalogue.enterprises.require(req.ref), { name: req.name, place: req.place, industry: req.industry }),

    'adoptions.add': (req) =>
      catalogue.transaction(() => {
        requireEntry(req.entryId);
        const id = catalogue.relations.addAdoption({
          entryId: req.entryId,
          enterpriseId: catalogue.enterprises.require(req.enterprise),
          date: req.date,
          note: req.note,
          effects: req.effects,
        });
        return catalogue.relations.adoption(id);
      }),
    'adoptions.remove': (req) => {
      catalogue.relations.removeAdoption(req.id);
      return { ok: true };
    },

    'links.add': (req) =>
      catalogue.transaction(() => {
        requireEntry(req.from);
        requireEntry(req.to);
        catalogue.relations.addLink(req.from, req.to, req.type);
        return { ok: true } as const;
      }),
    'links.remove': (req) => {
      catalogue.relations.removeLink(req.from, req.to, req.type);
      return { ok: true };
    },

    'attachments.add': (req) => {
      const content = Buffer.from(req.contentBase64, 'base64');
      if (content.length > MAX_ATTACHMENT_BYTES) {
        throw new RatioError('INVALID_INPUT', `An attachment is at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MiB.`, {
          key: 'core.attachmentTooBig',
          params: { megabytes: MAX_ATTACHMENT_BYTES / 1024 / 1024 },
        });
      }
      const entry = catalogue.addAttachment(req.entryId, req.name, content, req.mediaType);
      // After the attach transaction: the file is read off the hot path.
      catalogue.extraction.enqueueEntry(entry.id);
      return entry;
    },
    'attachments.remove': (req) => catalogue.removeAttachment(req.entryId, req.name),
  };
}

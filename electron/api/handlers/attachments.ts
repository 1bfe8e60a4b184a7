import type { attachmentTextOperations } from '../../../shared/contract/attachments.js';
import type { Catalogue } from '../../app/catalogue.js';
import type { HandlerEnvironment, HandlersOf } from './types.js';

export const EXTRACT_TASK = 'Reading attachments';

export function createAttachmentTextHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof attachmentTextOperations> {
  return {
    'attachments.extract': async (req) => {
      const queue = catalogue.extraction;
      const queued = req.entryId !== undefined ? queue.enqueueEntry(req.entryId, req.force) : req.force ? queue.requeueAll() : queue.enqueueAll();
      if (req.wait) {
        const stop = queue.onProgress((p) => {
          const { status } = p;
          env.progress?.({ task: EXTRACT_TASK, done: p.filesDone, total: Math.max(p.filesTotal, 1) });
          if (status.state === 'reading' && status.pages !== null && status.pages > 1) {
            env.progress?.({
              task: `Reading text of ${catalogue.attachmentNamed(p.sha256)?.name ?? p.sha256.slice(0, 12)} (pages)`,
              done: status.pagesDone,
              total: status.pages,
            });
          }
        });
        try {
          await queue.run();
        } finally {
          stop();
        }
      }
      return { queued, counts: catalogue.attachmentTexts.counts() };
    },
    'attachments.status': (req) => ({
      counts: catalogue.attachmentTexts.counts(),
      unqueued: catalogue.attachmentTexts.unqueuedCount(),
      problems: catalogue.attachmentTexts.problems(req.problems),
    }),
    'attachments.text': (req) => ({
      status: catalogue.attachmentTexts.status(req.sha256) ?? null,
      pages: catalogue.attachmentTexts.pages(req.sha256),
    }),
  };
}

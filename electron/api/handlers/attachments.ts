import { EXTRACT_TASK } from '../../../shared/bridge.js';
import type { attachmentTextOperations } from '../../../shared/contract/attachments.js';
import type { Catalogue } from '../../app/catalogue.js';
import type { ExtractionProgress } from '../../app/extraction-queue.js';
import type { HandlerEnvironment, HandlersOf, ProgressEvent } from './types.js';

/** A file's page reports are passed on at most this often; a change of state always is. */
const PAGE_REPORT_MS = 100;

/**
 * Reports of background reading (the app, the host) as progress events: the file, its state
 * and pages, and the run's files. Reading that someone waits for (`attachments.extract` with
 * wait, the CLI) reports through that request instead.
 */
export function forwardBackgroundReading(catalogue: Catalogue, progress: (event: ProgressEvent) => void): () => void {
  // Per file being read: its last report, and its name (looked up once, not with every page).
  const last = new Map<string, { state: string; at: number; name: string }>();
  return catalogue.onExtractionProgress((p: ExtractionProgress) => {
    if (!catalogue.extraction.inBackground) return;
    const { status } = p;
    const now = Date.now();
    const before = last.get(p.sha256);
    const final = status.state !== 'queued' && status.state !== 'reading';
    if (before !== undefined && before.state === status.state && now - before.at < PAGE_REPORT_MS && status.pagesDone !== status.pages) return;
    const name = before?.name ?? catalogue.attachmentNamed(p.sha256)?.name ?? '';
    if (final) last.delete(p.sha256);
    else last.set(p.sha256, { state: status.state, at: now, name });
    progress({
      task: EXTRACT_TASK,
      done: p.filesDone,
      total: Math.max(p.filesTotal, p.filesDone, 1),
      file: {
        sha256: p.sha256,
        name,
        state: status.state,
        pagesDone: status.pagesDone,
        pages: status.pages,
      },
    });
  });
}

export function createAttachmentTextHandlers(catalogue: Catalogue, env: HandlerEnvironment): HandlersOf<typeof attachmentTextOperations> {
  return {
    'attachments.extract': async (req) => {
      const queue = catalogue.extraction;
      const queued = req.entryId !== undefined ? queue.enqueueEntry(req.entryId, req.force) : req.force ? queue.requeueAll() : queue.enqueueAll();
      let read = 0;
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
          read = await queue.run();
        } finally {
          stop();
        }
      }
      return { queued, read, counts: catalogue.attachmentTexts.counts() };
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

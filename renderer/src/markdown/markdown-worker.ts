import type { RenderRequest, WorkerReply } from './protocol.js';
import { markdownToHtml } from './to-html.js';

/**
 * Runs marked off the page's thread. A hostile body can still make marked slow (its
 * emphasis rules are quadratic: 60 KB of `_a*` take 35 s); here that only keeps this worker
 * busy until the page gives up on it and terminates it (worker-client.ts).
 */
interface WorkerScope {
  postMessage(message: WorkerReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<RenderRequest>) => void): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  const { id, source, attachments } = event.data;
  try {
    scope.postMessage({ type: 'html', id, html: markdownToHtml({ source, attachments }) });
  } catch (error) {
    // A RangeError from a nesting the limits do not cover (inline emphasis 5,000 deep) included.
    scope.postMessage({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
  }
});

scope.postMessage({ type: 'ready' });

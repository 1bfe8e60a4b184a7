import type { MarkdownSource } from './to-html.js';

/** The page → worker message: one body to turn into (unsanitised) HTML. */
export interface RenderRequest extends MarkdownSource {
  id: number;
}

/** The worker → page messages: it has started, or one body's HTML or why there is none. */
export type WorkerReply = { type: 'ready' } | { type: 'html'; id: number; html: string } | { type: 'failed'; id: number; message: string };

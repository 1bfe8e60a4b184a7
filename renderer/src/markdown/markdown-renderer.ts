import { MarkdownRenderer } from './worker-client.js';

/** The page's one Markdown worker, bundled by Vite as its own file (served like every asset). */
export const markdownRenderer = new MarkdownRenderer(() => new Worker(new URL('./markdown-worker.ts', import.meta.url), { type: 'module' }));

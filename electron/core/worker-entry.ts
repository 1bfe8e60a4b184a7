/**
 * Where a worker thread's code is, for the module at `here` (its import.meta.url) that starts
 * it: `bundled` beside the bundle that runs (build-node.mjs lays each worker out next to every
 * bundle that can start it), or, when Ratio runs from its TypeScript sources (tsx, vitest),
 * `source` (relative to `here`) compiled by tsx, since a worker thread does not inherit the
 * loader of the thread that starts it.
 */
export function workerEntry(here: string, bundled: string, source: string): URL {
  if (!here.endsWith('.ts')) return new URL(bundled, here);
  const loader = import.meta.resolve('tsx/esm/api');
  const sourceUrl = new URL(source, here).href;
  const code = `import { tsImport } from ${JSON.stringify(loader)}; await tsImport(${JSON.stringify(sourceUrl)}, ${JSON.stringify(here)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

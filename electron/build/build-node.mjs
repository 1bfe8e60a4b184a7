// Bundles the Node side (the `ratio` CLI) into dist/ so the `bin` entry runs without tsx,
// and the Electron shell into dist/electron/ (main and the core process as ES modules, the
// preload as one CommonJS file). Dependencies stay external: better-sqlite3 is native and
// the rest resolve from node_modules (inside app.asar once packaged).
import { build } from 'esbuild';

const common = { bundle: true, sourcemap: true, logLevel: 'warning', outExtension: { '.js': '.mjs' } };
const nodeModule = { ...common, platform: 'node', target: 'node20', format: 'esm', packages: 'external' };

// The import's text-analysis worker sits beside each bundle that can start it (pre-analysis.ts looks there).
// So does the attachment reader's worker (electron/extract/pool.ts).
const worker = { 'analysis-worker': 'electron/search/analysis-worker.ts', 'extract-worker': 'electron/extract/worker.ts' };

await build({ ...nodeModule, entryPoints: { cli: 'electron/cli/main.ts', ...worker }, outdir: 'dist' });

// Electron ≥ 28 loads an ES module main; the core runs in a utilityProcess from its own entry.
await build({
  ...nodeModule,
  entryPoints: { main: 'electron/shell/main.ts', 'core-process': 'electron/shell/core-process.ts', ...worker },
  outdir: 'dist/electron',
  external: ['electron'],
});

// A sandboxed preload can only be CommonJS and can `require` nothing but parts of
// electron, so everything else it uses (shared/ and zod) is bundled into the one file.
await build({
  ...common,
  entryPoints: { preload: 'electron/shell/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  platform: 'browser',
  target: 'chrome130',
  format: 'cjs',
  external: ['electron'],
  minify: true,
});

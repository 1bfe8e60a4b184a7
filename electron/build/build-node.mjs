// Bundles the Node side (the `ratio` CLI) into dist/ so the `bin` entry runs without tsx,
// and the Electron shell into dist/electron/ (main and the core process as ES modules, the
// preload as one CommonJS file). Dependencies stay external: better-sqlite3 is native and
// the rest resolve from node_modules (inside app.asar once packaged).
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'electron/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// Electron ≥ 28 loads an ES module main; the core runs in a utilityProcess from its own entry.
await build({
  entryPoints: { main: 'electron/shell/main.ts', 'core-process': 'electron/shell/core-process.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

// A sandboxed preload can only be CommonJS and can `require` nothing but parts of
// electron, so everything else it uses (shared/ and zod) is bundled into the one file.
await build({
  entryPoints: { preload: 'electron/shell/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'browser',
  target: 'chrome130',
  format: 'cjs',
  external: ['electron'],
  minify: true,
  sourcemap: true,
  logLevel: 'warning',
});

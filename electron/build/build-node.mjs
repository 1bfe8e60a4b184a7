// Bundles the Node side (the `ratio` CLI) into dist/ so the `bin` entry runs without tsx.
// Dependencies stay external: better-sqlite3 is native and the rest resolve from node_modules.
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

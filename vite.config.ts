import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built once into dist/renderer and served by both the Electron shell
// (app:// protocol) and the browser host (loopback HTTP); relative asset paths serve both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Served from the local disk or loopback, never over a network: one bundle is fine.
    chunkSizeWarningLimit: 2048,
  },
});

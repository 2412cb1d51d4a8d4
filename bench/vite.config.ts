/**
 * Builds the bench pages (bench/page) into the renderer folder of the bench's own build of the app
 * (out/bench/app, see scripts/bench.mjs), under /__bench/, so the browser host serves them like the app
 * itself: same origin (the app's IndexedDB, the same window.rotor bridge) and behind the same per-run
 * token. The host needs no change for it, and the app's real build (out/renderer) never contains them.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root: resolve(root, 'bench/page'),
  base: '/__bench/',
  logLevel: 'warn',
  resolve: { alias: { '@contract': resolve(root, 'electron/contract'), $lib: resolve(root, 'src/lib') } },
  build: {
    outDir: resolve(root, 'out/bench/app/renderer/__bench'),
    emptyOutDir: true,
    target: 'es2023',
    // Readable stacks in the runner's error messages.
    minify: false,
    // Chromium has modulepreload; the polyfill would only add a script to the cold-start floor.
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: resolve(root, 'bench/page/index.html'),
        cold: resolve(root, 'bench/page/cold.html'),
      },
    },
  },
});

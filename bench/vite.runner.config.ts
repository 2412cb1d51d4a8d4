/**
 * Builds the benchmark runner (bench/run.ts) for plain Node: the runner imports the Rotor-faithful
 * server and the e2e harness from TypeScript with the repo's path aliases, which Node cannot load as is.
 * Dependencies stay external (resolved from node_modules at run time).
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  logLevel: 'warn',
  resolve: { alias: { '@contract': resolve(root, 'electron/contract') } },
  build: {
    ssr: resolve(root, 'bench/run.ts'),
    outDir: resolve(root, 'out/bench/runner'),
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'run.mjs' } },
  },
});

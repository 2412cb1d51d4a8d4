import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const alias = {
  '@contract': resolve(import.meta.dirname, 'electron/contract'),
  $lib: resolve(import.meta.dirname, 'src/lib'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'main',
          environment: 'node',
          // Several tests run a simulated day of timers; 5 s was a second or two above their time alone,
          // and a loaded CI machine went over it. A hang still fails, a little later.
          testTimeout: 30_000,
          include: ['test/main/**/*.test.ts', 'bench/test/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          testTimeout: 30_000,
          include: ['test/integration/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'keychain',
          environment: 'node',
          include: ['test/keychain/**/*.test.ts'],
        },
      },
      {
        resolve: { alias, conditions: ['browser'] },
        plugins: [svelte()],
        test: {
          name: 'renderer',
          environment: 'node',
          // Its property runs over the search index take 2–3 s alone; beside a busy process they went
          // over the default 5 s (seen here). A hang still fails, a little later.
          testTimeout: 30_000,
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'electron',
          environment: 'node',
          include: ['test/electron/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/main/window/csp';

/** One CSP string for Electron, the host and the page itself (file:// loads carry no headers). */
function contentSecurityPolicy(): Plugin {
  const metaPolicy = CONTENT_SECURITY_POLICY.split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors'))
    .join('; ');
  return {
    name: 'rotor-csp',
    transformIndexHtml: (html) =>
      html.replace(
        '<head>',
        // frame-ancestors only works as a header (Electron and the host send it); in <meta> it is ignored noisily.
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${metaPolicy}" />`,
      ),
  };
}

const contract = resolve(import.meta.dirname, 'electron/contract');

export default defineConfig({
  main: {
    resolve: { alias: { '@contract': contract } },
    build: {
      // keytar is a native optional dependency: load it from node_modules at run time, never bundle it.
      externalizeDeps: { include: ['keytar'] },
      rollupOptions: {
        // The host runs the same service modules as Electron's main process, in plain Node.
        input: {
          index: resolve(import.meta.dirname, 'electron/main/index.ts'),
          host: resolve(import.meta.dirname, 'electron/host/index.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias: { '@contract': contract } },
    build: {
      // Sandboxed preloads cannot require() chunks, and the host bridge is a classic <script>:
      // both must be single self-contained files.
      isolatedEntries: true,
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'electron/preload/index.ts'),
          'host-bridge': resolve(import.meta.dirname, 'electron/host/bridge.ts'),
        },
        // Sandboxed preloads run as plain scripts (no ESM), and so does the bridge's <script>.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src'),
    resolve: {
      alias: [
        { find: '@contract', replacement: contract },
        { find: '$lib', replacement: resolve(import.meta.dirname, 'src/lib') },
        // Dexie's package sends bundlers to its ES5 build (97 kB minified); its own ES2018 build of the
        // same version is 86 kB and runs in every Chromium Electron ships. Tests keep the package's entry.
        {
          find: /^dexie$/,
          replacement: resolve(import.meta.dirname, 'node_modules/dexie/dist/modern/dexie.mjs'),
        },
      ],
    },
    build: {
      // electron-vite leaves the renderer unminified by default; Vite 8's `true` is its Oxc minifier.
      minify: true,
      rollupOptions: { input: resolve(import.meta.dirname, 'src/index.html') },
    },
    plugins: [svelte(), contentSecurityPolicy()],
  },
});

import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/main/window/csp';

/** One CSP string for Electron, the host and the page itself (file:// loads carry no headers). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'rotor-csp',
    transformIndexHtml: (html) =>
      html.replace(
        '<head>',
        `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

const contract = resolve(import.meta.dirname, 'electron/contract');

export default defineConfig({
  main: {
    resolve: { alias: { '@contract': contract } },
    build: {
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
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src'),
    resolve: { alias: { '@contract': contract, $lib: resolve(import.meta.dirname, 'src/lib') } },
    build: {
      rollupOptions: { input: resolve(import.meta.dirname, 'src/index.html') },
    },
    plugins: [svelte(), contentSecurityPolicy()],
  },
});

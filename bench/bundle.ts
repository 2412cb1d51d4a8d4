/**
 * The renderer bundle the bench's own build serves (out/bench/app/renderer/assets): what a cheap laptop
 * downloads, parses and compiles before the first screen. Sizes on disk and gzipped (node:zlib).
 *
 * "At start" is what the window loads before it runs: the entry script index.html names and every chunk
 * it imports statically, followed file by file (what the browser itself does). Lazy chunks (a screen's
 * `import()`) and the import reader's worker load later, on use; they count in the total only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { check } from './report/checks';
import type { Row, TargetCheck } from './report/checks';

/** The limit on what the window loads at start, in kB of 1,000 bytes (as Vite prints them). */
export const BUNDLE_TARGET_BYTES = 300_000;

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** Mean characters a line: a minified bundle is a handful of very long lines. */
  meanLine: number;
  /** Loaded before the window runs: the entry or one of its static imports. */
  atStart: boolean;
}

export interface BundleSize {
  js: BundleFile[];
  css: BundleFile[];
  /** The window's start: entry plus static imports. */
  startBytes: number;
  startGzipBytes: number;
  /** Every JS file, lazy chunks and the worker included. */
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  /** Every JS file has lines far longer than hand-written code's. */
  minified: boolean;
}

function measure(dir: string, name: string, atStart: boolean): BundleFile {
  const text = readFileSync(join(dir, name));
  const lines = text.toString('utf8').split('\n').length;
  return {
    name,
    bytes: text.length,
    gzipBytes: gzipSync(text).length,
    meanLine: text.length / lines,
    atStart,
  };
}

const sum = (files: readonly BundleFile[], f: (x: BundleFile) => number): number =>
  files.reduce((a, x) => a + f(x), 0);

/** `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"`; never `import("./x.js")`. */
const STATIC_IMPORT = /\b(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["']\.\/([^"'/]+\.m?js)["']/g;

/** The module script index.html starts (./assets/index-….js), as a file name in `assetsDir`. */
function entryOf(assetsDir: string): string {
  const html = join(dirname(assetsDir), 'index.html');
  if (!existsSync(html)) throw new Error(`no index.html beside ${assetsDir}: is the app built?`);
  const src = /<script\b[^>]*type="module"[^>]*\bsrc="([^"]+)"/.exec(readFileSync(html, 'utf8'))?.[1];
  if (!src) throw new Error(`${html} starts no module script`);
  return basename(src);
}

/** The entry and every chunk reachable from it through static imports. */
export function startFiles(assetsDir: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entryOf(assetsDir)];
  for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const code = readFileSync(join(assetsDir, name), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) if (m[1]) queue.push(m[1]);
  }
  return seen;
}

export function bundleSize(assetsDir: string): BundleSize {
  const names = readdirSync(assetsDir);
  if (!names.some((n) => /\.m?js$/.test(n)))
    throw new Error(`no renderer JS in ${assetsDir}: is the app built?`);
  const start = startFiles(assetsDir);
  const js = names.filter((n) => /\.m?js$/.test(n)).map((n) => measure(assetsDir, n, start.has(n)));
  const css = names.filter((n) => n.endsWith('.css')).map((n) => measure(assetsDir, n, false));
  // Start first, then by size: the row reads as "what the window pays, then what waits".
  js.sort((a, b) => Number(b.atStart) - Number(a.atStart) || b.bytes - a.bytes);
  const atStart = js.filter((x) => x.atStart);
  return {
    js,
    css,
    startBytes: sum(atStart, (x) => x.bytes),
    startGzipBytes: sum(atStart, (x) => x.gzipBytes),
    jsBytes: sum(js, (x) => x.bytes),
    jsGzipBytes: sum(js, (x) => x.gzipBytes),
    cssBytes: sum(css, (x) => x.bytes),
    cssGzipBytes: sum(css, (x) => x.gzipBytes),
    minified: js.every((x) => x.meanLine > 500),
  };
}

const kb = (bytes: number): string =>
  `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1000)} kB`;

const listed = (files: readonly BundleFile[]): string =>
  files.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ');

export function bundleRow(b: BundleSize, checks: TargetCheck[]): Row {
  const later = b.js.filter((f) => !f.atStart);
  const verdict = [
    check(checks, 'bundle.minified', 0, 'renderer bundle not minified', b.minified ? 0 : 1, 0, 'builds'),
    check(
      checks,
      'bundle.bytes',
      0,
      'renderer JS the window loads at start',
      b.startBytes / 1000,
      BUNDLE_TARGET_BYTES / 1000,
      'kB',
    ),
  ].filter((v) => v !== 'met');
  return {
    measure:
      `Renderer bundle, production build (at start: ${listed(b.js.filter((f) => f.atStart))}; ` +
      `on use: ${later.length ? listed(later) : 'none'}; ` +
      `minified: ${b.minified ? 'yes' : 'NO'}; CSS ${kb(b.cssBytes)}, gzip ${kb(b.cssGzipBytes)})`,
    result:
      `JS at start ${kb(b.startBytes)}, gzip ${kb(b.startGzipBytes)}; ` +
      `all ${b.js.length} JS files ${kb(b.jsBytes)}, gzip ${kb(b.jsGzipBytes)}`,
    floor: '—',
    ratio: '—',
    target: `minified, ≤ ${kb(BUNDLE_TARGET_BYTES)} JS at start`,
    verdict: verdict.length ? verdict.join('; ') : 'met',
  };
}

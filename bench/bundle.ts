/**
 * The renderer bundle the bench's own build serves (out/bench/app/renderer/assets): what a cheap laptop
 * downloads, parses and compiles before the first screen. Sizes on disk and gzipped (node:zlib).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { check } from './report';
import type { Row, TargetCheck } from './report';

/** The limit, in kB of 1,000 bytes (as Vite prints them). */
export const BUNDLE_TARGET_BYTES = 300_000;

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
  /** Mean characters a line: a minified bundle is a handful of very long lines. */
  meanLine: number;
}

export interface BundleSize {
  js: BundleFile[];
  css: BundleFile[];
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  /** Every JS file has lines far longer than hand-written code's. */
  minified: boolean;
}

function measure(dir: string, name: string): BundleFile {
  const text = readFileSync(join(dir, name));
  const lines = text.toString('utf8').split('\n').length;
  return { name, bytes: text.length, gzipBytes: gzipSync(text).length, meanLine: text.length / lines };
}

const sum = (files: readonly BundleFile[], f: (x: BundleFile) => number): number =>
  files.reduce((a, x) => a + f(x), 0);

export function bundleSize(assetsDir: string): BundleSize {
  const names = readdirSync(assetsDir);
  const js = names.filter((n) => /\.m?js$/.test(n)).map((n) => measure(assetsDir, n));
  const css = names.filter((n) => n.endsWith('.css')).map((n) => measure(assetsDir, n));
  if (!js.length) throw new Error(`no renderer JS in ${assetsDir}: is the app built?`);
  js.sort((a, b) => b.bytes - a.bytes);
  return {
    js,
    css,
    jsBytes: sum(js, (x) => x.bytes),
    jsGzipBytes: sum(js, (x) => x.gzipBytes),
    cssBytes: sum(css, (x) => x.bytes),
    cssGzipBytes: sum(css, (x) => x.gzipBytes),
    minified: js.every((x) => x.meanLine > 500),
  };
}

const kb = (bytes: number): string =>
  `${new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / 1000)} kB`;

export function bundleRow(b: BundleSize, checks: TargetCheck[]): Row {
  const files = b.js.map((f) => `${f.name} ${kb(f.bytes)}`).join(', ');
  const verdict = [
    check(checks, 'bundle.minified', 0, 'renderer bundle not minified', b.minified ? 0 : 1, 0, 'builds'),
    check(
      checks,
      'bundle.bytes',
      0,
      'renderer JS bundle',
      b.jsBytes / 1000,
      BUNDLE_TARGET_BYTES / 1000,
      'kB',
    ),
  ].filter((v) => v !== 'met');
  return {
    measure:
      `Renderer bundle, production build (${b.js.length} JS file${b.js.length === 1 ? '' : 's'}: ${files}; ` +
      `minified: ${b.minified ? 'yes' : 'NO'}; CSS ${kb(b.cssBytes)}, gzip ${kb(b.cssGzipBytes)})`,
    result: `JS ${kb(b.jsBytes)}, gzip ${kb(b.jsGzipBytes)}`,
    floor: '—',
    ratio: '—',
    target: `minified, ≤ ${kb(BUNDLE_TARGET_BYTES)} JS`,
    verdict: verdict.length ? verdict.join('; ') : 'met',
  };
}

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleRow, bundleSize, startFiles } from '../bundle';
import type { TargetCheck } from '../report/checks';

/** A renderer build: index.html starting `entry`, and the files of assets/. */
function build(entry: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bench-bundle-'));
  const dir = join(root, 'assets');
  mkdirSync(dir);
  writeFileSync(
    join(root, 'index.html'),
    `<html><head><script type="module" crossorigin src="./assets/${entry}"></script></head></html>`,
  );
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const long = (n: number): string => `var a=1;${'x'.repeat(n)}`;

describe('renderer bundle size', () => {
  it('sums the JS and its gzip size, and passes a minified bundle under the limit', () => {
    const js = long(2000);
    const b = bundleSize(build('index-Ab.js', { 'index-Ab.js': js, 'index-Cd.css': 'a{b:c}' }));
    expect(b).toMatchObject({
      jsBytes: js.length,
      jsGzipBytes: gzipSync(js).length,
      startBytes: js.length,
      cssBytes: 6,
      minified: true,
    });
    const checks: TargetCheck[] = [];
    expect(bundleRow(b, checks).verdict).toBe('met');
    expect(checks.every((c) => c.met)).toBe(true);
  });

  it('counts the entry and its static imports at start, lazy chunks and the worker only in the total', () => {
    const files = {
      // What Vite emits: a static import of a shared chunk, a lazy screen behind import(), a worker URL.
      'index-Ab.js': `import{a as e}from"./shared-Cd.js";${long(1000)};()=>import("./ImportView-Ef.js");new URL("./read.worker-Gh.js",import.meta.url)`,
      'shared-Cd.js': `import"./tiny-Ij.js";${long(500)}`,
      'tiny-Ij.js': `export{b}from"./shared-Cd.js";${long(600)}`,
      'ImportView-Ef.js': `import{a}from"./shared-Cd.js";${long(3000)}`,
      'read.worker-Gh.js': long(4000),
    };
    const dir = build('index-Ab.js', files);
    expect([...startFiles(dir)].sort()).toEqual(['index-Ab.js', 'shared-Cd.js', 'tiny-Ij.js']);
    const b = bundleSize(dir);
    const size = (...names: (keyof typeof files)[]): number => names.reduce((a, n) => a + files[n].length, 0);
    expect(b.startBytes).toBe(size('index-Ab.js', 'shared-Cd.js', 'tiny-Ij.js'));
    expect(b.jsBytes).toBe(size(...(Object.keys(files) as (keyof typeof files)[])));
    // Start first, then what loads on use.
    expect(b.js.map((f) => [f.name, f.atStart])).toEqual([
      ['index-Ab.js', true],
      ['tiny-Ij.js', true],
      ['shared-Cd.js', true],
      ['read.worker-Gh.js', false],
      ['ImportView-Ef.js', false],
    ]);
    const row = bundleRow(b, []);
    expect(row.measure).toContain('on use: read.worker-Gh.js 4.0 kB, ImportView-Ef.js 3.0 kB');
    expect(row.result).toMatch(/^JS at start 2\.\d kB, gzip [\d.]+ kB; all 5 JS files 9\.\d kB/);
  });

  it('judges what loads at start, not the total, against 300 kB', () => {
    const lazy = long(400_000);
    const b = bundleSize(build('index-Ab.js', { 'index-Ab.js': long(100_000), 'Settings-Cd.js': lazy }));
    const checks: TargetCheck[] = [];
    expect(bundleRow(b, checks).verdict).toBe('met');
    expect(checks.find((c) => c.id === 'bundle.bytes')).toMatchObject({
      met: true,
      value: b.startBytes / 1000,
    });

    const big = bundleSize(
      build('index-Ab.js', { 'index-Ab.js': `import"./dexie-Ef.js";`, 'dexie-Ef.js': lazy }),
    );
    const missed: TargetCheck[] = [];
    bundleRow(big, missed);
    expect(missed.find((c) => c.id === 'bundle.bytes')).toMatchObject({ met: false, limit: 300 });
  });

  it('misses a bundle that is unminified or over 300 kB', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  const v${i} = ${i}; // readable`).join('\n');
    const b = bundleSize(build('index-Ab.js', { 'index-Ab.js': lines }));
    expect(b.minified).toBe(false);
    const checks: TargetCheck[] = [];
    const row = bundleRow(b, checks);
    expect(row.measure).toContain('minified: NO');
    expect(checks.find((c) => c.id === 'bundle.minified')?.met).toBe(false);
    expect(checks.find((c) => c.id === 'bundle.bytes')).toMatchObject({ met: false, limit: 300 });
  });
});

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bundleRow, bundleSize } from '../bundle';
import type { TargetCheck } from '../report';

function assets(files: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-bundle-')), 'assets');
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('renderer bundle size', () => {
  it('sums the JS and its gzip size, and passes a minified bundle under the limit', () => {
    const js = `var a=1;${'x'.repeat(2000)}`;
    const b = bundleSize(assets({ 'index-Ab.js': js, 'index-Cd.css': 'a{b:c}' }));
    expect(b).toMatchObject({
      jsBytes: js.length,
      jsGzipBytes: gzipSync(js).length,
      cssBytes: 6,
      minified: true,
    });
    const checks: TargetCheck[] = [];
    expect(bundleRow(b, checks).verdict).toBe('met');
    expect(checks.every((c) => c.met)).toBe(true);
  });

  it('misses a bundle that is unminified or over 300 kB', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  const v${i} = ${i}; // readable`).join('\n');
    const b = bundleSize(assets({ 'index-Ab.js': lines }));
    expect(b.minified).toBe(false);
    const checks: TargetCheck[] = [];
    const row = bundleRow(b, checks);
    expect(row.measure).toContain('minified: NO');
    expect(checks.find((c) => c.id === 'bundle.minified')?.met).toBe(false);
    expect(checks.find((c) => c.id === 'bundle.bytes')).toMatchObject({ met: false, limit: 300 });
  });
});

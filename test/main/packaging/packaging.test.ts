/**
 * Packaging as data: electron-builder's "build" key in package.json, the icon files `npm run icons`
 * writes, and the hosted workflow, which is the only place installers are built (Electron cannot be
 * downloaded on our machines). Every check reads the real file: a flipped fuse, a lost target, a
 * source folder packed into the app or a truncated icon fails here.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, matchesGlob, resolve } from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  optionalDependencies: Record<string, string>;
  build: Configuration;
};
const build = pkg.build;
const file = (path: string): Buffer => readFileSync(join(ROOT, path));

function targetNames(target: unknown): string[] {
  const list: unknown[] = Array.isArray(target) ? target : [target];
  return list.map((t) => (typeof t === 'string' ? t : String((t as { target: unknown }).target)));
}

/** electron-builder's rule for `files`: patterns apply in order and the last one that matches wins. */
function packed(path: string, patterns: string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (included === negated && matchesGlob(path, negated ? pattern.slice(1) : pattern)) included = !negated;
  }
  return included;
}

function pngSize(png: Buffer): { width: number; height: number; colourType: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png.readUInt8(25) };
}

describe('electron-builder configuration', () => {
  it('is accepted by the installed electron-builder schema', async () => {
    // app-builder-lib is electron-builder's engine; its validator is the one `electron-builder` runs first.
    const require = createRequire(import.meta.url);
    const config = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: Configuration, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(config.validateConfiguration(build, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = {
      ...build,
      electronFuses: { ...build.electronFuses, runAsNod: false },
    } as Configuration;
    await expect(config.validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(
      /electronFuses/,
    );
  });

  it('names the app and writes installers to dist/', () => {
    expect(build.productName).toBe('Rotor Desk');
    expect(build.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
    expect(build.directories?.output).toBe('dist');
    expect(pkg.scripts['dist']).toBe('electron-vite build && electron-builder --publish never');
    expect(pkg.scripts['icons']).toBe('node scripts/icons.mjs');
  });

  it('builds exactly AppImage + deb on Linux, NSIS on Windows and a DMG on macOS', () => {
    expect(build.target ?? null).toBeNull();
    expect(targetNames(build.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(targetNames(build.win?.target)).toEqual(['nsis']);
    expect(targetNames(build.mac?.target)).toEqual(['dmg']);
    expect(build.linux?.category).toBeTruthy();
    expect(build.linux?.maintainer).toMatch(/^.+ <[^<>\s]+@[^<>\s]+>$/);
  });

  it('flips every fuse to its hardened value', () => {
    expect(build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      // Re-signs ad hoc on macOS after the binary changes; a real identity signs after it anyway.
      resetAdHocDarwinSignature: true,
    });
    // onlyLoadAppFromAsar and the integrity check are meaningless without an archive.
    expect(build.asar).toBe(true);
  });

  it('packs the built app and package.json, and no sources, tests, benchmarks, docs or the browser host', () => {
    const patterns = build.files as string[];
    expect(patterns.filter((p) => !p.startsWith('!'))).toEqual(['out/**', 'package.json']);
    for (const path of [pkg.main, 'out/preload/index.cjs', 'out/renderer/index.html', 'package.json'])
      expect(packed(path, patterns), path).toBe(true);
    for (const path of [
      'src/App.svelte',
      'src/lib/data/db.ts',
      'electron/main/index.ts',
      'test/main/packaging/packaging.test.ts',
      'bench/run.mjs',
      'docs/architecture.md',
      'scripts/icons.mjs',
      'resources/icon.svg',
      'README.md',
      'out/main/host.js',
      'out/preload/host-bridge.cjs',
    ])
      expect(packed(path, patterns), path).toBe(false);
    expect(build.extraResources ?? null).toBeNull();
  });

  it('rebuilds keytar for Electron from source and keeps its binary outside the archive', () => {
    expect(pkg.optionalDependencies['keytar']).toBeTruthy();
    expect(build.npmRebuild).toBe(true);
    expect(build.buildDependenciesFromSource).toBe(true);
    const unpack = [build.asarUnpack ?? []].flat();
    expect(unpack.some((p) => matchesGlob('node_modules/keytar/build/Release/keytar.node', p))).toBe(true);
  });
});

describe('icons', () => {
  const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

  it('has one transparent (RGBA) PNG per size, each as large as its name says', () => {
    expect(build.linux?.icon).toBe('resources/icons');
    for (const size of SIZES)
      expect(pngSize(file(`resources/icons/${size}x${size}.png`)), `${size}x${size}`).toEqual({
        width: size,
        height: size,
        colourType: 6,
      });
    expect(pngSize(file('resources/icon.png')).width).toBeGreaterThanOrEqual(512);
  });

  it('has a Windows .ico whose directory lists 16 to 256 px, each entry a PNG of that size', () => {
    expect(build.win?.icon).toBe('resources/icon.ico');
    const ico = file('resources/icon.ico');
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    let end = 6 + 16 * count;
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico.readUInt8(entry) || 256;
      const [length, offset] = [ico.readUInt32LE(entry + 8), ico.readUInt32LE(entry + 12)];
      expect(offset, `entry ${size}`).toBe(end);
      expect(pngSize(ico.subarray(offset, offset + length))).toMatchObject({ width: size, height: size });
      sizes.push(size);
      end = offset + length;
    }
    expect(end).toBe(ico.length);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns whose length and chunks add up, each chunk a PNG of its type’s size', () => {
    expect(build.mac?.icon).toBe('resources/icon.icns');
    const icns = file('resources/icon.icns');
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const PIXELS: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const types: string[] = [];
    let at = 8;
    while (at < icns.length) {
      const type = icns.toString('ascii', at, at + 4);
      const length = icns.readUInt32BE(at + 4);
      expect(length, type).toBeGreaterThan(8);
      expect(PIXELS[type], `unknown chunk ${type}`).toBeDefined();
      expect(pngSize(icns.subarray(at + 8, at + length))).toMatchObject({ width: PIXELS[type] });
      types.push(type);
      at += length;
    }
    expect(at).toBe(icns.length);
    expect(types).toEqual(expect.arrayContaining(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']));
  });
});

describe('hosted workflow (.github/workflows/ci.yml)', () => {
  interface Step {
    name?: string;
    if?: string;
    run?: string;
    uses?: string;
    env?: Record<string, string>;
    with?: Record<string, unknown>;
  }
  interface Job {
    strategy: { matrix: { os: string[] } };
    steps: Step[];
  }
  const workflow = parse(readFileSync(join(ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
    jobs: Record<string, Job>;
  };
  const jobs = Object.values(workflow.jobs);
  const job = jobs.find((j) => j.strategy?.matrix?.os?.includes('windows-latest'));
  const steps = job?.steps ?? [];
  const running = (pattern: RegExp): Step[] => steps.filter((s) => pattern.test(s.run ?? ''));

  it('runs one job on Linux, macOS and Windows with Node 22', () => {
    expect(jobs).toHaveLength(1);
    expect(job?.strategy.matrix.os).toEqual(['ubuntu-latest', 'macos-latest', 'windows-latest']);
    const node = steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(String(node?.with?.['node-version'])).toBe('22');
  });

  it('installs with npm ci, then downloads Electron and fails when it is missing', () => {
    const order = [/^npm ci\b/, /node node_modules\/electron\/install\.js/].map((p) =>
      steps.findIndex((s) => p.test(s.run ?? '')),
    );
    expect(order[0]).toBeGreaterThanOrEqual(0);
    expect(order[1]).toBeGreaterThan(order[0] ?? 0);
    expect(running(/electronBinary\(\)[\s\S]*throw/)).toHaveLength(1);
  });

  it('runs npm test on Linux only, with the keychain and Chromium required', () => {
    const [test, ...more] = running(/\bnpm test\b/);
    expect(more).toEqual([]);
    expect(test?.if).toBe("runner.os == 'Linux'");
    expect(test?.run).toMatch(/^xvfb-run -a npm test$/);
    expect(test?.env).toEqual({ ROTOR_REQUIRE_KEYCHAIN: '1', ROTOR_REQUIRE_CHROMIUM: '1' });
  });

  it('runs the Electron smoke test, builds the installers and checks their fuses on every OS, keeping them', () => {
    const [smoke] = running(/npx vitest run --project electron/);
    expect(smoke?.if).toBeUndefined();
    // Off Linux nothing else builds out/, and the smoke test skips itself without it.
    const [built] = running(/^npm run build$/);
    expect(built?.if).toBe("runner.os != 'Linux'");
    expect(steps.indexOf(built as Step)).toBeLessThan(steps.indexOf(smoke as Step));
    expect(smoke?.run).toMatch(/xvfb-run -a npx vitest run --project electron/);
    const [dist] = running(/^npm run dist$/);
    expect(dist?.if).toBeUndefined();
    expect(steps.indexOf(dist as Step)).toBeGreaterThan(steps.indexOf(smoke as Step));
    const [fuses] = running(/^node scripts\/check-fuses\.mjs$/);
    expect(fuses?.if).toBeUndefined();
    expect(steps.indexOf(fuses as Step)).toBeGreaterThan(steps.indexOf(dist as Step));
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(upload?.if).toBeUndefined();
    expect(String(upload?.with?.['path']).split('\n').filter(Boolean)).toEqual([
      'dist/*.AppImage',
      'dist/*.deb',
      'dist/*.exe',
      'dist/*.dmg',
    ]);
  });
});

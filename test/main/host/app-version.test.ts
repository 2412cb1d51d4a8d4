import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readAppVersion, UNKNOWN_VERSION } from '../../../electron/host/app-version';

describe('the host reports the app version like app.getVersion()', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reads the nearest package.json above the bundle (out/main/host.js → package.json)', () => {
    const root = mkdtempSync(join(tmpdir(), 'rd-version-'));
    dirs.push(root);
    mkdirSync(join(root, 'out', 'main'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'rotor-desk', version: '3.4.5' }));
    expect(readAppVersion(join(root, 'out', 'main'))).toBe('3.4.5');
  });

  it("is this repository's package.json version from the real build folder", () => {
    const repo = resolve(import.meta.dirname, '../../..');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(readAppVersion(join(repo, 'out', 'main'), (p) => readFileSync(p, 'utf8'))).toBe(pkg.version);
    expect(pkg.version).not.toBe('0.0.0');
  });

  it('says unknown rather than inventing a number', () => {
    expect(readAppVersion('/a/b', () => '{"name":"x"}')).toBe(UNKNOWN_VERSION);
    expect(
      readAppVersion('/a/b', () => {
        throw new Error('ENOENT');
      }),
    ).toBe(UNKNOWN_VERSION);
  });
});

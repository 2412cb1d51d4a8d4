/**
 * scripts/check-fuses.mjs, which the hosted workflow runs on the real packaged binaries, run here on a
 * stand-in: a file carrying Electron's fuse sentinel and a V1 wire, laid out as electron-builder leaves
 * it in dist/linux-unpacked/.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = resolve(import.meta.dirname, '../../../scripts/check-fuses.mjs');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's V1 wire, in order: RunAsNode, EnableCookieEncryption, EnableNodeOptionsEnvironmentVariable,
// EnableNodeCliInspectArguments, EnableEmbeddedAsarIntegrityValidation, OnlyLoadAppFromAsar,
// LoadBrowserProcessSpecificV8Snapshot, GrantFileProtocolExtraPrivileges. The last two are not configured.
const HARDENED = '01001101';

let dist: string | undefined;
afterEach(() => {
  if (dist) rmSync(dist, { recursive: true, force: true });
  dist = undefined;
});

function packagedApp(wire: string): string {
  dist = mkdtempSync(join(tmpdir(), 'rotor-desk-fuses-'));
  mkdirSync(join(dist, 'linux-unpacked'));
  const binary = Buffer.concat([
    Buffer.from('\x7fELF…machine code…'),
    Buffer.from(SENTINEL, 'ascii'),
    Buffer.from([1, wire.length]),
    Buffer.from(wire, 'ascii'),
    Buffer.from('…more machine code'),
  ]);
  writeFileSync(join(dist, 'linux-unpacked', 'rotor-desk'), binary);
  return dist;
}

async function check(dir: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [SCRIPT, dir]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('check-fuses', () => {
  it('passes a binary whose wire matches build.electronFuses', async () => {
    const result = await check(packagedApp(HARDENED));
    expect(result).toEqual({ code: 0, out: expect.stringContaining('every fuse as configured') });
  });

  it('fails when one fuse is flipped, and names it', async () => {
    const result = await check(packagedApp('1' + HARDENED.slice(1)));
    expect(result.code).toBe(1);
    expect(result.out).toContain('runAsNode is true, expected false');
  });

  it('fails when a configured fuse is marked removed from the binary', async () => {
    const result = await check(packagedApp(HARDENED.slice(0, 5) + 'r' + HARDENED.slice(6)));
    expect(result.code).toBe(1);
    expect(result.out).toContain('onlyLoadAppFromAsar is missing or removed');
  });

  it('fails when dist/ holds no packaged app', async () => {
    dist = mkdtempSync(join(tmpdir(), 'rotor-desk-fuses-'));
    const result = await check(dist);
    expect(result.code).toBe(1);
    expect(result.out).toContain('no packaged app');
  });
});

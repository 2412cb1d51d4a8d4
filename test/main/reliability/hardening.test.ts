/**
 * Hardening checks that test/main/window/* (preferences, CSP string, navigation, permissions) and
 * test/electron/* (the wiring in main) do not already make: what actually ships in the built page, the
 * renderer's source never turning data into markup, and the pinned Electron.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/window/csp';

const root = resolve(import.meta.dirname, '../../..');
const builtPage = join(root, 'out/renderer/index.html');
const notBuilt = !existsSync(builtPage);

function directives(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && pattern.test(d.name))
    .map((d) => join(d.parentPath, d.name));
}

describe.skipIf(notBuilt && process.env.ROTOR_REQUIRE_BUILD !== '1')(
  `the built renderer page${notBuilt ? ' (skipped: out/renderer not built; run npm run build)' : ''}`,
  () => {
    const html = notBuilt ? '' : readFileSync(builtPage, 'utf8');

    it('carries the CSP as its first <meta>, equal to the shared policy (minus header-only frame-ancestors)', () => {
      const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
      expect(metas).toHaveLength(1);
      const meta = directives(metas[0]?.[1] ?? '');
      const shared = directives(CONTENT_SECURITY_POLICY);
      shared.delete('frame-ancestors');
      expect(Object.fromEntries(meta)).toEqual(Object.fromEntries(shared));
      // Before any script or stylesheet, so nothing loads ahead of the policy.
      const head = html.slice(0, html.search(/<script|<link/i));
      expect(head).toContain('Content-Security-Policy');
    });

    it('allows no eval and no network beyond its own origin', () => {
      const meta = directives(
        /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? '',
      );
      expect([...meta.values()].flat()).not.toContain("'unsafe-eval'");
      expect(meta.get('connect-src')).toEqual(["'self'"]);
      expect(meta.get('script-src')).toEqual(["'self'"]);
      expect(meta.get('object-src')).toEqual(["'none'"]);
    });

    it('has no inline script and no inline event handler, and loads only its own relative assets', () => {
      for (const tag of html.match(/<script\b[^>]*>/gi) ?? [])
        expect(tag).toMatch(/\ssrc="\.\/assets\/[^"]+\.js"/);
      expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/i);
      expect(html).not.toMatch(/\son[a-z]+\s*=/i);
      for (const [, url] of html.matchAll(/\s(?:src|href)="([^"]+)"/gi)) expect(url).toMatch(/^\.\//);
    });
  },
);

describe('the renderer source never turns data into markup', () => {
  const sources = filesUnder(join(root, 'src'), /\.(svelte|ts)$/);

  it('finds the sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it.each([
    ['{@html', /\{@html\b/],
    ['innerHTML / outerHTML', /\.(inner|outer)HTML\b/],
    ['insertAdjacentHTML', /insertAdjacentHTML/],
    ['document.write', /document\.write/],
    ['eval / new Function', /\beval\(|new Function\(/],
  ])('uses no %s', (_name, pattern) => {
    expect(
      sources.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => f.slice(root.length)),
    ).toEqual([]);
  });

  it('opens every target=_blank link with rel="noopener noreferrer"', () => {
    for (const file of sources.filter((f) => f.endsWith('.svelte'))) {
      for (const [tag] of readFileSync(file, 'utf8').matchAll(/<a\b[^>]*target="_blank"[^>]*>/g))
        expect(tag, file).toMatch(/rel="noopener noreferrer"/);
    }
  });
});

describe('the pinned toolchain', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    devDependencies?: Record<string, string>;
  };
  const major = (version: string): number => Number(/(\d+)/.exec(version)?.[1] ?? NaN);

  it('pins Electron 45 or newer in package.json', () => {
    expect(major(pkg.devDependencies?.electron ?? '')).toBeGreaterThanOrEqual(45);
  });

  it('has a v3 lockfile that resolves the same Electron major', () => {
    const lockPath = join(root, 'package-lock.json');
    expect(existsSync(lockPath)).toBe(true);
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, { version?: string; resolved?: string; integrity?: string }>;
    };
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    const electron = lock.packages['node_modules/electron'];
    expect(major(electron?.version ?? '')).toBe(major(pkg.devDependencies?.electron ?? ''));
    expect(electron?.integrity).toMatch(/^sha512-/);
  });
});

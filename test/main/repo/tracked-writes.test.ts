/**
 * Tests never write tracked files: pictures for docs/ come from `npm run screenshots`, not from a test
 * run. The check is static, so it also covers the layers that cannot run everywhere (e2e, electron).
 * A path a test builds from its own location (`resolve`/`join` of `import.meta.dirname` with literal
 * segments) that it writes to must be git-ignored, and no write names docs/. "Writes to" means the path,
 * or the name it is bound to, appears on a line that calls a write (writeFile, mkdirSync, screenshot…):
 * one level of names, no data flow beyond. Paths made at run time (mkdtemp, os.tmpdir()) are outside the
 * checkout and not looked at.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED = ['test', 'bench/test'];

const WRITES =
  /\b(?:writeFileSync|writeFile|appendFileSync|appendFile|copyFileSync|copyFile|cpSync|createWriteStream|mkdirSync|renameSync|symlinkSync)\s*\(|\.screenshot\s*\(/;
/** `resolve(import.meta.dirname, '..', 'x')` or `join(import.meta.dirname, '../x')`: literal segments only. */
const FROM_HERE = /\b(?:resolve|join)\(\s*import\.meta\.dirname\s*((?:,\s*(['"`])[^'"`$]*\2\s*)+),?\s*\)/g;
const DOCS_LITERAL = /(['"`])(?:\.{1,2}\/)*docs(?:\/[^'"`]*)?\1/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return /\.(?:ts|mts|mjs|js|cjs)$/.test(entry.name) ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  /** The path the file builds, relative to the repository root, or the offending line. */
  what: string;
}

/** The name a path expression is bound to (`const NAME = …path…`, in the same statement), if any. */
function boundName(text: string, index: number): string | null {
  const statement = text.slice(
    Math.max(text.lastIndexOf(';', index), text.lastIndexOf('}', index)) + 1,
    index,
  );
  return /\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=[^=]*$/.exec(statement)?.[1] ?? null;
}

/** Where a test source writes inside the checkout: paths from its own location, and lines naming docs/. */
function writeTargets(file: string, text: string): { paths: Finding[]; docs: Finding[] } {
  const lines = text.split('\n');
  const writeLines = lines.filter((line) => WRITES.test(line));
  const lineOf = (index: number): number => text.slice(0, index).split('\n').length;
  const paths = [...text.matchAll(FROM_HERE)].flatMap((m) => {
    const line = lineOf(m.index);
    const name = boundName(text, m.index);
    const written =
      WRITES.test(lines[line - 1] ?? '') ||
      (name !== null &&
        writeLines.some((l) => new RegExp(`(?<![\\w$.])${name.replaceAll('$', '\\$')}(?![\\w$])`).test(l)));
    if (!written) return [];
    const segments = [...(m[1] ?? '').matchAll(/(['"`])([^'"`$]*)\1/g)].map((s) => s[2] ?? '');
    return [{ file, line, what: relative(ROOT, resolve(dirname(file), ...segments)) || '.' }];
  });
  const docs = lines
    .map((line, i) => ({ file, line: i + 1, what: line.trim() }))
    .filter((f) => WRITES.test(f.what) && DOCS_LITERAL.test(f.what));
  return { paths, docs };
}

function gitIgnored(paths: string[]): Set<string> {
  if (paths.length === 0) return new Set();
  try {
    // Exit status 1 means "none ignored"; the ignored ones are printed either way.
    return new Set(
      execFileSync('git', ['check-ignore', ...paths], { cwd: ROOT, encoding: 'utf8' }).split('\n'),
    );
  } catch (error) {
    const out = (error as { stdout?: string; status?: number }).stdout;
    if ((error as { status?: number }).status === 1) return new Set((out ?? '').split('\n'));
    throw error;
  }
}

const inGitCheckout = (() => {
  try {
    return (
      execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: ROOT, encoding: 'utf8' }).trim() ===
      'true'
    );
  } catch {
    return false;
  }
})();

// This file is left out: it spells out the patterns (and an old offending line) as text.
const scanned = SCANNED.flatMap((dir) => sources(join(ROOT, dir)))
  .filter((file) => file !== import.meta.filename)
  .map((file) => writeTargets(file, readFileSync(file, 'utf8')));
const show = (f: Finding): string => `${relative(ROOT, f.file)}:${f.line}: ${f.what}`;

describe('tests write only to ignored or temporary places', () => {
  it('finds the screenshot folder the e2e walk-through writes to (the scan sees real writes)', () => {
    const screenshots = scanned.flatMap((s) => s.paths).find((f) => f.file.endsWith('e2e/ui/fixtures.ts'));
    expect(screenshots?.what).toBe('test-results/screenshots');
  });

  it('no test names docs/ in a write', () => {
    expect(scanned.flatMap((s) => s.docs).map(show)).toEqual([]);
  });

  it.skipIf(!inGitCheckout)('every path a writing test builds from its own location is git-ignored', () => {
    const found = scanned.flatMap((s) => s.paths);
    const ignored = gitIgnored([...new Set(found.map((f) => f.what))]);
    expect(found.filter((f) => !ignored.has(f.what)).map(show)).toEqual([]);
  });

  it('would have caught the walk-through writing docs/screenshots (as it did before npm run screenshots)', () => {
    const before = join(ROOT, 'test/e2e/ui/fixtures.ts');
    const old = [
      "export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../../docs/screenshots');",
      'mkdirSync(SCREENSHOT_DIR, { recursive: true });',
      "await page.screenshot({ path: resolve('docs/screenshots', name) });",
    ].join('\n');
    const { paths, docs } = writeTargets(before, old);
    expect(paths.map((f) => f.what)).toEqual(['docs/screenshots']);
    expect(docs.map((f) => f.line)).toEqual([3]);
    if (inGitCheckout) expect(gitIgnored(['docs/screenshots']).has('docs/screenshots')).toBe(false);
  });
});

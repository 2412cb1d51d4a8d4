// `npm run screenshots -- [--no-build]`
// Regenerates docs/screenshots/: the pictures README.md shows, at 1280×800, each with a 1024×640 copy
// (`<name>-1024x640.png`). They come from the accessibility walk-through (test/e2e/ui/a11y.test.ts), which
// puts every screen in a realistic state, through the e2e tests' own browser host, playwright-core and
// Chromium. The walk writes into a temporary folder and only a complete, passing run is copied here:
// tests never write tracked files (test/main/repo/tracked-writes.test.ts).
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './run.mjs';

const root = resolve(import.meta.dirname, '..');
const target = join(root, 'docs/screenshots');
const SMALL = '1024x640';
/** What out/ is built from (electron.vite.config.ts): newer than the build means the build is stale. */
const BUILD_INPUTS = ['src', 'electron', 'electron.vite.config.ts', 'package.json', 'package-lock.json'];
const BUILD_OUTPUTS = ['out/main/host.js', 'out/preload/host-bridge.cjs', 'out/renderer/index.html'];

/** The newest modification time of a file or anywhere in a folder; 0 when it does not exist. */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

function buildIsStale() {
  const outputs = BUILD_OUTPUTS.map((p) => join(root, p));
  if (!outputs.every((p) => existsSync(p))) return true;
  const builtAt = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  return Math.max(...BUILD_INPUTS.map((p) => newest(join(root, p)))) > builtAt;
}

/** The file names README.md shows from docs/screenshots/, in order. */
function readmeShots() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...new Set([...readme.matchAll(/docs\/screenshots\/([\w-]+\.png)/g)].map((m) => m[1]))];
}

const wanted = [
  ...new Set(
    readmeShots().flatMap((name) => {
      const base = name.replace(new RegExp(`(-${SMALL})?\\.png$`), '');
      return [`${base}.png`, `${base}-${SMALL}.png`];
    }),
  ),
];
if (wanted.length === 0) {
  console.error('README.md shows no docs/screenshots/ pictures: nothing to regenerate');
  process.exit(1);
}

if (!process.argv.includes('--no-build') && buildIsStale()) {
  console.log('> electron-vite build (out/ is missing or older than the sources)');
  const code = await run('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root });
  if (code !== 0) process.exit(code);
}

/** Runs the walk into `shots` and copies its pictures to docs/screenshots/; returns the exit code. */
async function regenerate(shots) {
  console.log(`> the accessibility walk-through, saving screenshots to ${shots}`);
  const code = await run('npx', ['vitest', 'run', '--project', 'e2e', 'test/e2e/ui/a11y.test.ts'], {
    cwd: root,
    // Without Chromium or a build the walk would skip and leave no pictures; make that an error instead.
    env: { ...process.env, ROTOR_DESK_SCREENSHOT_DIR: shots, ROTOR_REQUIRE_CHROMIUM: '1' },
  });
  if (code !== 0) {
    console.error('The walk-through failed: docs/screenshots/ is unchanged.');
    return code;
  }
  const missing = wanted.filter((name) => !existsSync(join(shots, name)));
  if (missing.length > 0) {
    console.error(`The walk-through did not take ${missing.join(', ')}: docs/screenshots/ is unchanged.`);
    return 1;
  }
  mkdirSync(target, { recursive: true });
  for (const name of wanted) copyFileSync(join(shots, name), join(target, name));
  console.log(`Updated ${wanted.length} pictures in docs/screenshots/.`);
  const extra = readdirSync(shots).filter((name) => !wanted.includes(name));
  if (extra.length > 0) console.log(`Not copied (README.md does not show them): ${extra.join(', ')}`);
  return 0;
}

const shots = mkdtempSync(join(tmpdir(), 'rotor-desk-screenshots-'));
let code;
try {
  code = await regenerate(shots);
} finally {
  rmSync(shots, { recursive: true, force: true });
}
process.exit(code);

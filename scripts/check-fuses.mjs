// `node scripts/check-fuses.mjs [dist]`: after `npm run dist`, reads the fuse wire of every packaged app
// in dist/ and fails unless each fuse in package.json's build.electronFuses has the value asked for.
// The config test checks what we ask electron-builder for; this checks what it wrote into the binary.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { name, build } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const dist = resolve(process.argv[2] ?? join(ROOT, build.directories.output));

// Read with the same @electron/fuses that electron-builder flipped them with.
const builderRequire = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'));
const { getCurrentFuseWire, FuseV1Options } = builderRequire('@electron/fuses');
const STATES = { 48: false, 49: true }; // FuseState.DISABLE and ENABLE, the bytes '0' and '1'

// Where electron-builder puts the unpacked app: linux-unpacked/<name>, win-unpacked/<productName>.exe,
// mac*/<productName>.app.
const apps = readdirSync(dist, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) =>
    [name, `${build.productName}.exe`, `${build.productName}.app`].map((file) =>
      join(dist, entry.name, file),
    ),
  )
  .filter((path) => existsSync(path));
if (apps.length === 0) {
  console.error(`check-fuses: no packaged app under ${dist}`);
  process.exit(1);
}

let failed = false;
for (const app of apps) {
  const wire = await getCurrentFuseWire(app);
  const wrong = [];
  for (const [option, wanted] of Object.entries(build.electronFuses)) {
    // Config keys are the fuse names in camelCase; resetAdHocDarwinSignature is a step, not a fuse.
    const index = FuseV1Options[option.charAt(0).toUpperCase() + option.slice(1)];
    if (index === undefined) continue;
    const actual = STATES[wire[index]];
    if (actual === undefined) wrong.push(`${option} is missing or removed (state ${wire[index]})`);
    else if (actual !== wanted) wrong.push(`${option} is ${actual}, expected ${wanted}`);
  }
  for (const message of wrong) console.error(`check-fuses: ${app}: ${message}`);
  if (wrong.length === 0) console.log(`check-fuses: ${app}: every fuse as configured`);
  failed ||= wrong.length > 0;
}
process.exit(failed ? 1 : 0);

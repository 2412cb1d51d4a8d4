// `npm test`: everything CI runs, in order, stopping at the first failure.
// Lint and types first (cheap), then the build the e2e layer drives, then every vitest project in one run
// inside a private D-Bus session with an unlocked gnome-keyring, so keychain tests hit a live Secret Service.
import { run } from './run.mjs';

const steps = [
  ['npm', ['run', '-s', 'lint']],
  ['npm', ['run', '-s', 'typecheck']],
  ['npx', ['electron-vite', 'build', '--logLevel', 'warn']],
  [process.execPath, ['scripts/with-keychain.mjs', 'npx', 'vitest', 'run']],
];
for (const [command, args] of steps) {
  console.log(`\n> ${[command === process.execPath ? 'node' : command, ...args].join(' ')}`);
  const code = await run(command, args);
  if (code !== 0) process.exit(code);
}

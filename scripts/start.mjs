// `npm start`: the desktop app where Electron can run; otherwise the same app through the browser host.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';
import { run } from './run.mjs';

let binary = electronBinary();
if (!binary.path) {
  console.log(`Electron: ${binary.reason}; trying to download it once…`);
  const installer = createRequire(import.meta.url).resolve('electron/install.js');
  await run(process.execPath, [installer], { stdio: 'ignore' });
  binary = electronBinary();
}
if (binary.path) process.exit(await run('npx', ['electron-vite', 'preview']));

console.log(`Electron is not available here (${binary.reason}).`);
console.log('Starting Rotor Desk in the browser host instead (same services, same app).');
const build = await run('npx', ['electron-vite', 'build', '--logLevel', 'warn']);
if (build !== 0) process.exit(build);

const host = spawn(process.execPath, ['out/main/host.js', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
host.stdout.setEncoding('utf8');
host.stdout.on('data', (text) => {
  process.stdout.write(text);
  const ready = /host ready (\S+)/.exec(text);
  if (!ready) return;
  const chromium = process.env.ROTOR_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.log(`Open ${ready[1]} in Chromium or Chrome.`);
    return;
  }
  const profile = join(process.cwd(), '.profile', 'chromium');
  mkdirSync(profile, { recursive: true });
  spawn(
    chromium,
    [
      `--app=${ready[1]}`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    { stdio: 'ignore', detached: true },
  ).unref();
});
const stop = () => host.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
host.on('exit', (code) => process.exit(code ?? 0));

// `node scripts/with-keychain.mjs <command...>`: runs the command inside a private D-Bus session with a
// throwaway, unlocked gnome-keyring, so keytar talks to a live Secret Service without ever touching the
// user's own keyring. Sets ROTOR_KEYCHAIN_LIVE=1 for the command when the keyring is up.
// Without dbus-run-session or gnome-keyring-daemon the command still runs (keychain tests then skip),
// unless ROTOR_REQUIRE_KEYCHAIN=1, which makes a missing keychain an error (CI).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('usage: node scripts/with-keychain.mjs <command> [args...]');
  process.exit(2);
}
const required = process.env.ROTOR_REQUIRE_KEYCHAIN === '1';

// The daemon gets a home, data and runtime folder of its own: the keyring file lands in the temp
// folder, and a running desktop keyring (found through $XDG_RUNTIME_DIR/keyring) is never unlocked
// with our password or reused. The command keeps the caller's HOME and XDG_RUNTIME_DIR (Chromium and
// Electron need the real display sockets); it reaches the keyring only through the private bus.
const INNER = `
tmp="$1"; shift
if printf '%s' "$ROTOR_TEST_KEYRING_PASSWORD" | env -u GNOME_KEYRING_CONTROL -u ROTOR_TEST_KEYRING_PASSWORD \\
    HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run" \\
    gnome-keyring-daemon --unlock --components=secrets >/dev/null; then
  export ROTOR_KEYCHAIN_LIVE=1
else
  echo "with-keychain: skipped: gnome-keyring-daemon could not start an unlocked keyring" >&2
  if [ "\${ROTOR_REQUIRE_KEYCHAIN:-}" = 1 ]; then exit 1; fi
fi
unset ROTOR_TEST_KEYRING_PASSWORD
"$@"
`;

function missing(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0;
}

function exitLike(code, signal) {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
}

function runForwardingSignals(file, args, env) {
  const child = spawn(file, args, { stdio: 'inherit', env });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`with-keychain: could not start ${file}: ${error.message}`);
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.off(s, forward);
      resolve({ code, signal });
    });
  });
}

let reason = null;
if (process.platform === 'linux' && missing('dbus-run-session'))
  reason = 'dbus-run-session is not installed (package dbus)';
else if (process.platform === 'linux' && missing('gnome-keyring-daemon'))
  reason = 'gnome-keyring-daemon is not installed (package gnome-keyring)';

if (process.platform !== 'linux') {
  // macOS Keychain and Windows Credential Manager need no session setup; the tests use them directly.
  console.error(`with-keychain: ${process.platform} uses its own keychain; running the command directly`);
  const { code, signal } = await runForwardingSignals(command[0], command.slice(1), {
    ...process.env,
    ROTOR_KEYCHAIN_LIVE: '1',
  });
  exitLike(code, signal);
} else if (reason) {
  console.error(`with-keychain: skipped: ${reason}`);
  if (required) {
    console.error('with-keychain: ROTOR_REQUIRE_KEYCHAIN=1, so a missing Secret Service is an error');
    process.exit(1);
  }
  // Without our private bus the command must not fall through to the user's desktop keyring.
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.ROTOR_KEYCHAIN_LIVE;
  const { code, signal } = await runForwardingSignals(command[0], command.slice(1), env);
  exitLike(code, signal);
} else {
  const tmp = mkdtempSync(join(tmpdir(), 'rotor-keyring-'));
  for (const dir of ['home', 'data', 'run']) mkdirSync(join(tmp, dir), { mode: 0o700 });
  const env = { ...process.env, ROTOR_TEST_KEYRING_PASSWORD: 'rotor-desk-test-keyring' };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.ROTOR_KEYCHAIN_LIVE;
  let result;
  try {
    result = await runForwardingSignals(
      'dbus-run-session',
      ['--', 'sh', '-c', INNER, 'with-keychain', tmp, ...command],
      env,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  exitLike(result.code, result.signal);
}

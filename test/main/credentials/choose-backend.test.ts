import { describe, expect, it } from 'vitest';
import { AppFailure } from '@contract/result';
import type { SecretBackend, SetTimer } from '../../../electron/main/credentials/backend';
import { SERVICE } from '../../../electron/main/credentials/backend';
import { chooseSecretBackend } from '../../../electron/main/credentials/choose-backend';
import { loadKeytarBackend } from '../../../electron/main/credentials/keytar-backend';
import type { KeytarLike } from '../../../electron/main/credentials/keytar-backend';
import type { Logger } from '../../../electron/main/log/logger';

function memoryBackend(kind: SecretBackend['kind']): SecretBackend {
  const map = new Map<string, string>();
  return {
    kind,
    get: async (a) => map.get(a) ?? null,
    set: async (a, s) => void map.set(a, s),
    delete: async (a) => map.delete(a),
  };
}

function fakeKeytar(overrides: Partial<KeytarLike> = {}): KeytarLike & { calls: string[] } {
  const calls: string[] = [];
  const map = new Map<string, string>();
  return {
    calls,
    getPassword: async (service, account) => {
      calls.push(`get ${service} ${account}`);
      return map.get(account) ?? null;
    },
    setPassword: async (service, account, password) => {
      calls.push(`set ${service} ${account}`);
      map.set(account, password);
    },
    deletePassword: async (service, account) => {
      calls.push(`delete ${service} ${account}`);
      return map.delete(account);
    },
    findCredentials: async (service) => {
      calls.push(`find ${service}`);
      return [];
    },
    ...overrides,
  };
}

/** A logger that keeps its warnings, to check what went to the log rather than to the user. */
function captureLog(warnings: string[]): Logger {
  return { info: () => {}, warn: (message) => void warnings.push(message), error: () => {} };
}

/** A scheduler the test fires by hand, so a timeout needs no real waiting. */
function manualTimers() {
  const pending: Array<{ fn: () => void; ms: number; cancelled: boolean }> = [];
  const setTimer: SetTimer = (fn, ms) => {
    const entry = { fn, ms, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const fireAll = () => pending.filter((e) => !e.cancelled).forEach((e) => e.fn());
  return { setTimer, pending, fireAll };
}

describe('loadKeytarBackend', () => {
  it('uses keytar when the module loads and the keychain answers', async () => {
    const keytar = fakeKeytar();
    const load = await loadKeytarBackend({ importKeytar: async () => ({ default: keytar }) });
    if (!('backend' in load)) throw new Error(`expected a backend, got ${load.unavailable}`);
    expect(load.backend.kind).toBe('keychain');
    expect(keytar.calls).toEqual([`find ${SERVICE}`]);
    await load.backend.set('https://api.getrotor.com', 'secret-value-1');
    expect(await load.backend.get('https://api.getrotor.com')).toBe('secret-value-1');
    expect(await load.backend.delete('https://api.getrotor.com')).toBe(true);
    expect(keytar.calls.slice(1)).toEqual([
      `set ${SERVICE} https://api.getrotor.com`,
      `get ${SERVICE} https://api.getrotor.com`,
      `delete ${SERVICE} https://api.getrotor.com`,
    ]);
  });

  it('accepts the module without a default export (bundled CommonJS)', async () => {
    const load = await loadKeytarBackend({ importKeytar: async () => fakeKeytar() });
    expect('backend' in load).toBe(true);
  });

  it('is unavailable when the module is missing', async () => {
    const load = await loadKeytarBackend({
      importKeytar: async () => {
        throw new Error("Cannot find package 'keytar'");
      },
    });
    expect(load).toEqual({ unavailable: "keytar could not be loaded (Cannot find package 'keytar')" });
  });

  it('is unavailable when the module has no keytar API', async () => {
    const load = await loadKeytarBackend({ importKeytar: async () => ({ default: {} }) });
    expect(load).toEqual({ unavailable: 'keytar loaded without its API' });
  });

  it('is unavailable with the reason when no Secret Service answers', async () => {
    const keytar = fakeKeytar({
      findCredentials: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
    });
    const load = await loadKeytarBackend({ importKeytar: async () => keytar });
    expect(load).toEqual({
      unavailable: 'the system keychain did not answer (Cannot autolaunch D-Bus without X11 $DISPLAY)',
    });
  });

  it('gives up on a keychain that never answers after the probe timeout', async () => {
    const timers = manualTimers();
    const keytar = fakeKeytar({ findCredentials: () => new Promise(() => {}) });
    const loading = loadKeytarBackend({
      importKeytar: async () => keytar,
      setTimer: timers.setTimer,
      probeTimeoutMs: 3000,
    });
    await flushMicrotasksUntil(() => timers.pending.length === 1);
    expect(timers.pending[0]?.ms).toBe(3000);
    timers.fireAll();
    expect(await loading).toEqual({ unavailable: 'the system keychain did not answer within 3 s' });
  });

  it('cancels the probe timer once the keychain answers', async () => {
    const timers = manualTimers();
    await loadKeytarBackend({ importKeytar: async () => fakeKeytar(), setTimer: timers.setTimer });
    expect(timers.pending.map((e) => e.cancelled)).toEqual([true]);
  });
});

/** Lets queued microtasks run until a condition holds (the loader awaits the import first). */
async function flushMicrotasksUntil(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 50 && !condition(); i++) await Promise.resolve();
  if (!condition()) throw new Error('condition never held');
}

describe('chooseSecretBackend', () => {
  it('prefers the keychain and has no note', async () => {
    const keychain = memoryBackend('keychain');
    let fallbackCalled = false;
    const chosen = await chooseSecretBackend({
      keytar: async () => ({ backend: keychain }),
      fallback: () => {
        fallbackCalled = true;
        return memoryBackend('insecure-file');
      },
    });
    expect(chosen).toEqual({ backend: keychain, note: null });
    expect(fallbackCalled).toBe(false);
  });

  it('falls back with a plain note saying where the key goes; the technical reason only in the log', async () => {
    const reasons: string[] = [];
    const warnings: string[] = [];
    const dbus = 'the system keychain did not answer (Cannot autolaunch D-Bus without X11 $DISPLAY)';
    const chosen = await chooseSecretBackend({
      keytar: async () => ({ unavailable: dbus }),
      fallback: (reason) => {
        reasons.push(reason);
        return memoryBackend('safe-storage');
      },
      log: captureLog(warnings),
      platform: 'linux',
    });
    expect(reasons).toEqual([dbus]);
    expect(chosen.backend.kind).toBe('safe-storage');
    expect(chosen.note).toBe(
      'Your system’s keychain (Secret Service) isn’t available, so the key is stored encrypted in your Rotor Desk profile instead. Only your user account on this computer can open it.',
    );
    expect(chosen.note).not.toContain('D-Bus');
    expect(warnings.join('\n')).toContain('Cannot autolaunch D-Bus');
  });

  it('names the keychain the way each platform does', async () => {
    const note = async (platform: NodeJS.Platform) =>
      (
        await chooseSecretBackend({
          keytar: async () => ({ unavailable: 'x' }),
          fallback: () => memoryBackend('safe-storage'),
          platform,
        })
      ).note;
    expect(await note('darwin')).toMatch(/^The macOS Keychain isn’t available/);
    expect(await note('win32')).toMatch(/^Windows Credential Manager isn’t available/);
  });

  it('falls back when loading keytar itself throws', async () => {
    const chosen = await chooseSecretBackend({
      keytar: async () => {
        throw new Error('dlopen failed: libsecret-1.so.0');
      },
      fallback: () => memoryBackend('insecure-file'),
    });
    expect(chosen.backend.kind).toBe('insecure-file');
    expect(chosen.note).not.toContain('dlopen');
    expect(chosen.note).toContain('stored unencrypted in a file in your Rotor Desk profile');
  });

  it('ends with no backend when there is no fallback, and saving says why', async () => {
    const chosen = await chooseSecretBackend({
      keytar: async () => ({ unavailable: 'keytar could not be loaded (missing)' }),
      fallback: null,
    });
    expect(chosen.backend.kind).toBe('none');
    expect(chosen.note).toContain('cannot save your API key');
    expect(await chosen.backend.get('https://api.getrotor.com')).toBeNull();
    const failure = await chosen.backend.set('https://api.getrotor.com', 'k').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppFailure);
    expect((failure as AppFailure).error.kind).toBe('keychain');
    expect((failure as AppFailure).error.message).toBe(
      'Rotor Desk cannot save your API key: this computer has no keychain or other safe place for it.',
    );
  });

  it('ends with no backend when the fallback fails too', async () => {
    const warnings: string[] = [];
    const chosen = await chooseSecretBackend({
      log: captureLog(warnings),
      keytar: async () => ({ unavailable: 'no keychain' }),
      fallback: () => {
        throw new Error('safeStorage is not available');
      },
    });
    expect(chosen.backend.kind).toBe('none');
    expect(chosen.note).not.toContain('safeStorage');
    expect(warnings.join('\n')).toContain('the fallback failed too (safeStorage is not available)');
  });
});

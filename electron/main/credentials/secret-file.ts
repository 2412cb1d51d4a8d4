import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../log/logger';

const FILE_MODE = 0o600;

/**
 * A small JSON file holding `origin → string`, readable by this user only, replaced atomically so a
 * crash mid-write leaves the old file rather than half a file. Operations run one at a time so two
 * writes never lose each other's entry.
 */
export interface SecretFile {
  read(): Promise<Map<string, string>>;
  update<T>(change: (entries: Map<string, string>) => T): Promise<T>;
}

interface FileShape {
  version: 1;
  entries: Record<string, string>;
}

function parse(text: string): Map<string, string> | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const entries = (data as Partial<FileShape> | null)?.entries;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return null;
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(entries)) if (typeof value === 'string') out.set(key, value);
  return out;
}

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The open mode passes through the umask; chmod makes 0600 hold whatever the umask is.
    await chmod(temp, FILE_MODE);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function openSecretFile(file: string, log?: Logger): SecretFile {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = queue.then(task, task);
    queue = result.catch(() => undefined);
    return result;
  };

  const load = async (): Promise<Map<string, string>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const entries = parse(text);
    if (entries === null) {
      // A damaged file holds nothing we can use; the next save replaces it with a good one.
      log?.warn(`Secret file ${file} is not readable JSON; treating it as empty`);
      return new Map();
    }
    return entries;
  };

  return {
    read: () => serial(load),
    update: (change) =>
      serial(async () => {
        const entries = await load();
        const result = change(entries);
        // fromEntries defines own properties, so even an account named `__proto__` stays an entry.
        const shape: FileShape = { version: 1, entries: Object.fromEntries(entries) };
        await writeFileAtomic(file, `${JSON.stringify(shape, null, 2)}\n`);
        return result;
      }),
  };
}

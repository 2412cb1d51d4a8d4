/**
 * The version the browser host reports in AppInfo, found the way Electron's app.getVersion() finds
 * it: the `version` of the app's package.json (the nearest one above the running bundle), not npm's
 * environment, which is empty when the host is started without npm.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const PackageJson = z.object({ version: z.string().min(1) });

/** Said when no package.json is found: not a made-up number. */
export const UNKNOWN_VERSION = 'unknown';

export function readAppVersion(
  startDir: string,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): string {
  for (let dir = startDir, depth = 0; depth < 8; dir = dirname(dir), depth++) {
    let text: string;
    try {
      text = readFile(join(dir, 'package.json'));
    } catch {
      if (dirname(dir) === dir) break;
      continue;
    }
    try {
      const parsed = PackageJson.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.version : UNKNOWN_VERSION;
    } catch {
      return UNKNOWN_VERSION;
    }
  }
  return UNKNOWN_VERSION;
}

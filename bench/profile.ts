/**
 * `--profile`: V8 CPU profiles of the renderer during an extra, unmeasured run of a scenario (sampling
 * slows the page, so a profiled run never counts as a round). Each profile is saved as a .cpuprofile
 * (open it in Chromium DevTools → Performance) and summarised as the functions with the most self time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  name: string;
  /** file:line, the bundle's file name without its hash. */
  where: string;
  /** The source line (the bundles are not minified), trimmed; '' when unknown. */
  code: string;
  selfMs: number;
  /** Share of all sampled time, %. */
  share: number;
}

export interface ProfileSummary {
  scenario: string;
  file: string;
  totalMs: number;
  top: HotFunction[];
}

export interface Profiler {
  stop(scenario: string, file: string): Promise<ProfileSummary>;
}

/** Maps a script URL to the local file it was served from, to quote the hot lines. */
export type SourceFile = (url: string) => string | null;

/** Starts sampling the page's main thread (every 200 µs). */
export async function startProfiler(page: Page, source: SourceFile = () => null): Promise<Profiler> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return {
    async stop(scenario, file) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      await cdp.detach().catch(() => undefined);
      writeFileSync(file, JSON.stringify(profile));
      return { scenario, file, ...summarise(profile, 10, source) };
    },
  };
}

const shortUrl = (url: string): string =>
  (url.split('/').pop() ?? url).replace(/-[A-Za-z0-9_]{8}(\.m?js)$/, '$1') || '(native)';

const lines = new Map<string, string[]>();
function lineAt(path: string | null, line: number): string {
  if (!path) return '';
  let text = lines.get(path);
  if (!text) {
    try {
      text = readFileSync(path, 'utf8').split('\n');
    } catch {
      text = [];
    }
    lines.set(path, text);
  }
  return text[line] ?? '';
}

/** A minified bundle is one long line: there the column says where, and the code is quoted from it. */
const minified = (line: string): boolean => line.length > 300;

function codeAt(line: string, column: number): string {
  const code = (minified(line) ? line.slice(column) : line).trim();
  return code.length > 90 ? `${code.slice(0, 87)}…` : code;
}

/** Self time per function, from the samples and their time deltas. */
export function summarise(
  profile: CpuProfile,
  count = 10,
  source: SourceFile = () => null,
): { totalMs: number; top: HotFunction[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  /** An anonymous callback is named after the nearest named caller: "(anonymous in bulkGet)". */
  const nameOf = (node: ProfileNode): string => {
    if (node.callFrame.functionName) return node.callFrame.functionName;
    for (let p = parent.get(node.id); p; p = parent.get(p.id))
      if (p.callFrame.functionName && !p.callFrame.functionName.startsWith('('))
        return `(anonymous in ${p.callFrame.functionName})`;
    return '(anonymous)';
  };
  const self = new Map<string, { name: string; where: string; frame: CallFrame; us: number }>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i] ?? -1);
    // A sample's time is the gap to the next sample.
    const us = deltas[i + 1] ?? 0;
    if (!node || us <= 0) continue;
    const f = node.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    total += us;
    const column = f.url && minified(lineAt(source(f.url), f.lineNumber)) ? `:${f.columnNumber + 1}` : '';
    const where = f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}${column}` : '';
    const key = `${f.functionName}@${where}`;
    const entry = self.get(key) ?? { name: nameOf(node), where, frame: f, us: 0 };
    entry.us += us;
    self.set(key, entry);
  }
  const top = [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map((e) => ({
      name: e.name,
      where: e.where,
      code: e.frame.url ? codeAt(lineAt(source(e.frame.url), e.frame.lineNumber), e.frame.columnNumber) : '',
      selfMs: e.us / 1000,
      share: total ? (e.us / total) * 100 : 0,
    }));
  return { totalMs: total / 1000, top };
}

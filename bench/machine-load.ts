/**
 * How much of the machine other work took during the run. The load average cannot say (the benchmark
 * itself keeps Chromium, the host and the server busy), so this adds up, from one sample to the next,
 * the CPU time (utime + stime in /proc/<pid>/stat) of every process that is not this one or one of its
 * descendants, against the machine's total capacity (/proc/stat). Counting the others rather than
 * subtracting our own matters: Chromium's helpers are reaped outside our tree when a browser closes, so
 * our own exits would otherwise show up as other work. A process that ends between two samples loses
 * its last partial interval (a small undercount), so samples are 2 s apart. Linux only; elsewhere it
 * reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

interface ProcTimes {
  ppid: number;
  /** utime + stime of the process itself, in clock ticks. */
  ticks: number;
}

function readProc(pid: string): ProcTimes | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const num = (i: number): number => Number(fields[i] ?? 0);
    // After the name: state(0) ppid(1) … utime(11) stime(12).
    return { ppid: num(1), ticks: num(11) + num(12) };
  } catch {
    return null;
  }
}

/**
 * utime + stime of every process that is neither this one nor a descendant of it, by pid. `everMine`
 * remembers our descendants: one orphaned on its way out (a Chromium helper) is still ours (a pid the
 * system reuses for someone else within the run would be missed: rare enough for a report line).
 */
function othersTicks(everMine: Set<number>): Map<number, number> {
  const procs = new Map<number, ProcTimes>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(name);
    if (p) procs.set(Number(name), p);
  }
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) {
    const list = children.get(p.ppid);
    if (list) list.push(pid);
    else children.set(p.ppid, [pid]);
  }
  const stack = [process.pid];
  while (stack.length) {
    const pid = stack.pop() as number;
    everMine.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  const others = new Map<number, number>();
  for (const [pid, p] of procs) if (!everMine.has(pid)) others.set(pid, p.ticks);
  return others;
}

/** Total ticks of all CPUs together (busy or not): the capacity a sample interval had. */
function machineTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  return line
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number)
    .reduce((a, b) => a + b, 0);
}

export interface ForeignLoad {
  /** Share of the machine's total CPU capacity used by other processes, per sample interval, %. */
  samples: number[];
}

/** Samples every `everyMs` until stopped; null where /proc is not available. */
export function watchForeignLoad(everyMs = 2000): { stop(): ForeignLoad } | null {
  const everMine = new Set<number>();
  let prev: { total: number; others: Map<number, number> };
  try {
    prev = { total: machineTicks(), others: othersTicks(everMine) };
  } catch {
    return null;
  }
  const samples: number[] = [];
  const sample = (): void => {
    const total = machineTicks();
    const others = othersTicks(everMine);
    let used = 0;
    // A pid new since the last sample started within the interval: all of its time is in it.
    for (const [pid, ticks] of others) used += Math.max(0, ticks - (prev.others.get(pid) ?? 0));
    if (total > prev.total) samples.push(Math.min(100, (used / (total - prev.total)) * 100));
    prev = { total, others };
  };
  const timer = setInterval(sample, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { samples };
    },
  };
}

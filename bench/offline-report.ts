/** The offline-idle measure's row in the headline table, its target check, and its breakdown. */
import type { IdleWindow, OfflineIdleRep } from './offline-idle';
import { IDLE_CPU_TARGET_PCT, IDLE_FLOOR_MS, IDLE_SLICES, IDLE_WINDOW_MS } from './offline-idle';
import { check } from './report/checks';
import type { Row, TargetCheck } from './report/checks';
import { int, num, times } from './report/format';
import { summarize } from './stats';

/** Share of one core; idle figures are small, so below 0.1% they keep a third decimal. */
export function pct(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return `${Math.abs(v) < 0.1 ? v.toFixed(3) : num(v)}%`;
}

const seconds = (msValue: number): string => {
  const s = msValue / 1000;
  return `${Math.abs(s - Math.round(s)) < 0.05 ? int(s) : num(s)} s`;
};

/** "0.20% of one core (5 s slices 0.10–0.40%); 3 timer wake-ups": the window, and its spread. */
function cpuCell(w: IdleWindow): string {
  const slices = summarize(w.slices.map((s) => s.taskPct));
  const range = slices.n === 0 ? 'n/a' : `${pct(slices.min).replace('%', '')}–${pct(slices.max)}`;
  return (
    `${pct(w.cpu.taskPct)} of one core (${seconds(w.cpu.wallMs / Math.max(1, w.slices.length))} slices ${range}); ` +
    `${int(w.wakeups.total)} timer wake-up${w.wakeups.total === 1 ? '' : 's'}`
  );
}

export function offlineIdleRow(rep: OfflineIdleRep, checks: TargetCheck[]): Row {
  const { offline, floor } = rep;
  return {
    measure:
      `Renderer CPU offline and idle, ${int(rep.edits)} changes waiting, every retry time past ` +
      `(${int(rep.n)} customers cached; ${seconds(IDLE_WINDOW_MS)} window, main-thread task time)`,
    result: cpuCell(offline),
    floor: `online, nothing queued, ${seconds(IDLE_FLOOR_MS)}: ${cpuCell(floor)}`,
    ratio: times(offline.cpu.taskPct / floor.cpu.taskPct),
    target: `≤ ${num(IDLE_CPU_TARGET_PCT)}% of one core`,
    verdict: check(
      checks,
      'offlineIdle.cpu',
      rep.n,
      'renderer CPU offline and idle with changes waiting',
      offline.cpu.taskPct,
      IDLE_CPU_TARGET_PCT,
      '% of one core',
    ),
  };
}

function windowDetail(w: IdleWindow): string {
  const t = w.wakeups;
  return (
    `main-thread tasks ${pct(w.cpu.taskPct)} (script ${pct(w.cpu.scriptPct)}), whole renderer process ` +
    `${pct(w.cpu.processPct)}; ${int(t.total)} wake-up${t.total === 1 ? '' : 's'} (setTimeout under 16 ms ${int(t.immediate)}, ` +
    `16 ms–1 s ${int(t.short)}, 1 s or more ${int(t.long)}; intervals ${int(t.intervals)}; animation frames ` +
    `${int(t.frames)}); ${int(w.bridgeCalls)} calls to main; ${int(w.requests.keyed + w.requests.keyless)} ` +
    `requests reached Rotor; other processes took ${pct(w.foreignPct)} of the machine`
  );
}

export function offlineIdleHint(rep: OfflineIdleRep): string {
  const attempts = rep.outbox.map((e) => e.attempts).join(', ');
  return (
    `Offline idle at ${int(rep.n)} customers, ${IDLE_SLICES} slices a window: offline with ${int(rep.edits)} ` +
    `waiting (attempts so far ${attempts}; the last retry time had passed ${seconds(rep.dueForMs)} before ` +
    `the window; status bar "${rep.connectivity}"): ${windowDetail(rep.offline)}. ` +
    `Online with nothing queued: ${windowDetail(rep.floor)}.`
  );
}

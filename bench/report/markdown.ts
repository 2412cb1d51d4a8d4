/** The whole report as Markdown: the headline table, the scale table, growth, hints, profiles, misses. */
import type { ProfileSummary } from '../profile';
import type { Row, TargetCheck } from './checks';
import { int, ms, num, table } from './format';
import type { ScaleRow } from './scale';

export function markdown(opts: {
  title: string;
  preamble: string[];
  headline: Row[];
  scale: ScaleRow[];
  /** Markdown lines of the growth section (growth.ts), empty for none. */
  growth: string[];
  checks: TargetCheck[];
  hints: string[];
  profiles: ProfileSummary[];
}): string {
  const parts = [
    `## ${opts.title}`,
    '',
    ...opts.preamble,
    '',
    table(
      [
        'Measure',
        'Result: median (min–max)',
        'Floor / baseline, same run',
        'Ratio to floor',
        'Target',
        'Verdict',
      ],
      opts.headline.map((r) => [r.measure, r.result, r.floor, r.ratio, r.target, r.verdict]),
    ),
  ];
  // A run of the offline-idle measure alone has no customer counts to scale over.
  if (opts.scale.length)
    parts.push(
      '',
      '### Scale',
      '',
      table(
        [
          'Customers',
          'Rounds (sync / search / naive / cold)',
          'Full sync',
          'Sync floor',
          'Sync / floor',
          'Sync per 1,000 listed',
          'Search p95',
          'Naive p95',
          'Cold start → first rows',
          'Heap after GC',
          'Heap per customer',
          'Heap / JSON',
        ],
        opts.scale.map((s) => [
          s.customers,
          s.rounds,
          s.sync,
          s.syncFloor,
          s.syncRatio,
          s.syncPer1k,
          s.searchP95,
          s.naiveP95,
          s.coldFirstRows,
          s.heap,
          s.heapPerCustomer,
          s.heapRatio,
        ]),
      ),
    );
  parts.push(...opts.growth);
  if (opts.hints.length) parts.push('', '### Where the time goes', '', ...opts.hints.map((h) => `- ${h}`));
  for (const p of opts.profiles) {
    parts.push(
      '',
      `CPU profile of the renderer, ${p.scenario} (unmeasured run; ${ms(p.totalMs)} of samples; ${p.file.split('/').pop() ?? p.file}):`,
      '',
      table(
        ['Function', 'Where', 'Line', 'Self time', 'Share'],
        p.top.map((f) => [
          f.name,
          f.where,
          f.code ? `\`${f.code.replace(/`/g, "'")}\`` : '',
          ms(f.selfMs),
          `${num(f.share)}%`,
        ]),
      ),
    );
  }
  const line = (m: TargetCheck): string =>
    `- ${m.description}${m.n ? ` at ${int(m.n)} customers` : ''}: ${num(m.value)} ${m.unit} against ≤ ${num(m.limit)} ${m.unit}` +
    (m.met ? ': met' : Number.isFinite(m.missedByPct) ? ` (missed by ${num(m.missedByPct)}%)` : ': missed');
  const missed = opts.checks.filter((c) => !c.reference && !c.met);
  parts.push('', '### Targets missed', '');
  parts.push(...(missed.length ? missed.map(line) : ['None.']));
  const reference = opts.checks.filter((c) => c.reference);
  if (reference.length)
    parts.push(
      '',
      'For reference, the same targets at the other sizes (they are set for 50,000 customers):',
      '',
      ...reference.map(line),
    );
  return parts.join('\n') + '\n';
}

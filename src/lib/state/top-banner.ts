/**
 * The main window's one top banner: what stops changes from reaching Rotor right now, and the one thing
 * to do about it. Derived from main's connectivity, the store's PausedReason and the outbox entries'
 * own retry times; the pause sentences come from pause.ts. Most specific first: a pause (key, quota,
 * account) names its cause even offline; then offline; then Rotor failing attempts. `checking` (only
 * at launch, until the first answer) shows none: the footer says "Checking…".
 */
import type { Connectivity } from '@contract/state';
import type { ErrorKind } from '@contract/result';
import type { OutboxEntry, PausedReason } from '$lib/data/types';
import { formatCount } from '$lib/format/number';
import { formatMoment } from '$lib/format/time';
import { fixedInSettings, keptCount, pauseBanner, resetMoment } from './pause';
import type { PauseContext } from './pause';

export type TopBannerKind = 'offline' | 'key' | 'quota' | 'account' | 'errors';

export interface TopBannerText {
  kind: TopBannerKind;
  headline: string;
  /** What is kept, and when it goes (times in the user's clock). */
  detail: string;
  /** The one button: probe now, open Settings on the key field, or show the pending changes. */
  action: { kind: 'check' | 'key' | 'pending'; label: string } | null;
  tone: 'danger' | 'warning';
  /** What a screen reader is told when this banner appears: no times, so it is said once per change. */
  announcement: string;
}

export interface TopBannerInput {
  connectivity: Connectivity;
  paused: PausedReason | null;
  outbox: readonly Pick<OutboxEntry, 'state' | 'lastError' | 'nextAttemptAt' | 'retryStoppedUntil'>[];
  context: PauseContext;
  now: number;
}

/** Failures replay backs off from by itself (attempt-failure.ts): Rotor or the way to it misbehaving. */
const TRANSIENT: ReadonlySet<ErrorKind> = new Set([
  'network',
  'timeout',
  'server',
  'bad_response',
  'rate_limited',
  'internal',
  'cancelled',
]);

function cause(kind: ErrorKind): string {
  switch (kind) {
    case 'server':
      return 'Rotor answered the last attempt with an error';
    case 'bad_response':
      return 'Rotor’s answer to the last attempt could not be read';
    case 'rate_limited':
      return 'Rotor asked Rotor Desk to slow down';
    case 'network':
    case 'timeout':
      return 'Rotor did not answer the last attempt';
    default:
      return 'The last attempt to send did not go through';
  }
}

function keptSentence(ctx: PauseContext, then: string): string {
  const kept = keptCount(ctx.meta);
  return kept === 0
    ? 'New changes are kept on this computer.'
    : `${formatCount(kept, 'change is', 'changes are', ctx.locale)} kept on this computer ${then}.`;
}

function pausedBanner(reason: PausedReason, ctx: PauseContext): TopBannerText {
  const text = pauseBanner(reason, ctx);
  if (fixedInSettings(reason.kind)) {
    const label = reason.kind === 'not_configured' ? 'Add key' : 'Replace key';
    return {
      kind: 'key',
      headline: text.headline,
      detail: `${text.kept} ${text.remedy}`,
      action: { kind: 'key', label },
      tone: 'danger',
      announcement: text.headline,
    };
  }
  if (reason.kind === 'quota') {
    const at = resetMoment(reason.retryAt ?? ctx.quota.resetsAt, ctx.locale);
    return {
      kind: 'quota',
      headline: text.headline,
      detail: `${text.kept} Sending resumes at ${at}.`,
      action: null,
      tone: 'warning',
      announcement: text.headline,
    };
  }
  return {
    kind: 'account',
    headline: text.headline,
    detail: `${text.kept} ${text.remedy}`,
    action: null,
    tone: 'warning',
    announcement: text.headline,
  };
}

function offlineBanner(connectivity: Connectivity, ctx: PauseContext, now: number): TopBannerText {
  const next = connectivity.nextCheckAt
    ? ` Next check at ${formatMoment(connectivity.nextCheckAt, now, ctx.locale)}.`
    : '';
  const headline = 'Offline: Rotor can’t be reached.';
  return {
    kind: 'offline',
    headline,
    detail: `${keptSentence(ctx, 'and sent when Rotor answers')}${next}`,
    action: { kind: 'check', label: 'Check now' },
    tone: 'warning',
    announcement: `${headline} Changes are kept on this computer.`,
  };
}

/** Changes backing off after Rotor failed them, earliest retry first; null when none is. */
export function retrying(
  input: Pick<TopBannerInput, 'outbox'>,
): { at: string; kind: ErrorKind; stopped: boolean } | null {
  let found: { at: string; kind: ErrorKind; stopped: boolean } | null = null;
  for (const e of input.outbox) {
    if (e.state !== 'pending' || !e.lastError || !e.nextAttemptAt || !TRANSIENT.has(e.lastError.kind))
      continue;
    if (!found || Date.parse(e.nextAttemptAt) < Date.parse(found.at))
      found = { at: e.nextAttemptAt, kind: e.lastError.kind, stopped: !!e.retryStoppedUntil };
  }
  return found;
}

function errorsBanner(input: TopBannerInput): TopBannerText | null {
  const r = retrying(input);
  if (!r) return null;
  const at = formatMoment(r.at, input.now, input.context.locale);
  const when = r.stopped
    ? `Automatic retries stopped for today; the next is at ${at}, or use Retry now.`
    : Date.parse(r.at) <= input.now
      ? 'Retrying now.'
      : `Retrying at ${at}.`;
  const headline = `${cause(r.kind)}.`;
  return {
    kind: 'errors',
    headline,
    detail: `${keptSentence(input.context, 'until Rotor takes them')} ${when}`,
    action: { kind: 'pending', label: 'Show changes' },
    tone: 'warning',
    announcement: `${headline} Changes are kept on this computer.`,
  };
}

export function topBanner(input: TopBannerInput): TopBannerText | null {
  if (input.paused) return pausedBanner(input.paused, input.context);
  if (input.connectivity.state === 'offline')
    return offlineBanner(input.connectivity, input.context, input.now);
  if (input.connectivity.state === 'checking') return null;
  return errorsBanner(input);
}

export const BACK_ONLINE = 'Back online: Rotor can be reached.';

/**
 * What the one polite live region says after a change: the new banner's announcement, "back online"
 * when the offline banner went because Rotor answered, or nothing new (null: keep what it said).
 */
export function announcement(
  previous: TopBannerKind | null,
  next: TopBannerText | null,
  connectivity: Connectivity['state'],
): string | null {
  if ((next?.kind ?? null) === previous) return null;
  if (next) return next.announcement;
  return previous === 'offline' && connectivity === 'online' ? BACK_ONLINE : '';
}

import { AppFailure } from '@contract/result';
import { formatUtcMinute } from './time';

/**
 * The one quota error, whether the ledger refuses locally or Rotor answers 429, so the user reads the same
 * sentence either way (the renderer shows it as is). The limit is the ledger's; the reset time is an
 * assumption and the message says so.
 */
export function quotaFailure(
  retryAtMs: number,
  dailyLimit: number,
  from?: { status?: number; errorCode?: string },
): AppFailure {
  return new AppFailure({
    kind: 'quota',
    retryable: false,
    retryAt: new Date(retryAtMs).toISOString(),
    message:
      `Today’s ${dailyLimit.toLocaleString('en-US')} API requests are used up for this key, so Rotor Desk ` +
      `sends nothing to Rotor until ${formatUtcMinute(retryAtMs)}. Rotor does not say when its limit ` +
      `resets; Rotor Desk assumes 00:00 UTC.`,
    ...(from?.status !== undefined ? { status: from.status } : {}),
    ...(from?.errorCode !== undefined ? { errorCode: from.errorCode } : {}),
  });
}

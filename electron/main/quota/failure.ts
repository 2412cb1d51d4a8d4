import { AppFailure } from '@contract/result';
import { formatUtcMinute } from './time';

/**
 * The one quota error, whether the ledger refuses locally or Rotor answers 429, so the user reads the same
 * sentence either way. The reset time is an assumption and the message says so.
 */
export function quotaFailure(retryAtMs: number, from?: { status?: number; errorCode?: string }): AppFailure {
  return new AppFailure({
    kind: 'quota',
    retryable: false,
    retryAt: new Date(retryAtMs).toISOString(),
    message:
      `Rotor’s daily request limit for this API key is used up, so Rotor Desk is pausing requests until ` +
      `${formatUtcMinute(retryAtMs)}. Rotor does not say when the limit resets; Rotor Desk assumes 00:00 UTC.`,
    ...(from?.status !== undefined ? { status: from.status } : {}),
    ...(from?.errorCode !== undefined ? { errorCode: from.errorCode } : {}),
  });
}

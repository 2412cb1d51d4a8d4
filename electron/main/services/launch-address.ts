/**
 * An address given at launch (the host's --rotor-url) wins over the one in settings, so saving
 * another would change nothing in use: refused as data, with the reason, instead of a false success.
 */
import { AppFailure } from '@contract/result';
import type { SettingsPatch } from '@contract/settings';
import type { Platform } from './platform';

export function refuseLaunchAddressChange(
  platform: Pick<Platform, 'rotorUrlOverride'>,
  patch: SettingsPatch,
): void {
  if (!platform.rotorUrlOverride || patch.baseUrl === undefined) return;
  throw new AppFailure({
    kind: 'invalid_argument',
    retryable: false,
    message: 'The Rotor address was set when Rotor Desk was started, so it cannot be changed in Settings.',
    fields: [
      {
        field: 'baseUrl',
        message: 'Set when Rotor Desk was started (--rotor-url); restart without it to change it here',
      },
    ],
  });
}

/**
 * Who Rotor says a key is (GET /auth/test at Connect): company id, user id, scopes. Kept per key
 * fingerprint in the profile, so Settings can name the account after a restart without a request.
 * Rotor reports no company or user names, so ids and scopes are all there is.
 */
import { z } from 'zod';
import type { AccountIdentity } from '@contract/state';
import { jsonFile } from './json-file';

const IdentitySchema = z.object({
  companyId: z.string().nullable(),
  userId: z.string().nullable(),
  scopes: z.array(z.string()),
  checkedAt: z.string(),
});
const FileSchema = z.record(z.string(), IdentitySchema);

export function createIdentityStore(path: string) {
  const file = jsonFile(path);
  const parsed = FileSchema.safeParse(file.load());
  // A damaged file only costs the names until the next Connect.
  let byKey: Record<string, AccountIdentity> = parsed.success ? parsed.data : {};
  return {
    get(keyId: string | null): AccountIdentity | null {
      return keyId ? (byKey[keyId] ?? null) : null;
    },
    set(keyId: string, identity: AccountIdentity): void {
      byKey = { ...byKey, [keyId]: identity };
      file.save(byKey);
    },
  };
}

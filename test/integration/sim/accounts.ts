/** The two Rotor companies of a simulated world, each with its own key (hints …0A0A and …0B0B). */
import { READ_SCOPE, WRITE_SCOPE } from '../../../electron/main/simulation/server';
import type { ApiKeyGrant } from '../../../electron/main/simulation/server';

export type AccountTag = 'A' | 'B';

export interface SimAccount {
  tag: AccountTag;
  key: string;
  grant: ApiKeyGrant;
  /** Known once main first connected the key. */
  accountId: string | null;
  revoked: boolean;
}

const grant = (companyId: string): ApiKeyGrant => ({ companyId, scopes: [READ_SCOPE, WRITE_SCOPE] });

export function simAccounts(): Record<AccountTag, SimAccount> {
  const account = (tag: AccountTag, key: string, company: string): SimAccount => ({
    tag,
    key,
    grant: grant(company),
    accountId: null,
    revoked: false,
  });
  return {
    A: account('A', 'sim-company-a-key-0A0A', 'company-a'),
    B: account('B', 'sim-company-b-key-0B0B', 'company-b'),
  };
}

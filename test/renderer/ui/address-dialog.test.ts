import { describe, expect, it } from 'vitest';
import { changeAddressDialog } from '$lib/state/account-confirm-text';

describe('the change-address confirmation', () => {
  it('says how many changes wait and that they stay with the current address’s account', () => {
    const many = changeAddressDialog(4, 'en-US');
    expect(many.title).toBe('Change the Rotor address?');
    expect(many.message).toContain('4 changes wait to be sent with the current address’s account.');
    expect(many.message).toContain('They are not sent to the new address: they stay on this computer');
    expect(many.message).toContain('sent when you change back and connect that account’s key again');
    const one = changeAddressDialog(1, 'en-US');
    expect(one.message).toContain('1 change waits to be sent');
    expect(one.message).toContain('It is not sent to the new address: it stays');
  });

  it('says so when nothing waits', () => {
    expect(changeAddressDialog(0).message).toMatch(/^No changes are waiting to be sent\./);
  });
});

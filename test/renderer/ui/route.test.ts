import { describe, expect, it } from 'vitest';
import { formatHash, HOME, parseHash, sameView } from '$lib/state/route';
import type { View } from '$lib/state/route';

describe('hash routes', () => {
  const views: View[] = [
    { name: 'customers', id: null },
    { name: 'customers', id: '7f1c2a9e-aaaa-bbbb-cccc-000000000001' },
    { name: 'customers', id: 'local:1234-5678' },
    { name: 'edit', id: 'abc' },
    { name: 'create' },
    { name: 'pending' },
    { name: 'conflicts', entryId: 'entry-1' },
    { name: 'conflicts', entryId: null },
    { name: 'settings' },
    { name: 'import' },
  ];

  it.each(views)('round-trips %o', (view) => {
    expect(parseHash(formatHash(view))).toEqual(view);
  });

  it('encodes ids so a slash or hash in one cannot change the route', () => {
    const view: View = { name: 'customers', id: 'a/b#c' };
    expect(formatHash(view)).toBe('#/customers/a%2Fb%23c');
    expect(parseHash(formatHash(view))).toEqual(view);
  });

  it('lands on the customer list for anything unknown or broken', () => {
    expect(parseHash('')).toEqual(HOME);
    expect(parseHash('#/nope')).toEqual(HOME);
    expect(parseHash('#/edit')).toEqual(HOME);
    expect(parseHash('#/customers/%E0%A4%A')).toEqual({ name: 'customers', id: null });
  });

  it('compares views by their route', () => {
    expect(sameView({ name: 'pending' }, { name: 'pending' })).toBe(true);
    expect(sameView({ name: 'edit', id: 'a' }, { name: 'edit', id: 'b' })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { keystrokes } from '../shared/queries';

describe('search benchmark keystrokes', () => {
  const records = Array.from({ length: 100 }, (_, i) => ({
    phone: `(612) 555-${String(1000 + i)}`,
    email: `person.number${i}@example.com`,
  }));
  const keys = keystrokes(records);

  it('types every query one character at a time and clears the box after each', () => {
    expect(keys.slice(0, 7)).toEqual(['o', 'ol', 'oli', 'oliv', 'olivi', 'olivia', '']);
    expect(keys.at(-1)).toBe('');
  });

  it('takes phone digits and an email prefix from the data itself', () => {
    expect(keys).toContain('6125551037');
    expect(keys).toContain('person.numbe');
  });

  it('backspaces a typo and types the correction', () => {
    const at = keys.indexOf('jonh');
    expect(keys.slice(at, at + 8)).toEqual([
      'jonh',
      'jon',
      'jo',
      'joh',
      'john',
      'johns',
      'johnso',
      'johnson',
    ]);
  });
});

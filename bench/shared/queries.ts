/**
 * The search benchmark's keystrokes: what people type into the customer search, one input event at a
 * time — names and companies typed out, phone digits (bare and formatted), the start of an email, tags,
 * a street, typos with and without a correction — each followed by clearing the box. Phones and emails
 * come from the data itself (fixed record positions), so every size has queries that really hit.
 */

export interface QuerySource {
  phone: string | null;
  email: string | null;
}

/** Every prefix of `text`, as typed one character at a time. */
function typed(text: string, from = ''): string[] {
  const out: string[] = [];
  for (let i = 1; i <= text.length; i++) out.push(from + text.slice(0, i));
  return out;
}

/** Typing `wrong`, backspacing to `keep` characters, then typing `rest`. */
function corrected(wrong: string, keep: number, rest: string): string[] {
  const out = typed(wrong);
  for (let i = wrong.length - 1; i >= keep; i--) out.push(wrong.slice(0, i));
  out.push(...typed(rest, wrong.slice(0, keep)));
  return out;
}

const NAMES = [
  'olivia',
  'smith',
  "o'brien",
  'muller',
  'nguyen',
  'emma johnson',
  'van der',
  'mcallister',
  'chloe',
  'garcia',
];

export function keystrokes(records: readonly QuerySource[]): string[] {
  const at = (i: number): QuerySource | undefined => records[Math.floor(i * records.length)];
  const phone = (at(0.37)?.phone ?? '(612) 555-0142').replace(/\D+/g, '').slice(-10);
  const formatted = at(0.61)?.phone ?? '(503) 555-0199';
  const email = (at(0.73)?.email ?? 'liam.lopez4321@example.com').split('@')[0]?.slice(0, 12) ?? 'liam';

  const sequences: string[][] = [
    ...NAMES.map((n) => typed(n)),
    typed('lakeside'),
    typed('cafe lum'),
    typed(phone),
    typed(formatted.slice(0, 9)),
    typed(email),
    typed('gutters'),
    typed('vip'),
    typed('window-cl'),
    typed('maple st'),
    typed('minnea'),
    corrected('jonh', 2, 'hnson'),
    corrected('garica', 3, 'cia'),
    typed('smiht'),
    typed('olvia'),
  ];
  const out: string[] = [];
  for (const s of sequences) out.push(...s, '');
  return out;
}

/**
 * How Rotor matches an upsert without an id to a customer it holds: phone first, then email, each by
 * its key. The Rotor-faithful simulation (electron/main/simulation/store.ts) and the import preview
 * (src/lib/transfer/import/preview.ts) both use these, so the preview predicts what the server does.
 */

/** Phone match key: digits only, a leading US country code dropped. An assumption: Rotor's rule is undocumented. */
export function phoneKey(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/\D+/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

/** Email match key: trimmed, case-insensitive. */
export function emailKey(email: string | null | undefined): string {
  return email ? email.trim().toLowerCase() : '';
}

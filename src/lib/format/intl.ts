/**
 * Intl formatters, built once per locale and options. Building one costs far more than formatting with
 * it (a status bar re-rendering per saved change spent most of its time here), and they are immutable.
 */
const cache = new Map<
  string,
  Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat | Intl.RelativeTimeFormat
>();

function cached<
  T extends Intl.NumberFormat | Intl.PluralRules | Intl.DateTimeFormat | Intl.RelativeTimeFormat,
>(kind: string, locale: string | undefined, options: object, make: () => T): T {
  const key = `${kind}|${locale ?? ''}|${JSON.stringify(options)}`;
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

export const numberFormat = (locale?: string): Intl.NumberFormat =>
  cached('n', locale, {}, () => new Intl.NumberFormat(locale));

export const pluralRules = (locale?: string): Intl.PluralRules =>
  cached('p', locale, {}, () => new Intl.PluralRules(locale));

export const dateTimeFormat = (
  locale: string | undefined,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat => cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options));

export const relativeTimeFormat = (
  locale: string | undefined,
  options: Intl.RelativeTimeFormatOptions,
): Intl.RelativeTimeFormat =>
  cached('r', locale, options, () => new Intl.RelativeTimeFormat(locale, options));

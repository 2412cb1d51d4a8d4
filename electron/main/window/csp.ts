/**
 * The one Content-Security-Policy of Rotor Desk's renderer. Electron's main sends it as a header, the
 * renderer's index.html carries it as a <meta>, and the browser host sends it too — all from this string,
 * so the three cannot drift apart. No imports: the host loads this file in plain Node.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  // No 'unsafe-eval' and no 'unsafe-inline': the bundle is plain ES modules and needs neither.
  'script-src': ["'self'"],
  // 'unsafe-inline' is for styles only, and not for transitions (Svelte 5 animates with the Web Animations
  // API and sets `style:` through the CSSOM, which CSP does not govern). It is needed because Vite's dev
  // server injects component CSS as <style> elements, and a static `style="…"` attribute in a Svelte
  // template reaches the DOM through parsed HTML — both are inline styles. Inline CSS cannot run script.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // Every Rotor API call goes through main; the page itself talks to nothing but its own origin.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
  'frame-src': ["'none'"],
  'worker-src': ["'self'"],
});

export const CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .map(([name, sources]) => `${name} ${sources.join(' ')}`)
  .join('; ');

export type ResponseHeaders = Record<string, string | string[]>;

/**
 * Response headers with our policy added. A policy the server already sent is kept: several policies
 * are all enforced, so another one can only tighten ours, never loosen it.
 */
export function withCsp(headers: Readonly<ResponseHeaders> | undefined): ResponseHeaders {
  const out: ResponseHeaders = {};
  const existing: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') {
      existing.push(...(Array.isArray(value) ? value : [value]));
    } else {
      out[name] = value;
    }
  }
  out['Content-Security-Policy'] = [
    ...existing.filter((v) => v !== CONTENT_SECURITY_POLICY),
    CONTENT_SECURITY_POLICY,
  ];
  return out;
}

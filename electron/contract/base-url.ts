/**
 * The base URL rule, kept free of zod so the renderer's Settings form checks it with the same words
 * main uses (settings.ts builds its schema on it) without bundling the schemas.
 */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The key goes wherever the base URL points, so the URL is the key's guard: `https:` anywhere,
 * `http:` only to this machine (the demo and test servers). A compromised renderer can't redirect it.
 */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a full URL, such as https://api.getrotor.com/open-api';
  }
  if (url.username || url.password) return 'The URL must not contain a user name or password';
  if (url.search || url.hash) return 'The URL must not contain a query or fragment';
  if (url.protocol === 'https:') return null;
  // The URL parser writes IPv4 as a dotted quad, so a DNS name like 127.0.0.1.example.com cannot pass.
  if (
    url.protocol === 'http:' &&
    (LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))
  )
    return null;
  return url.protocol === 'http:'
    ? 'Plain http is allowed only for this computer (127.0.0.1); use https'
    : 'Only https URLs are allowed';
}

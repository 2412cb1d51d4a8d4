import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, withCsp } from '../../../electron/main/window/csp';

function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    if (directives.has(name)) throw new Error(`duplicate directive ${name}`);
    directives.set(name, sources);
  }
  return directives;
}

const policy = parse(CONTENT_SECURITY_POLICY);

describe('CONTENT_SECURITY_POLICY', () => {
  it.each([
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['worker-src', ["'self'"]],
  ])('%s is exactly %j', (name, sources) => {
    expect(policy.get(name)).toEqual(sources);
  });

  it('has no directive beyond the reviewed ones', () => {
    expect([...policy.keys()].sort()).toEqual(
      [
        'base-uri',
        'connect-src',
        'default-src',
        'font-src',
        'form-action',
        'frame-ancestors',
        'frame-src',
        'img-src',
        'object-src',
        'script-src',
        'style-src',
        'worker-src',
      ].sort(),
    );
  });

  it('never allows eval, wildcards, whole schemes, or inline script', () => {
    const all = [...policy.values()].flat();
    expect(all).not.toContain("'unsafe-eval'");
    expect(all).not.toContain("'wasm-unsafe-eval'");
    expect(all).not.toContain('*');
    for (const scheme of ['http:', 'https:', 'ws:', 'wss:', 'blob:', 'filesystem:'])
      expect(all).not.toContain(scheme);
    for (const name of ['script-src', 'default-src', 'worker-src']) {
      expect(policy.get(name)).not.toContain("'unsafe-inline'");
    }
  });

  it('lives in a file with no imports, so the browser host can load it in plain Node', () => {
    const source = readFileSync(resolve(import.meta.dirname, '../../../electron/main/window/csp.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/require\(/);
  });
});

describe('withCsp', () => {
  it('adds the policy and keeps every other header', () => {
    const headers = withCsp({ 'Content-Type': ['text/html'], 'X-Other': 'yes' });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headers['Content-Type']).toEqual(['text/html']);
    expect(headers['X-Other']).toBe('yes');
  });

  it('keeps a policy the server sent, in any letter case, since several policies can only tighten', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src 'none'"] });
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['Content-Security-Policy']).toEqual(["default-src 'none'", CONTENT_SECURITY_POLICY]);
  });

  it('does not repeat our own policy when a response already carries it', () => {
    const headers = withCsp({ 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('copes with a response that has no headers', () => {
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('does not modify the headers it was given', () => {
    const original = { 'content-security-policy': 'x' };
    withCsp(original);
    expect(original).toEqual({ 'content-security-policy': 'x' });
  });
});

/**
 * Components rendered with `svelte/server` and read back as a tree: enough HTML for the markup Svelte
 * emits (elements, attributes, text, comments), so tests can ask for labels, legends and ids without a
 * browser DOM in the renderer project.
 */
import { render } from 'svelte/server';
import type { Component } from 'svelte';

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: (El | string)[];
  parent: El | null;
}

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);
const TOKEN =
  /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&#x([\da-f]+);/gi, (_, n: string) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [], parent: null };
  let current = root;
  for (const m of html.matchAll(TOKEN)) {
    const [token, closing, opening, attrText = '', selfClosing, text] = m;
    if (text !== undefined) current.children.push(decode(text));
    else if (closing) {
      let open: El | null = current;
      while (open && open.tag !== closing.toLowerCase()) open = open.parent;
      if (open?.parent) current = open.parent;
    } else if (opening) {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(ATTR)) attrs[a[1] as string] = decode(a[2] ?? a[3] ?? a[4] ?? '');
      const el: El = { tag: opening.toLowerCase(), attrs, children: [], parent: current };
      current.children.push(el);
      if (!selfClosing && !VOID.has(el.tag)) current = el;
    } else if (!token.startsWith('<!--')) throw new Error(`cannot read ${token}`);
  }
  return root;
}

/** Server-renders a component with these props and parses the result. */
export function renderHtml<P extends Record<string, unknown>>(component: Component<P>, props: P): El {
  return parseHtml(render(component, { props }).body);
}

export function all(el: El, match: (e: El) => boolean): El[] {
  const out: El[] = [];
  for (const child of el.children) {
    if (typeof child === 'string') continue;
    if (match(child)) out.push(child);
    out.push(...all(child, match));
  }
  return out;
}

export const tagged = (el: El, tag: string): El[] => all(el, (e) => e.tag === tag);

export function byId(el: El, id: string): El | undefined {
  return all(el, (e) => e.attrs.id === id)[0];
}

function rawText(el: El): string {
  return el.children.map((c) => (typeof c === 'string' ? c : rawText(c))).join('');
}

/** Text as a reader sees it: whitespace collapsed. */
export function textOf(el: El): string {
  return rawText(el).replace(/\s+/g, ' ').trim();
}

export function closest(el: El, tag: string): El | null {
  let at = el.parent;
  while (at && at.tag !== tag) at = at.parent;
  return at;
}

/** The control's accessible label: a `<label for>` naming it, or the `<label>` around it. */
export function labelOf(root: El, control: El): string | null {
  const id = control.attrs.id;
  const pointing = id ? all(root, (e) => e.tag === 'label' && e.attrs.for === id)[0] : undefined;
  const around = pointing ?? closest(control, 'label');
  return around ? textOf(around) : null;
}

/** A fieldset's legend text. */
export function legendOf(fieldset: El): string | null {
  const legend = fieldset.children.find((c): c is El => typeof c !== 'string' && c.tag === 'legend');
  return legend ? textOf(legend) : null;
}

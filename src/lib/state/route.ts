/**
 * The app's views and their location.hash form, so a reload comes back to the same customer.
 * No router library: a view is a plain value.
 */
export type View =
  | { name: 'customers'; id: string | null }
  | { name: 'edit'; id: string }
  | { name: 'create' }
  | { name: 'pending' }
  | { name: 'conflicts'; entryId: string | null }
  | { name: 'settings' }
  | { name: 'import' };

export const HOME: View = { name: 'customers', id: null };

function decode(part: string | undefined): string | null {
  if (!part) return null;
  try {
    const value = decodeURIComponent(part);
    return value.length > 0 && value.length <= 200 ? value : null;
  } catch {
    return null;
  }
}

/** Anything unrecognised lands on the customer list rather than an error page. */
export function parseHash(hash: string): View {
  const [name, arg] = hash.replace(/^#\/?/, '').split('/');
  const id = decode(arg);
  switch (name) {
    case 'customers':
      return { name: 'customers', id };
    case 'edit':
      return id ? { name: 'edit', id } : HOME;
    case 'new':
      return { name: 'create' };
    case 'pending':
      return { name: 'pending' };
    case 'conflicts':
      return { name: 'conflicts', entryId: id };
    case 'settings':
      return { name: 'settings' };
    case 'import':
      return { name: 'import' };
    default:
      return HOME;
  }
}

export function formatHash(view: View): string {
  switch (view.name) {
    case 'customers':
      return view.id ? `#/customers/${encodeURIComponent(view.id)}` : '#/customers';
    case 'edit':
      return `#/edit/${encodeURIComponent(view.id)}`;
    case 'create':
      return '#/new';
    case 'pending':
      return '#/pending';
    case 'conflicts':
      return view.entryId ? `#/conflicts/${encodeURIComponent(view.entryId)}` : '#/conflicts';
    case 'settings':
      return '#/settings';
    case 'import':
      return '#/import';
  }
}

export function sameView(a: View, b: View): boolean {
  return formatHash(a) === formatHash(b);
}

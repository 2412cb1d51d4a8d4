/**
 * Where focus goes after a navigation: the new screen's heading, or for a form its first field (or
 * the field named). Elements are named by id; the DOM side (components/focus-request.ts) waits for
 * the element to be rendered and focuses it. One table, so every view lands the same way.
 */
import type { View } from './route';

export const FOCUS_IDS = {
  /** The open customer's name in the detail pane. */
  detail: 'detail-name',
  /** The customer list's "Customers" heading. */
  list: 'customers-heading',
  /** The customer list itself, its cursor on the row last used. */
  listbox: 'customer-listbox',
  /** The edit / new customer form: its first field takes focus. */
  form: 'customer-form',
  pending: 'pending-heading',
  conflicts: 'conflicts-heading',
  settings: 'settings-heading',
  import: 'import-heading',
  /** Settings' "Replace API key" panel: its key field takes focus once it is open. */
  key: 'replace-key',
} as const;

/** The id of a customer form field's input (FieldInput and TextField use the same). */
export function fieldElementId(field: string): string {
  return `field-${field}`;
}

export function focusTargetFor(view: View): string {
  switch (view.name) {
    case 'customers':
      // Back from a customer's form (Esc, Cancel, Save) or "show customer": that customer's name.
      return view.id ? FOCUS_IDS.detail : FOCUS_IDS.list;
    case 'edit':
    case 'create':
      return FOCUS_IDS.form;
    case 'pending':
      return FOCUS_IDS.pending;
    case 'conflicts':
      return FOCUS_IDS.conflicts;
    case 'settings':
      return FOCUS_IDS.settings;
    case 'import':
      return FOCUS_IDS.import;
  }
}

/** A request for focus; `seq` makes a repeated request for the same element a new one. */
export interface FocusRequest {
  target: string;
  /** Where focus goes if `target` never appears (the screen's heading), so it never stays on the body. */
  fallback: string | null;
  seq: number;
}

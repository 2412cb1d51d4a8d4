/**
 * Which view is showing, the selected customer, and the unsaved-changes guard that stands between
 * an edit form and any navigation away from it.
 */
import { formatHash, HOME, parseHash } from './route';
import type { View } from './route';

/** Answers whether navigation may leave the current view (e.g. after asking about unsaved changes). */
export type LeaveGuard = () => Promise<boolean>;

export class Nav {
  view = $state.raw<View>(HOME);
  /** The customer shown in the detail pane; kept while other views are open so "back" returns to it. */
  selectedId = $state<string | null>(null);
  /** Asks the search box to take focus; it clears the flag when it does (it may mount later). */
  searchFocusPending = $state(false);
  /** Asks the detail pane's heading to take focus (Enter on a list row). */
  detailFocusPending = $state(false);
  /** Asks Settings to open the API key field and focus it (the pause banner's "Open settings"). */
  keyFocusPending = $state(false);
  /** Asks the edit form to focus this field when it opens ("Fix Email" on a rejected change). */
  fieldFocusPending = $state<string | null>(null);

  #guard: LeaveGuard | null = null;

  /** The hash for the current state; the customer list's form carries the selection. */
  hash = $derived(
    formatHash(this.view.name === 'customers' ? { name: 'customers', id: this.selectedId } : this.view),
  );

  setGuard(guard: LeaveGuard): () => void {
    this.#guard = guard;
    return () => {
      if (this.#guard === guard) this.#guard = null;
    };
  }

  /** Navigates unless a guard refuses; resolves to whether the view changed. */
  async go(view: View, opts: { force?: boolean } = {}): Promise<boolean> {
    if (this.#guard && !opts.force && !(await this.#guard())) return false;
    this.#guard = null;
    if (view.name === 'customers' && view.id) this.selectedId = view.id;
    this.view = view;
    return true;
  }

  /** Selecting within the list never leaves the view, so no guard. */
  select(id: string | null): void {
    this.selectedId = id;
  }

  async showCustomer(id: string, opts: { force?: boolean } = {}): Promise<boolean> {
    return this.go({ name: 'customers', id }, opts);
  }

  /** Settings, with the API key field open and focused: where a rejected key is replaced. */
  async fixKey(): Promise<boolean> {
    if (!(await this.go({ name: 'settings' }))) return false;
    this.keyFocusPending = true;
    return true;
  }

  /** The edit form for a change Rotor rejected, with the rejected field focused (none named: the form's own). */
  async fixField(id: string, field: string | null): Promise<boolean> {
    if (!(await this.go({ name: 'edit', id }))) return false;
    this.fieldFocusPending = field;
    return true;
  }

  async focusSearch(): Promise<void> {
    if (this.view.name !== 'customers' && !(await this.go(HOME))) return;
    this.searchFocusPending = true;
  }

  fromHash(hash: string): void {
    const view = parseHash(hash);
    if (view.name === 'customers') this.selectedId = view.id;
    this.view = view;
  }
}

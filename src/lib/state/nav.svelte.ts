/**
 * Which view is showing, the selected customer, and the unsaved-changes guard that stands between
 * an edit form and any navigation away from it.
 */
import { fieldElementId, FOCUS_IDS, focusTargetFor } from './focus-target';
import type { FocusRequest } from './focus-target';
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
  /**
   * Where focus goes after the last navigation (see focus-target.ts); the shell carries it out, so a
   * screen never leaves focus on the page body.
   */
  focusRequest = $state.raw<FocusRequest | null>(null);

  #guard: LeaveGuard | null = null;
  #focusSeq = 0;
  /** Where focus goes back to when the open form is left for the list (the row it was opened from). */
  #formReturn: string | null = null;

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

  /**
   * Navigates unless a guard refuses; resolves to whether the view changed. Focus then moves to the
   * new screen's heading or first field, or to `focus` (an element id; null leaves focus to the caller).
   * `returnTo` (opening a form): where focus goes when the form is left for the list again.
   */
  async go(
    view: View,
    opts: { force?: boolean; focus?: string | null; returnTo?: string } = {},
  ): Promise<boolean> {
    if (this.#guard && !opts.force && !(await this.#guard())) return false;
    this.#guard = null;
    const leavingForm = this.view.name === 'edit' || this.view.name === 'create';
    if (view.name === 'customers' && view.id) this.selectedId = view.id;
    this.view = view;
    const heading = focusTargetFor(view);
    const back = leavingForm && view.name === 'customers' ? this.#formReturn : null;
    this.#formReturn = view.name === 'edit' || view.name === 'create' ? (opts.returnTo ?? null) : null;
    this.requestFocus(opts.focus === undefined ? (back ?? heading) : opts.focus, heading);
    return true;
  }

  /** Asks for focus on an element by id (null cancels a request not yet carried out). */
  requestFocus(target: string | null, fallback: string | null = null): void {
    this.focusRequest =
      target === null
        ? null
        : { target, fallback: fallback === target ? null : fallback, seq: ++this.#focusSeq };
  }

  /** The customer's form with `field` focused ("Fix email" from a rejected change). */
  async editField(id: string, field: string): Promise<boolean> {
    return this.go({ name: 'edit', id }, { focus: fieldElementId(field) });
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
    if (!(await this.go({ name: 'settings' }, { focus: FOCUS_IDS.key }))) return false;
    this.keyFocusPending = true;
    return true;
  }

  async focusSearch(): Promise<void> {
    if (this.view.name !== 'customers' && !(await this.go(HOME, { focus: null }))) return;
    this.requestFocus(null);
    this.searchFocusPending = true;
  }

  fromHash(hash: string): void {
    const view = parseHash(hash);
    if (view.name === 'customers') this.selectedId = view.id;
    this.view = view;
  }
}

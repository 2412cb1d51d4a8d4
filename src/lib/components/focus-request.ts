/**
 * Carries out nav's focus request in the DOM: the element may render a moment later (a form opening,
 * Settings' key panel), and a closing dialog puts focus back where it was, so this waits for the
 * element, focuses it, and takes it back once if the dialog's restore lands after.
 */

/** How long a requested element may take to appear before the request is dropped. */
const APPEAR_BUDGET_MS = 2_000;

const FIELDS = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

function landing(heading: HTMLElement): HTMLElement {
  // A heading is a landing point, not a tab stop.
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  return heading;
}

/**
 * The element to focus for a requested one: itself when focusable, a heading made focusable, else
 * its first field, else its first heading (a form that could not open says why there).
 */
export function focusableFor(el: HTMLElement): HTMLElement | null {
  if (/^H[1-6]$/.test(el.tagName)) return landing(el);
  if (el.matches(FIELDS) || el.hasAttribute('tabindex')) return el;
  const field = el.querySelector<HTMLElement>(FIELDS);
  if (field) return field;
  const heading = el.querySelector<HTMLElement>('h1, h2');
  return heading ? landing(heading) : null;
}

/**
 * Focuses the element with `id` once it is rendered, or `fallback` if it never is; returns a cancel
 * for a newer request.
 */
export function focusWhenReady(id: string, fallback: string | null, doc: Document = document): () => void {
  let done = false;
  /** What had focus when navigation asked: the fallback only replaces that (or nothing). */
  const before = doc.activeElement;
  let observer: MutationObserver | null = null;
  const timers: ReturnType<typeof setTimeout>[] = [];
  /** Set when a modal dialog closes after focus landed (its close event restores its own focus). */
  let dialogClosed = false;
  const onDialogClose = (): void => {
    dialogClosed = true;
  };

  const stop = (): void => {
    done = true;
    observer?.disconnect();
    doc.removeEventListener('close', onDialogClose, true);
    for (const t of timers) clearTimeout(t);
  };

  const attempt = (): boolean => {
    const el = doc.getElementById(id);
    const target = el ? focusableFor(el) : null;
    if (!target) return false;
    target.focus({ preventScroll: false });
    observer?.disconnect();
    // A modal dialog closing in the same turn (the unsaved-changes question) restores its own
    // focus in its close event, a task later: take focus back once after it. Only after a dialog:
    // focus the user moved on to meanwhile (a click or Tab on a busy window, before this task ran)
    // stays where they put it.
    doc.addEventListener('close', onDialogClose, true);
    timers.push(
      setTimeout(() => {
        if (!done && dialogClosed && target.isConnected && doc.activeElement !== target) target.focus();
        stop();
      }, 0),
    );
    return true;
  };

  if (!attempt()) {
    observer = new MutationObserver(() => {
      if (!done) attempt();
    });
    observer.observe(doc.body, { childList: true, subtree: true });
    timers.push(
      setTimeout(() => {
        const el = fallback ? doc.getElementById(fallback) : null;
        const target = el ? focusableFor(el) : null;
        stop();
        // Only if focus has not moved meanwhile (the user may have gone on).
        const now = doc.activeElement;
        if (target && (now === before || now === doc.body || now === null)) target.focus();
      }, APPEAR_BUDGET_MS),
    );
  }
  return stop;
}

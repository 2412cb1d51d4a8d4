/**
 * The app's state, built once in main.ts and handed to components through Svelte context, so
 * components never reach for `window.rotor` and tests can build the same graph with fakes.
 */
import { getContext } from 'svelte';
import { Clock } from './clock.svelte';
import { Dialogs } from './dialogs.svelte';
import { CustomerListState } from './list.svelte';
import { Nav } from './nav.svelte';
import { Notices } from './notices.svelte';
import { ListSelection } from './selection.svelte';
import { AppModel } from './app-model.svelte';
import { ExportRun } from './export-run.svelte';
import type { AppModelDeps } from './model-types';

export interface AppState {
  model: AppModel;
  nav: Nav;
  list: CustomerListState;
  /** The list's multi-selection; `selection.inViewOrder(list.results)` is what "Export selection" exports. */
  selection: ListSelection;
  notices: Notices;
  dialogs: Dialogs;
  clock: Clock;
  exports: ExportRun;
}

export const APP_KEY = Symbol('rotor-desk-app');

export function createAppState(deps: Omit<AppModelDeps, 'notify'>): AppState {
  const notices = new Notices();
  const model = new AppModel({ ...deps, notify: notices.announce });
  const nav = new Nav();
  const list = new CustomerListState(model);
  const selection = new ListSelection();
  // A customer created here gets Rotor's id once sent: the selection and cursor follow it.
  model.onIdRewrite((from, to) => {
    if (nav.selectedId === from) nav.select(to);
    if (list.activeId === from) list.setActive(to);
    selection.rename(from, to);
  });
  return {
    model,
    nav,
    list,
    selection,
    notices,
    dialogs: new Dialogs(),
    clock: new Clock(),
    exports: new ExportRun(),
  };
}

/** The app state, from inside a component's initialisation. */
export function useApp(): AppState {
  const app = getContext<AppState | undefined>(APP_KEY);
  if (!app) throw new Error('useApp() needs the app state in context (see main.ts)');
  return app;
}

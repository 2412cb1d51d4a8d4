/**
 * The colour theme follows main's settings: `system` leaves it to the operating system (CSS media
 * queries), `light` and `dark` force one through the root element's `data-theme`.
 */
import type { Settings } from '@contract/settings';

export type ApplyTheme = (theme: Settings['theme']) => void;

export const documentTheme: ApplyTheme = (theme) => {
  if (typeof document === 'undefined') return;
  const root = document.documentElement;
  if (theme === 'system') delete root.dataset.theme;
  else root.dataset.theme = theme;
};

/** Applies the theme each time main's settings arrive (the first load, an event, an update); returns the unsubscribe. */
export function followTheme(
  settings: { onSettings(listener: (s: Settings) => void): () => void },
  apply: ApplyTheme = documentTheme,
): () => void {
  return settings.onSettings((s) => apply(s.theme));
}

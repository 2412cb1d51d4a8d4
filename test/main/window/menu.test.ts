import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../../electron/main/window/menu';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

const DEV_ONLY = ['reload', 'forceReload', 'toggleDevTools'];

describe('menuTemplate', () => {
  it.each([true, false])('offers no reload or developer tools outside development (mac: %s)', (isMac) => {
    const all = roles(menuTemplate({ isMac, isDev: false }));
    for (const role of DEV_ONLY) expect(all).not.toContain(role);
  });

  it('offers reload and developer tools in development', () => {
    const all = roles(menuTemplate({ isMac: false, isDev: true }));
    for (const role of DEV_ONLY) expect(all).toContain(role);
  });

  it('has an Edit menu with copy and paste, so the shortcuts work on macOS', () => {
    const edit = menuTemplate({ isMac: true, isDev: false }).find((m) => m.label === 'Edit');
    const editRoles = roles(Array.isArray(edit?.submenu) ? edit.submenu : []);
    expect(editRoles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'undo', 'redo']));
  });

  it('starts with the app menu on macOS and a File menu with Quit elsewhere', () => {
    expect(menuTemplate({ isMac: true, isDev: false })[0]).toEqual({ role: 'appMenu' });
    const [first] = menuTemplate({ isMac: false, isDev: false });
    expect(first?.label).toBe('File');
    expect(roles(first ? [first] : [])).toEqual(['quit']);
  });
});

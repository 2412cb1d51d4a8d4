import { describe, expect, it, vi } from 'vitest';
import { permissionCheckHandler, permissionRequestHandler } from '../../../electron/main/window/permissions';

describe('permission handlers', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'unknown',
  ])('denies a request for %s', (permission) => {
    const callback = vi.fn();
    permissionRequestHandler({}, permission, callback);
    expect(callback).toHaveBeenCalledTimes(1);
    expect(callback).toHaveBeenCalledWith(false);
  });

  it('answers every permission check with false', () => {
    expect(permissionCheckHandler()).toBe(false);
  });
});

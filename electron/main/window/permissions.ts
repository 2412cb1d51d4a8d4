/**
 * Rotor Desk needs no browser permission (camera, notifications, geolocation, clipboard-read, …).
 * Everything is denied, so a compromised page cannot ask for anything either.
 */
export function permissionRequestHandler(
  _webContents: unknown,
  _permission: string,
  callback: (granted: boolean) => void,
): void {
  callback(false);
}

export function permissionCheckHandler(): boolean {
  return false;
}

import type { Session } from 'electron';

/**
 * The uploader needs no camera, microphone, notifications-from-the-page, geolocation, clipboard reads… Native
 * notifications come from the main process, so every web permission is denied.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { denyAllPermissions } from '../../../src-main/electron/session-permissions.js';

describe('session permissions', () => {
  it('denies every permission request and check', () => {
    const installed: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (handler: (...args: never[]) => unknown) => (installed.request = handler),
      setPermissionCheckHandler: (handler: (...args: never[]) => unknown) => (installed.check = handler),
      setDevicePermissionHandler: (handler: (...args: never[]) => unknown) => (installed.device = handler),
    };
    denyAllPermissions(session as unknown as Session);

    for (const permission of [
      'media',
      'notifications',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fileSystem',
    ]) {
      const answers: boolean[] = [];
      const request = installed.request as (
        c: unknown,
        p: string,
        callback: (granted: boolean) => void,
      ) => void;
      request({}, permission, (granted) => answers.push(granted));
      expect(answers, permission).toEqual([false]);
      const check = installed.check as (c: unknown, p: string) => boolean;
      expect(check({}, permission)).toBe(false);
    }
    expect((installed.device as () => boolean)()).toBe(false);
  });
});

import type { PlatformHandlers } from '../app/types.js';

/**
 * A browser page cannot open native dialogs or the file manager through us; the UI offers typing a path instead,
 * and opens http(s) links itself.
 */
export const browserPlatform: PlatformHandlers = {
  'platform.pickPaths': async () => ({ supported: false, paths: [] }),
  'platform.showInFolder': async () => ({ supported: false }),
  'platform.openExternal': async () => ({ opened: false }),
};

import { dialog, shell, type BrowserWindow, type OpenDialogOptions } from 'electron';
import path from 'node:path';
import type { PlatformHandlers } from '../app/types.js';
import { openExternalLink } from './external-links.js';

/** Native dialogs, the file manager and the browser: answered in the main process, never by the engine. */
export function createPlatformHandlers(getWindow: () => BrowserWindow | null): PlatformHandlers {
  return {
    'platform.pickPaths': async ({ kind }) => {
      const options: OpenDialogOptions = {
        title: kind === 'files' ? 'Add slide files' : 'Choose a folder',
        properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory'],
      };
      const win = getWindow();
      const picked =
        win === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(win, options);
      return { supported: true, paths: picked.canceled ? [] : picked.filePaths };
    },
    'platform.showInFolder': async ({ path: target }) => {
      // Only absolute paths: a relative one would be resolved against the app's working directory.
      if (!path.isAbsolute(target)) return { supported: true };
      shell.showItemInFolder(target);
      return { supported: true };
    },
    'platform.openExternal': async ({ url }) => ({ opened: await openExternalLink(url) }),
  };
}

import path from 'node:path';
import { appErrorInfo, createAppService, createFileSettingsPort } from '../app/index.js';
import type { AppService, AppServiceOptions } from '../app/types.js';
import { downloadFolderOptions, osDownloadsFolder } from '../shared/downloads-folder.js';
import { browserPlatform } from './browser-platform.js';
import { projectVersion } from './project-root.js';

/** Loaded lazily by the host (a test that injects its own service never loads the engine). */
export { appErrorInfo };

/** The user's Downloads folder (XDG's on Linux) when there is one, else a folder in the state dir, saying so. */
export function defaultDownloadDir(stateDir: string): ReturnType<typeof downloadFolderOptions> {
  return downloadFolderOptions(osDownloadsFolder(), path.join(stateDir, 'downloads'));
}

export type BrowserServiceChoices = Pick<
  AppServiceOptions,
  'stateDir' | 'serverOverride' | 'tuning' | 'sandboxDemo' | 'sandboxDialects'
>;

/** The app service as the browser host runs it: settings in a file, the token in memory, no native dialogs. */
export async function createBrowserAppService(choices: BrowserServiceChoices): Promise<AppService> {
  // Awaited whether the factory is synchronous or not.
  return await createAppService({
    ...choices,
    settings: createFileSettingsPort(choices.stateDir),
    platform: browserPlatform,
    host: 'browser',
    version: projectVersion(),
    ...defaultDownloadDir(choices.stateDir),
  });
}

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppService, createFileSettingsPort, describeAppError } from '../app/index.js';
import type { AppService, AppServiceOptions } from '../app/types.js';
import { browserPlatform } from './browser-platform.js';
import { projectVersion } from './project-root.js';

/** Loaded lazily by the host (a test that injects its own service never loads the engine). */
export { describeAppError };

/** The user's Downloads folder when there is one, else a folder in the state dir. */
export function defaultDownloadDir(stateDir: string): string {
  const downloads = path.join(os.homedir(), 'Downloads');
  return existsSync(downloads) ? downloads : path.join(stateDir, 'downloads');
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
    defaultDownloadDir: defaultDownloadDir(choices.stateDir),
  });
}

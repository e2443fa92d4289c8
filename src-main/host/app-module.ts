import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createAppService, createFileSettingsPort, describeAppError } from '../app/index.js';
import type { AppService } from '../app/types.js';
import { browserPlatform } from './browser-platform.js';
import { projectVersion } from './project-root.js';

/** Loaded lazily by the host (a test that injects its own service never loads the engine). */
export { describeAppError };

/** The user's Downloads folder when there is one, else a folder in the state dir. */
export function defaultDownloadDir(stateDir: string): string {
  const downloads = path.join(os.homedir(), 'Downloads');
  return existsSync(downloads) ? downloads : path.join(stateDir, 'downloads');
}

/** The app service as the browser host runs it: settings in a file, the token in memory, no native dialogs. */
export async function createBrowserAppService(
  stateDir: string,
  serverOverride?: string,
): Promise<AppService> {
  // Awaited whether the factory is synchronous or not.
  return await createAppService({
    stateDir,
    settings: createFileSettingsPort(stateDir),
    platform: browserPlatform,
    host: 'browser',
    version: projectVersion(),
    ...(serverOverride === undefined ? {} : { serverOverride }),
    defaultDownloadDir: defaultDownloadDir(stateDir),
  });
}

import { rename } from 'node:fs/promises';
import path from 'node:path';
import Conf from 'conf';
import type { AppSettings } from '../../src-shared/app/index.js';
import type { SettingsPort } from './types.js';

const CONFIG_NAME = 'app-settings';

/**
 * The browser host's settings: a JSON file in the state dir (`app-settings.json`). The token is kept in memory
 * for this session only (PATHOMIQ_TOKEN, if set, is the first one); it is never written to disk.
 */
export function createFileSettingsPort(stateDir: string): SettingsPort {
  const file = path.join(stateDir, `${CONFIG_NAME}.json`);
  let store: Conf<Record<string, unknown>> | undefined;
  let token = nonEmpty(process.env['PATHOMIQ_TOKEN']);

  const open = () =>
    (store ??= new Conf<Record<string, unknown>>({
      cwd: stateDir,
      configName: CONFIG_NAME,
      projectName: 'pathomiq-uploader',
    }));

  return {
    tokenStorage: 'memory',
    async load() {
      try {
        const conf = open();
        return conf.size === 0 ? undefined : conf.store;
      } catch (error) {
        // A damaged file is put aside (not deleted: someone may want to look at it) so saving works again.
        const aside = `${file}.damaged-${Date.now()}`;
        await rename(file, aside).catch(() => undefined);
        throw new Error(`${(error as Error).message}; the file was moved to ${aside}`, { cause: error });
      }
    },
    async save(settings: AppSettings) {
      open().store = { ...settings };
    },
    async readToken() {
      return token;
    },
    async writeToken(next: string | null) {
      token = next ?? undefined;
    },
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

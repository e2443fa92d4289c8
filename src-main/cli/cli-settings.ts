import { appSettingsSchema, type AppSettings } from '../../src-shared/app/index.js';
import type { SettingsPort } from '../app/types.js';
import type { CliSettingsFile } from './cli-settings-file.js';

export { CliSettingsFile, openCliSettings, type CliSettings } from './cli-settings-file.js';

/**
 * The CLI's settings in the app's shape, so the app decides server, user and sandbox as it does for the desktop:
 * a remembered server means that server, none means the embedded sandbox; the user is the remembered one (the
 * sandbox's example user when none). The token is the one given this run, kept in memory only.
 */
export function createCliSettingsPort(remembered: CliSettingsFile, token: string | undefined): SettingsPort {
  let current = token;
  return {
    tokenStorage: 'memory',
    async load() {
      const server = remembered.get('server') || undefined;
      return appSettingsSchema.parse({
        useSandbox: server === undefined,
        serverUrl: server ?? '',
        userId: remembered.get('user') ?? null,
      });
    },
    async save(settings: AppSettings) {
      if (settings.useSandbox) remembered.delete('server');
      else remembered.set('server', settings.serverUrl);
      if (settings.userId === null) remembered.delete('user');
      else remembered.set('user', settings.userId);
    },
    async readToken() {
      return current;
    },
    async writeToken(next: string | null) {
      current = next ?? undefined;
    },
  };
}

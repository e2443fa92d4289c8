import type { AppHandlers } from '../../src-shared/app/index.js';
import type { AppCore } from './app-core.js';
import { testConnection } from './connection-test.js';

type SettingsHandlers = Pick<
  AppHandlers,
  'app.status' | 'settings.get' | 'settings.update' | 'settings.setToken' | 'settings.testConnection'
>;

export function settingsHandlers(core: AppCore): SettingsHandlers {
  return {
    'app.status': () => core.status(),
    'settings.get': async () => {
      await core.connection();
      return core.view();
    },
    'settings.update': (patch) => core.updateSettings(patch),
    'settings.setToken': ({ token }) => core.setToken(token),
    'settings.testConnection': async (args) => {
      await core.connection();
      return testConnection(core, args);
    },
  };
}

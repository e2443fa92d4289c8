import Store from 'electron-store';
import { renameSync } from 'node:fs';
import path from 'node:path';
import type { KeyValueStore } from './key-value-store.js';
import { storeSchema } from './settings-store.js';

/**
 * electron-store in the user data folder. A file that no longer matches the schema (edited by hand, older
 * version) is set aside, not deleted, and the app starts with defaults instead of not starting at all.
 */
export function openSettingsStore(userDataDir: string): KeyValueStore {
  const options = { name: 'settings', cwd: userDataDir, schema: storeSchema };
  try {
    return new Store<Record<string, unknown>>(options);
  } catch (error) {
    const file = path.join(userDataDir, 'settings.json');
    const aside = path.join(userDataDir, `settings.invalid-${Date.now()}.json`);
    renameSync(file, aside);
    console.warn(`Settings file did not match the schema; moved to ${aside}: ${(error as Error).message}`);
    return new Store<Record<string, unknown>>(options);
  }
}

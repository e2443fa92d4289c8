import Store from 'electron-store';
import { readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import type { KeyValueStore } from './key-value-store.js';
import { ENCRYPTED_TOKEN_KEY, SETTINGS_KEY, storeSchema } from './settings-store.js';

export interface OpenedSettingsStore {
  store: KeyValueStore;
  /**
   * The settings of a file that no longer matched the schema, as they were: the app salvages them field by field
   * (src-main/app/salvage-settings.ts), keeps the valid ones and says which were reset — never defaults in silence.
   */
  recoveredSettings?: unknown;
}

/**
 * electron-store in the user data folder. A file that no longer matches the schema (edited by hand, written by a
 * newer version) is set aside, not deleted; a new store starts with its encrypted token carried over, and its
 * settings are handed to the app to salvage. A file that is not JSON at all is set aside and the app starts with
 * defaults (the service says so when it finds none it can use).
 */
export function openSettingsStore(userDataDir: string): OpenedSettingsStore {
  const options = { name: 'settings', cwd: userDataDir, schema: storeSchema };
  try {
    return { store: new Store<Record<string, unknown>>(options) };
  } catch (error) {
    const file = path.join(userDataDir, 'settings.json');
    const previous = readJson(file);
    const aside = path.join(userDataDir, `settings.invalid-${Date.now()}.json`);
    renameSync(file, aside);
    console.warn(`Settings file did not match the schema; kept as ${aside}: ${(error as Error).message}`);
    const store = new Store<Record<string, unknown>>(options);
    const token = previous?.[ENCRYPTED_TOKEN_KEY];
    if (typeof token === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(token))
      store.set(ENCRYPTED_TOKEN_KEY, token);
    return { store, recoveredSettings: previous?.[SETTINGS_KEY] };
  }
}

function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

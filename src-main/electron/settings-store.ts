import type { Schema } from 'electron-store';
import { z } from 'zod';
import { appSettingsSchema, type AppSettings } from '../../src-shared/app/index.js';
import type { KeyValueStore } from './key-value-store.js';

export const SETTINGS_KEY = 'settings';
export const ENCRYPTED_TOKEN_KEY = 'encryptedToken';

/**
 * electron-store's JSON schema (checked by its ajv on every write), generated from the settings contract so the two
 * cannot drift. The token has its own key and is only ever the base64 of safeStorage's ciphertext.
 */
export const storeSchema = {
  [SETTINGS_KEY]: withoutVersionDefault(
    z.toJSONSchema(appSettingsSchema, { io: 'input', unrepresentable: 'any' }),
  ),
  [ENCRYPTED_TOKEN_KEY]: { type: 'string', contentEncoding: 'base64' },
  // zod's JSON Schema type and ajv's differ only in how they are declared; the test compiles it with conf's ajv.
} as unknown as Schema<Record<string, unknown>>;

/**
 * conf's ajv fills schema defaults into the file as it opens it: a default `settingsVersion` would mark a file
 * of an older version as current before the migration (src-main/app/settings-migration.ts) could see it.
 */
function withoutVersionDefault<T extends { properties?: Record<string, unknown> }>(schema: T): T {
  const version = schema.properties?.['settingsVersion'];
  if (typeof version === 'object' && version !== null) delete (version as { default?: unknown }).default;
  return schema;
}

export interface SettingsAccess {
  /** As saved, or undefined on first run (the service validates and defaults it). */
  load(): unknown;
  /** Validates what the engine process sends before it is written. */
  save(settings: unknown): AppSettings;
}

/**
 * `recovered`: the settings of a file set aside at open (see open-store.ts), given to the app until settings are
 * saved again, so it can keep what is valid of them and say what was reset.
 */
export function createSettingsAccess(store: KeyValueStore, recovered?: unknown): SettingsAccess {
  return {
    load: () => store.get(SETTINGS_KEY) ?? recovered,
    save: (settings) => {
      const valid = appSettingsSchema.parse(settings);
      store.set(SETTINGS_KEY, valid);
      return valid;
    },
  };
}

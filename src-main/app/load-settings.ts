import { z } from 'zod';
import { appSettingsSchema, type AppSettings, type SettingsView } from '../../src-shared/app/index.js';
import { salvageSettings } from './salvage-settings.js';
import { migrateSettings } from './settings-migration.js';
import type { SettingsPort } from './types.js';

export interface LoadedSettings {
  settings: AppSettings;
  /** Set when stored settings could not be used: the defaults apply, and this says so. */
  warning: string | null;
  /** Set once, when the stored bandwidth limit was converted or could not be read (see settings-migration.ts). */
  limitRateNote: string | null;
  /** A problem the user should hear of at start (an unreadable limit, a conversion that could not be saved). */
  problem: string | null;
}

const DEFAULTS_NOTE = 'The app starts with default settings; check Settings and save them again.';

/**
 * Stored settings, migrated to the current version (saved back once, which records it), validated and
 * defaulted; unreadable or invalid ones give the defaults and a warning.
 */
export async function loadSettings(port: SettingsPort): Promise<LoadedSettings> {
  let stored: unknown;
  try {
    stored = await port.load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings: appSettingsSchema.parse({}),
      warning: `Saved settings could not be read (${reason}). ${DEFAULTS_NOTE}`,
      limitRateNote: null,
      problem: null,
    };
  }
  const migration = migrateSettings(stored);
  const parsed = appSettingsSchema.safeParse(migration.stored ?? {});
  if (!parsed.success) {
    if (!isRecord(migration.stored))
      return {
        settings: appSettingsSchema.parse({}),
        warning: `Saved settings are not valid (${z.prettifyError(parsed.error).replace(/\n/g, ' ')}). ${DEFAULTS_NOTE}`,
        limitRateNote: null,
        problem: null,
      };
    return salvaged(port, migration.stored);
  }
  if (migration.migrated) {
    try {
      await port.save(parsed.data);
    } catch (error) {
      // Not recorded: it runs again next start, from the same stored value, to the same result.
      const reason = error instanceof Error ? error.message : String(error);
      return {
        settings: parsed.data,
        warning: null,
        limitRateNote: migration.note,
        problem: `The updated settings could not be saved (${reason}); they apply until the app is closed, and the update is tried again at the next start.`,
      };
    }
  }
  return {
    settings: parsed.data,
    warning: null,
    limitRateNote: migration.note ?? migration.error,
    problem: migration.error,
  };
}

/**
 * Settings with some values the app cannot use: the valid ones are kept and saved (so the next start does not warn
 * again), the others are back to their defaults, and the warning names them.
 */
async function salvaged(port: SettingsPort, stored: Record<string, unknown>): Promise<LoadedSettings> {
  const { settings, reset } = salvageSettings(stored);
  const named = reset.map(({ field, why }) => `${field}: ${why}`).join('; ');
  const warning =
    `Some saved settings could not be used (${named}), so they are back to their defaults; the others are kept. ` +
    'Check Settings.';
  try {
    await port.save(settings);
    return { settings, warning, limitRateNote: null, problem: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings,
      warning: `${warning} They could not be saved (${reason}); this is said again at the next start.`,
      limitRateNote: null,
      problem: null,
    };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const settingsView = (
  settings: AppSettings,
  hasToken: boolean,
  tokenStorage: SettingsPort['tokenStorage'],
  downloads: { path: string; note: string | null },
  limitRateNote: string | null = null,
): SettingsView => ({
  ...settings,
  hasToken,
  tokenStorage,
  defaultDownloadDir: downloads.path,
  defaultDownloadDirNote: downloads.note,
  limitRateNote,
});

/** Changes that need a new connection (another server or user); the rest are applied in place. */
export const needsReconnect = (before: AppSettings, after: AppSettings): boolean =>
  before.useSandbox !== after.useSandbox ||
  before.serverUrl !== after.serverUrl ||
  before.userId !== after.userId;

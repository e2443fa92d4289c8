import { z } from 'zod';
import { appSettingsSchema, type AppSettings, type SettingsView } from '../../src-shared/app/index.js';
import type { SettingsPort } from './types.js';

export interface LoadedSettings {
  settings: AppSettings;
  /** Set when stored settings could not be used: the defaults apply, and this says so. */
  warning: string | null;
}

const DEFAULTS_NOTE = 'The app starts with default settings; check Settings and save them again.';

/** Stored settings, validated and defaulted; unreadable or invalid ones give the defaults and a warning. */
export async function loadSettings(port: SettingsPort): Promise<LoadedSettings> {
  let stored: unknown;
  try {
    stored = await port.load();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      settings: appSettingsSchema.parse({}),
      warning: `Saved settings could not be read (${reason}). ${DEFAULTS_NOTE}`,
    };
  }
  const parsed = appSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return { settings: parsed.data, warning: null };
  return {
    settings: appSettingsSchema.parse({}),
    warning: `Saved settings are not valid (${z.prettifyError(parsed.error).replace(/\n/g, ' ')}). ${DEFAULTS_NOTE}`,
  };
}

export const settingsView = (
  settings: AppSettings,
  hasToken: boolean,
  tokenStorage: SettingsPort['tokenStorage'],
  downloads: { path: string; note: string | null },
): SettingsView => ({
  ...settings,
  hasToken,
  tokenStorage,
  defaultDownloadDir: downloads.path,
  defaultDownloadDirNote: downloads.note,
});

/** Changes that need a new connection (another server or user); the rest are applied in place. */
export const needsReconnect = (before: AppSettings, after: AppSettings): boolean =>
  before.useSandbox !== after.useSandbox ||
  before.serverUrl !== after.serverUrl ||
  before.userId !== after.userId;

import { SETTINGS_VERSION } from '../../src-shared/app/index.js';
import { MiB } from '../../src-shared/units/index.js';

/** Bytes in the decimal megabyte earlier versions used for the limit (the field was "MB/s"). */
const DECIMAL_MB = 1_000_000;

export interface SettingsMigration {
  /** What to validate and use: the stored object, migrated when it was an older version. */
  stored: unknown;
  /** True when it changed and must be saved (which records the new version, so it never runs again). */
  migrated: boolean;
  /** For the user, once: what changed ("Your upload limit of 5 MB/s is now 5 MiB/s…") or what could not be read. */
  note: string | null;
  /** Set when the stored limit is unreadable: the limit is off for now, the stored value is left as it is. */
  error: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** 5 → "5", 2.5 → "2.5", 0.125 → "0.125": the number as the user typed it. */
const typed = (value: number) => String(Number(value.toFixed(3)));

/**
 * Brings stored settings to SETTINGS_VERSION. Version 1 → 2: the bandwidth limit was saved as the number typed in
 * MB/s times 1,000,000 (5 MB/s = 5,000,000 B/s); it becomes the same number in MiB/s (5 MiB/s = 5,242,880 B/s),
 * because that number is what the user chose and the app now reads every rate in binary units.
 *
 * An unmarked limit that is no whole number of kilobytes (not decimal-MB; an in-between build saved binary
 * values) is kept as it is. A limit that is no number at all is not guessed at: the limit is off for now, the
 * stored file is not rewritten (so the value is still there to look at), and `error` says so.
 */
export function migrateSettings(stored: unknown): SettingsMigration {
  const unchanged: SettingsMigration = { stored, migrated: false, note: null, error: null };
  if (!isRecord(stored)) return unchanged;
  const version = stored['settingsVersion'];
  if (typeof version === 'number' && version >= SETTINGS_VERSION) return unchanged;

  const limit = stored['limitRate'];
  const next: Record<string, unknown> = { ...stored, settingsVersion: SETTINGS_VERSION };
  if (limit === null || limit === undefined) return { stored: next, migrated: true, note: null, error: null };

  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit <= 0) {
    const shown = JSON.stringify(limit) ?? String(limit);
    return {
      stored: { ...stored, limitRate: null },
      migrated: false,
      note: null,
      error:
        `The saved upload limit (${shown}) is not a number of bytes per second, so no limit applies for now. ` +
        'Enter the limit again in Settings (MiB/s) and save.',
    };
  }
  if (limit % 1000 !== 0) return { stored: next, migrated: true, note: null, error: null };

  const megabytes = limit / DECIMAL_MB;
  next['limitRate'] = Math.round(megabytes * MiB);
  return {
    stored: next,
    migrated: true,
    note:
      `Your upload limit of ${typed(megabytes)} MB/s is now ${typed(megabytes)} MiB/s: the app measures every ` +
      `speed in binary units (1 MiB = 1,048,576 bytes), as --limit-rate does.`,
    error: null,
  };
}

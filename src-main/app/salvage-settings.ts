import { appSettingsSchema, type AppSettings } from '../../src-shared/app/index.js';

export interface SalvagedSettings {
  settings: AppSettings;
  /** The fields whose stored value could not be used (now their defaults), with why, for people. */
  reset: Array<{ field: string; why: string }>;
}

/**
 * Stored settings that do not validate as a whole, field by field: every field whose value is valid is kept,
 * the others fall back to their defaults and are named. One bad value (a hand edit, a newer version's setting)
 * must not cost the user their server, user and watch choices. Fields the app does not know are dropped.
 */
export function salvageSettings(stored: unknown): SalvagedSettings {
  const record = isRecord(stored) ? stored : {};
  const kept: Record<string, unknown> = {};
  const reset: SalvagedSettings['reset'] = [];
  for (const [field, schema] of Object.entries(appSettingsSchema.shape)) {
    const value = record[field];
    if (value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) kept[field] = parsed.data;
    else reset.push({ field, why: parsed.error.issues[0]?.message ?? 'not valid' });
  }
  return { settings: appSettingsSchema.parse(kept), reset };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

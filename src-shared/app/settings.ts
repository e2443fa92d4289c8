import { z } from 'zod';

/**
 * Everything the app remembers, except the token (kept in the OS keychain, never in this file). Read and written
 * through the `settings.*` commands; validated wherever it is received or loaded. Upload details (patient, study…)
 * are deliberately not settings: each batch is described afresh, and the `uploadDefaults` earlier versions saved
 * is dropped on load.
 */
function isHttpsOrLoopback(url: string): boolean {
  // zod runs this even after the URL check failed; that failure is the one to report.
  try {
    const { protocol, hostname } = new URL(url);
    return protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  } catch {
    return true;
  }
}

/**
 * The version of the stored settings' format. 2: the bandwidth limit is in binary units (version 1, unmarked,
 * stored the number typed in MB/s as decimal megabytes). Loading an older version migrates it once and saves
 * the new version with it (src-main/app/settings-migration.ts).
 */
export const SETTINGS_VERSION = 2;

export const appSettingsSchema = z.object({
  settingsVersion: z.number().int().min(1).default(SETTINGS_VERSION),
  /** true: run the embedded sandbox backend (first-run default); false: talk to `serverUrl`. */
  useSandbox: z.boolean().default(true),
  /** The PathomIQ server, e.g. "https://pathomiq.example.org/api"; used when useSandbox is false. */
  serverUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  /** The PathomIQ user uploads are made for; null = the sandbox's example user (19) when the sandbox runs. */
  userId: z.number().int().nonnegative().nullable().default(null),
  fileConcurrency: z.number().int().min(1).max(16).default(4),
  partConcurrency: z.number().int().min(1).max(32).default(4),
  /** Upload bandwidth limit for the whole queue, bytes per second; null = unlimited. */
  limitRate: z.number().int().min(1024).nullable().default(null),
  /** Where downloaded images go; null = the user's Downloads folder. */
  downloadDir: z.string().min(1).nullable().default(null),
  notifications: z.boolean().default(true),
  /**
   * New batches are uploaded de-identified unless the batch says otherwise: label and macro images removed and
   * identifying metadata blanked (slides/deid); a slide whose label cannot be removed is refused. Off by default.
   */
  deidentifyByDefault: z.boolean().default(false),
  startAtLogin: z.boolean().default(false),
  /**
   * Desktop app updates: the folder where electron-builder's `latest.yml` is published (generic provider);
   * '' = updates off. https only, except on this computer (plain http could swap both installer and checksum).
   */
  updateUrl: z
    .union([
      z.literal(''),
      z.url({ protocol: /^https?$/ }).refine(isHttpsOrLoopback, 'Use an https:// address.'),
    ])
    .default(''),
});
export type AppSettings = z.output<typeof appSettingsSchema>;

type SettingsShape = typeof appSettingsSchema.shape;

/**
 * A change to some settings; anything not named stays as it is. Built from the fields without their defaults:
 * zod 4's `.partial()` would fill every omitted field with its default, turning a patch into a reset.
 */
export const settingsPatchSchema = z.object(
  Object.fromEntries(
    Object.entries(appSettingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()]),
  ) as { [K in keyof SettingsShape]: z.ZodOptional<ReturnType<SettingsShape[K]['unwrap']>> },
);
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** Settings as the UI sees them: never the token itself, only whether one is stored and where. */
export interface SettingsView extends AppSettings {
  hasToken: boolean;
  /** keychain: encrypted by the OS (Electron safeStorage); memory: this session only (browser host). */
  tokenStorage: 'keychain' | 'memory';
  /** Where downloads go while `downloadDir` is null: the OS's Downloads folder, or a fallback. */
  defaultDownloadDir: string;
  /** Set when that is a fallback (no Downloads folder was found), saying where files go and why. */
  defaultDownloadDirNote: string | null;
  /**
   * Set in the session in which a stored bandwidth limit was converted to binary units ("Your upload limit of
   * 5 MB/s is now 5 MiB/s…"), or one could not be read; Settings shows it beside the limit.
   */
  limitRateNote: string | null;
}

export { SANDBOX_DEFAULT_USER } from './sandbox-user.js';

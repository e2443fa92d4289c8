import { appSettingsSchema, type SettingsPatch, type SettingsView } from '../../../src-shared/app/index.js';
import { parseWholeNumber } from '../../ui/parse-number.js';

/** The settings form as typed. */
export interface SettingsDraft {
  useSandbox: boolean;
  serverUrl: string;
  userId: string;
  fileConcurrency: string;
  partConcurrency: string;
  /** Megabytes per second; '' = unlimited. */
  limitMBps: string;
  downloadDir: string;
  notifications: boolean;
  startAtLogin: boolean;
  updateUrl: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsDraft, string>>;

const MB = 1_000_000;

export function draftFromSettings(settings: SettingsView): SettingsDraft {
  return {
    useSandbox: settings.useSandbox,
    serverUrl: settings.serverUrl,
    userId: settings.userId === null ? '' : String(settings.userId),
    fileConcurrency: String(settings.fileConcurrency),
    partConcurrency: String(settings.partConcurrency),
    limitMBps: settings.limitRate === null ? '' : String(Number((settings.limitRate / MB).toFixed(3))),
    downloadDir: settings.downloadDir ?? '',
    notifications: settings.notifications,
    startAtLogin: settings.startAtLogin,
    updateUrl: settings.updateUrl,
  };
}

const fields = appSettingsSchema.shape;

/**
 * The draft as a settings patch, checked field by field with the same zod schema the uploader applies, and
 * worded per field for the form.
 */
export function parseSettingsDraft(
  draft: SettingsDraft,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const patch: SettingsPatch = { useSandbox: draft.useSandbox, notifications: draft.notifications };
  patch.startAtLogin = draft.startAtLogin;

  const serverUrl = draft.serverUrl.trim();
  if (!fields.serverUrl.safeParse(serverUrl).success)
    errors.serverUrl =
      'Enter the full address, starting with https:// (for example https://pathomiq.example.org/api).';
  else if (!draft.useSandbox && serverUrl === '')
    errors.serverUrl = 'Enter the server address, or switch the sandbox on.';
  else patch.serverUrl = serverUrl;

  const userId = parseWholeNumber(draft.userId, 'The user ID');
  if (!userId.ok) errors.userId = userId.error;
  else if (userId.value === undefined && !draft.useSandbox)
    errors.userId = 'Enter your PathomIQ user ID: uploads are registered for this user.';
  else patch.userId = userId.value ?? null;

  const concurrency = (key: 'fileConcurrency' | 'partConcurrency', what: string, max: number) => {
    const parsed = parseWholeNumber(draft[key], what);
    if (!parsed.ok || parsed.value === undefined || !fields[key].safeParse(parsed.value).success)
      errors[key] = `${what} must be a whole number from 1 to ${max}.`;
    else patch[key] = parsed.value;
  };
  concurrency('fileConcurrency', 'Files at once', 16);
  concurrency('partConcurrency', 'Parts in flight', 32);

  const limitText = draft.limitMBps.trim().replace(',', '.');
  if (limitText === '') patch.limitRate = null;
  else {
    const megabytes = Number(limitText);
    const bytes = Math.round(megabytes * MB);
    if (!Number.isFinite(megabytes) || !fields.limitRate.safeParse(bytes).success)
      errors.limitMBps = 'Enter a speed in MB/s of at least 0.01, or leave it empty for no limit.';
    else patch.limitRate = bytes;
  }

  const updateUrl = draft.updateUrl.trim();
  if (fields.updateUrl.safeParse(updateUrl).success) patch.updateUrl = updateUrl;
  else errors.updateUrl = 'Enter the full https:// address of the update folder, or leave it empty.';

  const downloadDir = draft.downloadDir.trim();
  patch.downloadDir = downloadDir === '' ? null : downloadDir;

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

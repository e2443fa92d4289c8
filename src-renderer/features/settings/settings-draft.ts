import { appSettingsSchema, type SettingsPatch, type SettingsView } from '../../../src-shared/app/index.js';
import { mibPerSecondText, MiB } from '../../../src-shared/units/index.js';
import { parseWholeNumber } from '../../ui/parse-number.js';

/** The settings form as typed. */
export interface SettingsDraft {
  useSandbox: boolean;
  serverUrl: string;
  userId: string;
  fileConcurrency: string;
  partConcurrency: string;
  /** MiB per second (1 MiB = 1,048,576 bytes, as `--limit-rate 5M`); '' = unlimited. */
  limitMiBps: string;
  downloadDir: string;
  notifications: boolean;
  deidentifyByDefault: boolean;
  startAtLogin: boolean;
  updateUrl: string;
}

export type SettingsErrors = Partial<Record<keyof SettingsDraft, string>>;

export function draftFromSettings(settings: SettingsView): SettingsDraft {
  return {
    useSandbox: settings.useSandbox,
    serverUrl: settings.serverUrl,
    userId: settings.userId === null ? '' : String(settings.userId),
    fileConcurrency: String(settings.fileConcurrency),
    partConcurrency: String(settings.partConcurrency),
    limitMiBps: settings.limitRate === null ? '' : mibPerSecondText(settings.limitRate),
    downloadDir: settings.downloadDir ?? '',
    notifications: settings.notifications,
    deidentifyByDefault: settings.deidentifyByDefault,
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
  patch.deidentifyByDefault = draft.deidentifyByDefault;

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

  const limitText = draft.limitMiBps.trim().replace(',', '.');
  if (limitText === '') patch.limitRate = null;
  else {
    const mebibytes = Number(limitText);
    const bytes = Math.round(mebibytes * MiB);
    if (!Number.isFinite(mebibytes) || !fields.limitRate.safeParse(bytes).success)
      errors.limitMiBps = 'Enter a speed in MiB/s of at least 0.01, or leave it empty for no limit.';
    else patch.limitRate = bytes;
  }

  const updateUrl = draft.updateUrl.trim();
  if (fields.updateUrl.safeParse(updateUrl).success) patch.updateUrl = updateUrl;
  else errors.updateUrl = 'Enter the full https:// address of the update folder, or leave it empty.';

  const downloadDir = draft.downloadDir.trim();
  patch.downloadDir = downloadDir === '' ? null : downloadDir;

  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, patch };
}

/**
 * Where files go when the field is empty, in words: the OS's Downloads folder by its path, or the fallback and
 * why, so nobody looks for a download where it is not.
 */
export function downloadFolderHint(
  settings: Pick<SettingsView, 'defaultDownloadDir' | 'defaultDownloadDirNote'>,
): string {
  const where = 'Where images downloaded from the Images screen are saved.';
  if (settings.defaultDownloadDirNote) return `${where} Empty: ${settings.defaultDownloadDirNote}`;
  return `${where} Empty: your Downloads folder, ${settings.defaultDownloadDir}.`;
}

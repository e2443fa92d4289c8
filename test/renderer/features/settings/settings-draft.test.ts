import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../src-shared/app/index.js';
import {
  downloadFolderHint,
  draftFromSettings,
  parseSettingsDraft,
} from '../../../../src-renderer/features/settings/settings-draft.js';
import { parseRate } from '../../../../src-shared/units/index.js';

const settings: SettingsView = {
  settingsVersion: 2,
  useSandbox: true,
  serverUrl: '',
  userId: null,
  fileConcurrency: 4,
  partConcurrency: 4,
  limitRate: 2.5 * 1024 * 1024,
  downloadDir: null,
  notifications: true,
  deidentifyByDefault: false,
  startAtLogin: false,
  updateUrl: '',
  hasToken: false,
  tokenStorage: 'memory',
  defaultDownloadDir: '/home/lab/Downloads',
  defaultDownloadDirNote: null,
  limitRateNote: null,
};

describe('settings form', () => {
  it('shows the bandwidth limit in MiB/s and saves it back in bytes per second, as --limit-rate reads it', () => {
    const draft = draftFromSettings(settings);
    expect(draft.limitMiBps).toBe('2.5');
    const result = parseSettingsDraft({ ...draft, limitMiBps: '10' });
    expect(result).toMatchObject({
      ok: true,
      patch: { limitRate: parseRate('10M'), userId: null, downloadDir: null },
    });
    expect(parseRate('10M')).toBe(10_485_760);
    expect(parseSettingsDraft({ ...draft, limitMiBps: '' })).toMatchObject({
      ok: true,
      patch: { limitRate: null },
    });
  });

  it('needs a server address and user when the sandbox is off', () => {
    const result = parseSettingsDraft({ ...draftFromSettings(settings), useSandbox: false });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['serverUrl', 'userId']);
    expect(
      parseSettingsDraft({
        ...draftFromSettings(settings),
        useSandbox: false,
        serverUrl: 'https://pathomiq.example.org/api',
        userId: '7',
      }),
    ).toMatchObject({ ok: true, patch: { serverUrl: 'https://pathomiq.example.org/api', userId: 7 } });
  });

  it('rejects values the uploader would refuse, field by field', () => {
    const result = parseSettingsDraft({
      ...draftFromSettings(settings),
      serverUrl: 'ftp://x',
      fileConcurrency: '0',
      partConcurrency: '99',
      limitMiBps: 'fast',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      serverUrl: expect.stringContaining('https://'),
      fileConcurrency: 'Files at once must be a whole number from 1 to 16.',
      partConcurrency: 'Parts in flight must be a whole number from 1 to 32.',
      limitMiBps: expect.stringContaining('MiB/s'),
    });
  });

  it('saves the update URL (empty turns updates off) and refuses one that is not https', () => {
    const draft = draftFromSettings(settings);
    expect(
      parseSettingsDraft({ ...draft, updateUrl: ' https://updates.example.org/uploader/ ' }),
    ).toMatchObject({
      ok: true,
      patch: { updateUrl: 'https://updates.example.org/uploader/' },
    });
    expect(parseSettingsDraft({ ...draft, updateUrl: '' })).toMatchObject({
      ok: true,
      patch: { updateUrl: '' },
    });
    const refused = parseSettingsDraft({ ...draft, updateUrl: 'http://updates.example.org/' });
    expect(refused).toMatchObject({ ok: false, errors: { updateUrl: expect.stringContaining('https://') } });
  });

  it('says where downloads go when no folder is set: the Downloads folder, or the fallback and why', () => {
    expect(downloadFolderHint(settings)).toContain('Empty: your Downloads folder, /home/lab/Downloads.');
    const note =
      'There is no Downloads folder at /home/lab/Downloads, so downloads are saved in /state/downloads.';
    expect(
      downloadFolderHint({ defaultDownloadDir: '/state/downloads', defaultDownloadDirNote: note }),
    ).toContain(`Empty: ${note}`);
  });
});

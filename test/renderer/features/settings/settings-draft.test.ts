import { describe, expect, it } from 'vitest';
import type { SettingsView } from '../../../../src-shared/app/index.js';
import {
  draftFromSettings,
  parseSettingsDraft,
} from '../../../../src-renderer/features/settings/settings-draft.js';

const settings: SettingsView = {
  useSandbox: true,
  serverUrl: '',
  userId: null,
  fileConcurrency: 4,
  partConcurrency: 4,
  limitRate: 2_500_000,
  downloadDir: null,
  notifications: true,
  startAtLogin: false,
  updateUrl: '',
  hasToken: false,
  tokenStorage: 'memory',
};

describe('settings form', () => {
  it('shows the bandwidth limit in MB/s and saves it back in bytes per second', () => {
    const draft = draftFromSettings(settings);
    expect(draft.limitMBps).toBe('2.5');
    const result = parseSettingsDraft({ ...draft, limitMBps: '10' });
    expect(result).toMatchObject({
      ok: true,
      patch: { limitRate: 10_000_000, userId: null, downloadDir: null },
    });
    expect(parseSettingsDraft({ ...draft, limitMBps: '' })).toMatchObject({
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
      limitMBps: 'fast',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toMatchObject({
      serverUrl: expect.stringContaining('https://'),
      fileConcurrency: 'Files at once must be a whole number from 1 to 16.',
      partConcurrency: 'Parts in flight must be a whole number from 1 to 32.',
      limitMBps: expect.stringContaining('MB/s'),
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
});

import type { UpdateCheckResult } from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { appSettingsSchema, type AppEvent, type AppSettings } from '../../../src-shared/app/index.js';
import { setupUpdates } from '../../../src-main/electron/setup-updates.js';
import { dialog } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

/** A scripted stand-in for electron-updater's autoUpdater: the real one is exercised in updates.test.ts. */
function scriptedUpdater(latest: string) {
  return {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(
      async (): Promise<UpdateCheckResult | null> =>
        ({
          isUpdateAvailable: latest !== '1.0.0',
          updateInfo: { version: latest, files: [{ url: 'a.deb', sha512: 'abc', size: 1 }] },
        }) as unknown as UpdateCheckResult,
    ),
    downloadUpdate: vi.fn(async () => ['/cache/a.deb']),
    quitAndInstall: vi.fn(),
    on: vi.fn(),
  };
}

function shell(latest: string, options: { pending?: number; settings?: Partial<AppSettings> } = {}) {
  const updater = scriptedUpdater(latest);
  const stored = { updateUrl: 'https://updates.example.org/', ...options.settings };
  const events: AppEvent[] = [];
  const refreshMenu = vi.fn();
  const updates = setupUpdates({
    updater,
    settings: () => appSettingsSchema.parse(stored),
    getWindow: () => null,
    pendingUploads: () => options.pending ?? 0,
    route: (event) => events.push(event),
    refreshMenu,
  });
  const click = () => (updates.menuItem().click as () => void)();
  return { updater, events, refreshMenu, updates, click, stored };
}

const showMessageBox = vi.mocked(dialog.showMessageBox);
const lastDialog = () => showMessageBox.mock.calls.at(-1)?.at(-1) as Record<string, unknown>;

beforeEach(() => showMessageBox.mockClear());
afterEach(() => showMessageBox.mockResolvedValue({ response: 0 }));

describe('updates in the Electron shell', () => {
  it('asks before installing, warns while uploads run, and installs only on "Restart to install"', async () => {
    showMessageBox.mockResolvedValue({ response: 1 });
    const { updater, events, updates, click, refreshMenu } = shell('2.0.0', { pending: 3 });
    expect(updates.menuItem().label).toBe('Check for updates…');
    click();
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalled());
    expect(lastDialog()).toMatchObject({
      type: 'warning',
      message: 'Version 2.0.0 is ready to install.',
      detail: expect.stringContaining('3 files are still uploading'),
      buttons: ['Restart to install', 'Later'],
      defaultId: 1,
    });
    expect(events).toContainEqual({ type: 'update-status', status: { state: 'ready', version: '2.0.0' } });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'notification', title: expect.stringMatching(/2\.0\.0/) }),
    );
    expect(refreshMenu).toHaveBeenCalled();
    expect(updates.menuItem().label).toBe('Restart to install update…');
    // "Later": nothing installs (setImmediate lets the dialog's answer be handled first).
    await new Promise((resolve) => setImmediate(resolve));
    expect(updater.quitAndInstall).not.toHaveBeenCalled();

    showMessageBox.mockResolvedValue({ response: 0 });
    click();
    await vi.waitFor(() => expect(updater.quitAndInstall).toHaveBeenCalledWith(false, true));
  });

  it('answers a check the user asked for: up to date', async () => {
    const { click } = shell('1.0.0');
    click();
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalled());
    expect(lastDialog()).toMatchObject({ type: 'info', message: 'Up to date (version 1.0.0).' });
  });

  it('a failed background check is shown in Settings, without a dialog', async () => {
    const { updater, events, updates } = shell('2.0.0');
    updater.checkForUpdates.mockRejectedValue(
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    );
    updates.start();
    updates.stop();
    await vi.waitFor(() =>
      expect(events.at(-1)).toMatchObject({ type: 'update-status', status: { state: 'failed' } }),
    );
    expect(showMessageBox).not.toHaveBeenCalled();
  });

  it('against the sandbox without a URL it says updates are off, and checks nothing', async () => {
    const { updater, click } = shell('2.0.0', { settings: { updateUrl: '', useSandbox: true } });
    click();
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalled());
    expect(lastDialog()).toMatchObject({ message: expect.stringMatching(/sandbox/) });
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('saving a new update URL checks it at once; saving other settings does not', async () => {
    const { updater, updates, stored, events } = shell('1.0.0', { settings: { updateUrl: '' } });
    updates.settingsSaved();
    expect(updater.checkForUpdates).not.toHaveBeenCalled();
    stored.updateUrl = 'https://updates.example.org/';
    updates.settingsSaved();
    await vi.waitFor(() =>
      expect(events.at(-1)).toMatchObject({ status: { state: 'up-to-date', version: '1.0.0' } }),
    );
    updates.settingsSaved();
    expect(updater.checkForUpdates).toHaveBeenCalledOnce();
    expect(showMessageBox).not.toHaveBeenCalled();
  });
});

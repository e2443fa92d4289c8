import type { AppUpdater, ProgressInfo, UpdateInfo } from 'electron-updater';
import type { UpdateStatus } from '../../src-shared/app/index.js';
import { describeUpdateError } from './update-errors.js';
import type { UpdateFeed } from './update-feed.js';

/** The part of electron-updater's `autoUpdater` used here (injected, so tests can hand in a real updater class). */
export type UpdaterPort = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'setFeedURL'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
>;

export interface UpdateControllerDeps {
  updater: UpdaterPort;
  /** The feed from the current settings, read at every check (the URL can change in Settings). */
  feed(): UpdateFeed;
  /** Every change, with whether it answers a check the user asked for (so only those get a dialog). */
  onStatus(status: UpdateStatus, userAsked: boolean): void;
}

export interface UpdateController {
  status(): UpdateStatus;
  /** Checks, and downloads a newer version; resolves with where that ended (ready, up to date, failed…). */
  check(userAsked: boolean): Promise<UpdateStatus>;
  /** Settings changed: says "off" (or no longer off) at once, without checking. */
  feedChanged(): void;
  /** Quits and installs — only a downloaded, verified update, and only when the user chose it. */
  install(): boolean;
}

/**
 * The update flow around electron-updater: download only after a check found a newer version, never install on
 * quit by itself (installing stops running uploads, so it waits for the user's "Restart to install"). The sha512
 * check of the download is electron-updater's own, against latest.yml; here an entry without a sha512 is refused
 * up front, because electron-updater would otherwise settle for a sha256 (and its downloader verifies nothing when
 * given neither).
 */
export function createUpdateController(deps: UpdateControllerDeps): UpdateController {
  const { updater } = deps;
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;

  const initial = deps.feed();
  let status: UpdateStatus = 'off' in initial ? { state: 'off', reason: initial.off } : { state: 'idle' };
  let userAsked = false;
  const set = (next: UpdateStatus): UpdateStatus => {
    status = next;
    deps.onStatus(next, userAsked);
    return next;
  };

  updater.on('download-progress', (progress: ProgressInfo) => {
    if (status.state !== 'downloading') return;
    const percent = Math.min(100, Math.floor(progress.percent));
    if (percent !== status.percent) set({ ...status, percent });
  });

  async function run(): Promise<UpdateStatus> {
    const feed = deps.feed();
    if ('off' in feed) return set({ state: 'off', reason: feed.off });
    set({ state: 'checking' });
    let info: UpdateInfo;
    try {
      updater.setFeedURL({ provider: 'generic', url: feed.url });
      const result = await updater.checkForUpdates();
      // null: electron-updater is inactive — not a packaged app (or no app-update.yml to go with it).
      if (result === null) return set({ state: 'off', reason: 'not-installed' });
      if (!result.isUpdateAvailable) return set({ state: 'up-to-date', version: result.updateInfo.version });
      info = result.updateInfo;
    } catch (error) {
      return set({ state: 'failed', message: describeUpdateError(error, feed.url) });
    }
    const unchecked = info.files.find((file) => typeof file.sha512 !== 'string' || file.sha512 === '');
    if (unchecked !== undefined)
      return set({
        state: 'failed',
        message: `latest.yml gives no sha512 for ${unchecked.url}, so the download could not be verified.`,
      });
    set({ state: 'available', version: info.version });
    set({ state: 'downloading', version: info.version, percent: 0 });
    try {
      await updater.downloadUpdate();
    } catch (error) {
      return set({ state: 'failed', message: describeUpdateError(error, feed.url) });
    }
    return set({ state: 'ready', version: info.version });
  }

  let running: Promise<UpdateStatus> | null = null;
  return {
    status: () => status,
    check: (asked) => {
      // A download under way or waiting for a restart is not thrown away by checking again.
      if (status.state === 'ready' || status.state === 'downloading') {
        if (asked) deps.onStatus(status, true);
        return running ?? Promise.resolve(status);
      }
      if (running !== null) return running;
      userAsked = asked;
      running = run().finally(() => {
        running = null;
      });
      return running;
    },
    feedChanged: () => {
      if (running !== null || status.state === 'ready') return;
      const feed = deps.feed();
      if ('off' in feed) set({ state: 'off', reason: feed.off });
      else if (status.state === 'off') set({ state: 'idle' });
    },
    install: () => {
      if (status.state !== 'ready') return false;
      // Not silent (the installer shows), and the app starts again afterwards.
      updater.quitAndInstall(false, true);
      return true;
    },
  };
}

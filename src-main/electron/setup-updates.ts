import { dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import {
  describeUpdateStatus,
  type AppEvent,
  type AppSettings,
  type UpdateStatus,
} from '../../src-shared/app/index.js';
import { updateFeed } from './update-feed.js';
import { createUpdateController, type UpdaterPort } from './updates.js';

/** How often a running app looks again (it also looks at start and when the update URL is saved). */
const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

export interface UpdateShellDeps {
  /** electron-updater's `autoUpdater`. */
  updater: UpdaterPort;
  settings(): AppSettings;
  getWindow(): BrowserWindow | null;
  /** Files still to upload: installing restarts the app, so the user is warned first. */
  pendingUploads(): number;
  /** To the window (Settings shows the status) and, for notifications, the OS. */
  route(event: AppEvent): void;
  /** The menu item's words follow the state. */
  refreshMenu(): void;
}

export interface UpdateShell {
  /** First check now, then every few hours. */
  start(): void;
  /** Settings were saved: the update URL (or sandbox) may have changed. */
  settingsSaved(): void;
  /** The current status, for a window that just loaded. */
  status(): UpdateStatus;
  /** Help → "Check for updates…" (the app menu on macOS). */
  menuItem(): MenuItemConstructorOptions;
  stop(): void;
}

/**
 * The Electron side of updates: the menu item, the dialogs and the status pushed to the window. The decisions are
 * in updates.ts. Dialogs answer only checks the user asked for (a background check that fails says so in Settings
 * and stays quiet), except "ready", which always asks — installing is the user's choice, never automatic.
 */
export function setupUpdates(deps: UpdateShellDeps): UpdateShell {
  let shownState: UpdateStatus['state'] | null = null;
  let previous: UpdateStatus | null = null;

  const controller = createUpdateController({
    updater: deps.updater,
    feed: () => updateFeed(deps.settings()),
    onStatus: (status, userAsked) => {
      const before = previous;
      previous = status;
      deps.route({ type: 'update-status', status });
      if (status.state !== shownState) {
        shownState = status.state;
        deps.refreshMenu();
      }
      void tell(status, before, userAsked);
    },
  });

  async function tell(status: UpdateStatus, before: UpdateStatus | null, userAsked: boolean): Promise<void> {
    switch (status.state) {
      case 'ready':
        return askToRestart(status.version);
      case 'available':
        return deps.route({
          type: 'notification',
          level: 'info',
          title: `Update available: version ${status.version}`,
          body: 'Downloading it now; you will be asked before it is installed.',
        });
      case 'failed':
        if (userAsked) return message('error', 'The update did not work', status);
        // A download the user was told about ends with a word too; a failed background check stays in Settings.
        if (before?.state === 'downloading')
          deps.route({
            type: 'notification',
            level: 'warning',
            title: 'Update failed',
            body: status.message,
          });
        return;
      case 'up-to-date':
      case 'off':
        if (userAsked) return message('info', 'Check for updates', status);
        return;
      default:
        return;
    }
  }

  async function message(type: 'info' | 'error', title: string, status: UpdateStatus): Promise<void> {
    const options = { type, title, message: describeUpdateStatus(status), buttons: ['OK'] };
    const win = deps.getWindow();
    await (win === null ? dialog.showMessageBox(options) : dialog.showMessageBox(win, options));
  }

  let asking = false;
  async function askToRestart(version: string): Promise<void> {
    if (asking) return;
    asking = true;
    try {
      const uploading = deps.pendingUploads();
      const options = {
        type: uploading > 0 ? ('warning' as const) : ('info' as const),
        title: 'Update ready',
        message: `Version ${version} is ready to install.`,
        detail:
          uploading > 0
            ? `${uploading === 1 ? '1 file is' : `${uploading} files are`} still uploading. Restarting stops ` +
              'the uploads; they carry on where they stopped when the app starts again. You can also install ' +
              'later from the menu (Check for updates…).'
            : 'The app closes, installs the update and starts again.',
        buttons: ['Restart to install', 'Later'],
        // With uploads running, Enter must not be the restart.
        defaultId: uploading > 0 ? 1 : 0,
        cancelId: 1,
      };
      const win = deps.getWindow();
      const { response } = await (win === null
        ? dialog.showMessageBox(options)
        : dialog.showMessageBox(win, options));
      if (response === 0) controller.install();
    } finally {
      asking = false;
    }
  }

  const feedUrl = (): string | null => {
    const feed = updateFeed(deps.settings());
    return 'url' in feed ? feed.url : null;
  };
  let checkedUrl = feedUrl();
  let timer: ReturnType<typeof setInterval> | null = null;
  return {
    start: () => {
      void controller.check(false);
      timer = setInterval(() => void controller.check(false), CHECK_EVERY_MS);
    },
    settingsSaved: () => {
      controller.feedChanged();
      // A new URL is looked at right away; saving other settings does not check again.
      const url = feedUrl();
      if (url !== null && url !== checkedUrl) void controller.check(false);
      checkedUrl = url;
    },
    status: () => controller.status(),
    menuItem: () => {
      const state = controller.status().state;
      if (state === 'ready')
        return { label: 'Restart to install update…', click: () => void askToRestart(readyVersion()) };
      if (state === 'checking') return { label: 'Checking for updates…', enabled: false };
      if (state === 'available' || state === 'downloading')
        return { label: 'Downloading update…', enabled: false };
      return { label: 'Check for updates…', click: () => void controller.check(true) };
    },
    stop: () => {
      if (timer !== null) clearInterval(timer);
    },
  };

  function readyVersion(): string {
    const status = controller.status();
    return status.state === 'ready' ? status.version : '';
  }
}

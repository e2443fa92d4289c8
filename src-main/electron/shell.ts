import { app, dialog, safeStorage, session, type BrowserWindow } from 'electron';
import electronUpdater from 'electron-updater';
import path from 'node:path';
import type { AppSettings, AppStatus, CommandName } from '../../src-shared/app/index.js';
import { appErrorInfo, describeAppError } from '../app/describe-error.js';
import { salvageSettings } from '../app/salvage-settings.js';
import { downloadFolderOptions } from '../shared/downloads-folder.js';
import { addFromMenu } from './add-from-menu.js';
import { serveAppProtocol } from './app-protocol.js';
import { createEngineHost } from './engine-host.js';
import { launchEngineProcess } from './engine-launch.js';
import { createEventRouter } from './event-router.js';
import { setupIpc } from './ipc.js';
import { createLoginItemSync } from './login-item.js';
import { setupMenu, type MenuActions } from './menu.js';
import { setupNotifications } from './notifications.js';
import { setupUpdates } from './setup-updates.js';
import { openSettingsStore } from './open-store.js';
import { createPlatformHandlers } from './platform-handlers.js';
import { denyAllPermissions } from './session-permissions.js';
import { createSettingsAccess } from './settings-store.js';
import { createTokenStore } from './token-store.js';
import { setupTray } from './tray.js';
import { setupCloseGuard } from './close-guard.js';
import { createMainWindow, focusWindow, handleWindowClose } from './window.js';

/**
 * The shell, once the app is ready: protocol, engine process, window, IPC, tray, menu, notifications, quit. The
 * engine starts in the background (the window shows at once); `focus` serves a second launch.
 */
export function startShell(): { focus(): void } {
  const appRoot = app.getAppPath();
  const userData = app.getPath('userData');
  serveAppProtocol(session.defaultSession, path.join(appRoot, 'dist', 'renderer'));
  denyAllPermissions(session.defaultSession);

  const { store, recoveredSettings } = openSettingsStore(userData);
  const settingsAccess = createSettingsAccess(store, recoveredSettings);
  const tokens = createTokenStore(store, safeStorage);
  // As the app reads them: each valid stored value kept, a bad one at its default (never all lost for one).
  const current = (): AppSettings => salvageSettings(settingsAccess.load() ?? {}).settings;
  const syncLoginItem = createLoginItemSync();

  let win: BrowserWindow | null = null;
  let quitting = false;
  const getWindow = (): BrowserWindow | null => (win !== null && !win.isDestroyed() ? win : null);
  const closeGuard = setupCloseGuard(getWindow);
  const focus = (): void => {
    const existing = getWindow();
    if (existing === null) openWindow();
    else focusWindow(existing);
  };

  const tray = setupTray({
    pauseAll: () => void engine.request('queue.pause', { target: 'all' }),
    resumeAll: () => void engine.request('queue.resume', { target: 'all' }),
    open: focus,
    quit: () => app.quit(),
  });
  const notifications = setupNotifications(focus);
  const router = createEventRouter({
    getWindow,
    setTrayStatus: tray.setStatus,
    notify: notifications.show,
    notificationsEnabled: () => current().notifications,
  });

  const engine = createEngineHost(launchEngineProcess(), {
    settings: settingsAccess,
    tokens,
    onEvent: router.route,
    onSettingsSaved: (saved) => {
      syncLoginItem(saved.startAtLogin);
      updates.settingsSaved();
    },
  });
  const forward = (name: CommandName, args: unknown) => engine.request(name, args);

  function openWindow(): void {
    win = createMainWindow(path.join(appRoot, 'dist', 'electron', 'preload.cjs'));
    win.webContents.once('did-finish-load', router.refreshWindow);
    win.webContents.once('did-finish-load', () =>
      router.route({ type: 'update-status', status: updates.status() }),
    );
    handleWindowClose(win, { quitting: () => quitting, pendingUploads: router.pending, guard: closeGuard });
  }

  setupIpc({
    getWindow,
    forward,
    platform: createPlatformHandlers(getWindow),
    describeError: appErrorInfo,
  });
  // Menu picks go to the window's Add slides form; a window opened for them gets them once its page has loaded.
  const stage = (paths: string[]): void => {
    const existing = getWindow();
    if (existing !== null && !existing.webContents.isLoading()) {
      focusWindow(existing);
      router.route({ type: 'stage-paths', paths });
      return;
    }
    if (existing === null) openWindow();
    getWindow()?.webContents.once('did-finish-load', () => router.route({ type: 'stage-paths', paths }));
  };
  const add = (kind: 'files' | 'folder'): void => void addFromMenu(kind, { getWindow, stage });
  const updates = setupUpdates({
    updater: electronUpdater.autoUpdater,
    settings: current,
    getWindow,
    pendingUploads: router.pending,
    route: router.route,
    refreshMenu: () => setupMenu(menuActions),
  });
  const menuActions: MenuActions = {
    addFiles: () => add('files'),
    addFolder: () => add('folder'),
    navigate: (screen) => {
      focus();
      router.route({ type: 'navigate', screen });
    },
    about: () => app.showAboutPanel(),
    quit: () => app.quit(),
    updateItem: () => updates.menuItem(),
  };
  setupMenu(menuActions);

  // Quit stops the engine first (its jobs stay resumable), then lets Electron quit.
  let engineStopped = false;
  app.on('before-quit', (event) => {
    // Unsaved Settings edits are asked about before anything stops; "Stay" cancels the quit.
    if (!quitting && closeGuard.intercept(event, () => app.quit())) return;
    quitting = true;
    if (engineStopped) return;
    event.preventDefault();
    void engine.stop(10_000).finally(() => {
      engineStopped = true;
      updates.stop();
      tray.destroy();
      app.quit();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', focus);

  openWindow();
  void startEngine();
  updates.start();
  async function startEngine(): Promise<void> {
    const serverSwitch = app.commandLine.getSwitchValue('server');
    try {
      await engine.start({
        stateDir: userData,
        version: app.getVersion(),
        // Electron knows the OS's own Downloads folder (the Windows known folder, XDG on Linux); one that does not
        // exist falls back to the app's data dir, and Settings says so.
        ...downloadFolderOptions(app.getPath('downloads'), path.join(userData, 'downloads')),
        tokenStorage: tokens.tokenStorage,
        ...(serverSwitch === '' ? {} : { serverOverride: serverSwitch }),
      });
      const status = await engine.request('app.status', undefined);
      if (status.ok) router.route({ type: 'status-changed', status: status.result as AppStatus });
    } catch (error) {
      dialog.showErrorBox('The upload engine did not start', describeAppError(error));
    }
  }
  return { focus };
}

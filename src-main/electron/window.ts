import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-protocol-paths.js';
import type { CloseGuard } from './close-guard.js';
import { guardWebContents } from './web-contents-guards.js';

export const APP_TITLE = 'PathomIQ Uploader';

/**
 * The one window: our renderer on app://, guarded, shown once it has painted. Chromium's defaults are hardened
 * explicitly (and literally here, where electronegativity can see them), so a change of defaults cannot loosen them.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: APP_TITLE,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in new windows either.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  guardWebContents(win.webContents);
  // The shell owns the title (it names the server); the page's <title> must not replace it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Brings the window to the front (second instance, tray, notification click). */
export function focusWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

export interface WindowCloseDeps {
  /** Quit was chosen: the window closes without asking (the quit itself asked already). */
  quitting(): boolean;
  /** Files still uploading: closing the window keeps the app in the tray; Quit ends it. */
  pendingUploads(): number;
  guard: CloseGuard;
}

/**
 * What the window's close button does: hide to the tray while uploads run (the page, and any edits in it, stay);
 * otherwise unsaved Settings edits are asked about first, and the window closes once the page says so.
 */
export function handleWindowClose(win: BrowserWindow, deps: WindowCloseDeps): void {
  win.on('close', (event) => {
    if (deps.quitting()) return;
    if (deps.pendingUploads() > 0) {
      event.preventDefault();
      win.hide();
      return;
    }
    deps.guard.intercept(event, () => {
      if (!win.isDestroyed()) win.close();
    });
  });
}

import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import {
  CLOSE_ANSWER_CHANNEL,
  CLOSE_REQUEST_CHANNEL,
  HOLDS_UNSAVED_CHANNEL,
} from '../../src-shared/app/client.js';
import { isTrustedSender } from './sender-check.js';

export interface CloseGuard {
  /**
   * Called from a window `close` (or app `before-quit`) handler: while the page holds unsaved edits it cancels
   * the event, asks the page, and runs `proceed` once the page answers "close" (saved or discarded). Returns
   * whether it held the event back.
   */
  intercept(event: { preventDefault(): void }, proceed: () => void): boolean;
  dispose(): void;
}

/**
 * Closing the window while Settings holds unsaved edits asks the page first (its Save / Discard / Stay dialog)
 * instead of dropping them. Messages from anything but our window's main frame on app:// are dropped, as for
 * commands. A page that reloads or crashes holds nothing any more, so it can never keep the window open.
 */
export function setupCloseGuard(getWindow: () => BrowserWindow | null): CloseGuard {
  let holdsUnsaved = false;
  let pending: (() => void) | null = null;
  const trusted = (event: IpcMainInvokeEvent) => isTrustedSender(event.senderFrame, getWindow());
  const forget = () => {
    holdsUnsaved = false;
    pending = null;
  };
  const watched = new WeakSet<BrowserWindow>();
  const watch = (win: BrowserWindow) => {
    if (watched.has(win)) return;
    watched.add(win);
    win.webContents.on('did-start-loading', forget);
    win.webContents.on('render-process-gone', forget);
  };

  const onHolds = (event: IpcMainInvokeEvent, holds: unknown): void => {
    const win = getWindow();
    if (win === null || !trusted(event)) return;
    watch(win);
    holdsUnsaved = holds === true;
  };
  const onAnswer = (event: IpcMainInvokeEvent, close: unknown): void => {
    if (!trusted(event) || pending === null) return;
    const proceed = pending;
    pending = null;
    if (close !== true) return;
    holdsUnsaved = false;
    proceed();
  };
  // invoke/handle like every other call from the page: no fire-and-forget IPC reaches the main process.
  ipcMain.handle(HOLDS_UNSAVED_CHANNEL, onHolds);
  ipcMain.handle(CLOSE_ANSWER_CHANNEL, onAnswer);

  return {
    intercept(event, proceed) {
      const win = getWindow();
      if (!holdsUnsaved || win === null || win.isDestroyed()) return false;
      event.preventDefault();
      pending = proceed;
      // The page's dialog must be seen: a window in the tray or minimized comes back first.
      win.show();
      win.webContents.send(CLOSE_REQUEST_CHANNEL);
      return true;
    },
    dispose() {
      ipcMain.removeHandler(HOLDS_UNSAVED_CHANNEL);
      ipcMain.removeHandler(CLOSE_ANSWER_CHANNEL);
    },
  };
}

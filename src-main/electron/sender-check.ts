import type { BrowserWindow, WebFrameMain } from 'electron';
import { isAppUrl } from './app-protocol-paths.js';

/**
 * Whether an IPC message comes from our renderer: the main frame of our window, showing app://. Subframes, other
 * windows and anything that navigated elsewhere are refused (Electron Fiddle's rule).
 */
export function isTrustedSender(frame: WebFrameMain | null | undefined, win: BrowserWindow | null): boolean {
  if (frame === null || frame === undefined || win === null || win.isDestroyed()) return false;
  if (frame !== win.webContents.mainFrame) return false;
  return isAppUrl(frame.url);
}

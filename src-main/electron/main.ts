/**
 * Electron entry (package.json "main" → dist/node/src-main/electron/main.js). One instance only: a second launch
 * brings the running window forward. Everything else is set up in shell.ts once the app is ready.
 */
import { app } from 'electron';
import { registerAppScheme } from './app-protocol.js';
import { startShell } from './shell.js';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.setAppUserModelId('ai.pathomiq.uploader');
  let focus: (() => void) | null = null;
  app.on('second-instance', () => focus?.());
  void app.whenReady().then(() => {
    focus = startShell().focus;
  });
}

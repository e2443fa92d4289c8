import { app } from 'electron';

/** Start at login follows the setting; applied only when it changes (Linux has no login items: a no-op there). */
export function createLoginItemSync(): (startAtLogin: boolean) => void {
  let applied: boolean | null = null;
  return (startAtLogin) => {
    if (applied === startAtLogin) return;
    applied = startAtLogin;
    if (process.platform === 'linux') return;
    app.setLoginItemSettings({ openAtLogin: startAtLogin });
  };
}

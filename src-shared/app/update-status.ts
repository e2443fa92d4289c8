/**
 * Where the desktop app's self-update stands, pushed to the window as `update-status` events and shown in Settings
 * (the menu and dialogs of the Electron shell word it the same way, through `describeUpdateStatus`).
 */
export type UpdateStatus =
  /** no-url: no update URL is set; sandbox: the app runs against the embedded sandbox and no URL is set;
   *  not-installed: running from a checkout, not an installed build. */
  | { state: 'off'; reason: 'no-url' | 'sandbox' | 'not-installed' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'up-to-date'; version: string }
  | { state: 'available'; version: string }
  | { state: 'downloading'; version: string; percent: number }
  | { state: 'ready'; version: string }
  | { state: 'failed'; message: string };

const OFF_REASON: Record<Extract<UpdateStatus, { state: 'off' }>['reason'], string> = {
  'no-url': 'Updates are off: no update URL is set.',
  sandbox: 'Updates are off while the app uses the built-in sandbox (set an update URL to turn them on).',
  'not-installed': 'Updates work only in the installed app.',
};

/** One sentence for the user. */
export function describeUpdateStatus(status: UpdateStatus): string {
  switch (status.state) {
    case 'off':
      return OFF_REASON[status.reason];
    case 'idle':
      return 'Not checked for updates yet.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `Up to date (version ${status.version}).`;
    case 'available':
      return `Version ${status.version} is available; downloading it.`;
    case 'downloading':
      return `Downloading version ${status.version}… ${status.percent}%`;
    case 'ready':
      return `Version ${status.version} is ready — restart to install.`;
    case 'failed':
      return `Update failed: ${status.message}`;
  }
}

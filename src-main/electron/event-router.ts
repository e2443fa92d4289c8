import { EVENT_CHANNEL, type AppEvent, type AppStatus } from '../../src-shared/app/index.js';
import type { QueueHold, QueueTotals } from '../../src-shared/engine/index.js';
import { pendingFiles, progressFraction, statusLine } from './status-line.js';
import { windowTitle } from './window-title.js';
import type { BrowserWindow } from 'electron';

export interface EventRouterDeps {
  getWindow(): BrowserWindow | null;
  setTrayStatus(line: string): void;
  notify(event: Extract<AppEvent, { type: 'notification' }>): void;
  notificationsEnabled(): boolean;
}

export interface EventRouter {
  route(event: AppEvent): void;
  /** Files still to upload (the window close button hides to the tray while there are any). */
  pending(): number;
  /** The title and bar for a (re)created window. */
  refreshWindow(): void;
}

/**
 * Where each engine event goes: to our window's renderer (only ours), and the bits the shell shows itself —
 * taskbar progress, tray status, native notifications, the window title.
 */
export function createEventRouter(deps: EventRouterDeps): EventRouter {
  let totals: QueueTotals | null = null;
  let hold: QueueHold | null = null;
  let status: AppStatus | null = null;
  let lastFraction = Number.NaN;

  const refreshWindow = (): void => {
    const win = deps.getWindow();
    if (win === null || win.isDestroyed()) return;
    win.setTitle(windowTitle(status));
    const fraction = progressFraction(totals);
    if (fraction !== lastFraction) win.setProgressBar(fraction);
    lastFraction = fraction;
  };
  const refreshQueue = (): void => {
    deps.setTrayStatus(statusLine(totals, hold));
    refreshWindow();
  };

  return {
    route: (event) => {
      const win = deps.getWindow();
      if (win !== null && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
      switch (event.type) {
        case 'progress':
          totals = event.totals;
          return refreshQueue();
        case 'queue-held':
          hold = event.hold;
          return refreshQueue();
        case 'queue-released':
          hold = null;
          return refreshQueue();
        case 'status-changed':
          status = event.status;
          hold = event.status.hold;
          return refreshQueue();
        case 'notification':
          if (deps.notificationsEnabled()) deps.notify(event);
          return;
        default:
          return;
      }
    },
    pending: () => pendingFiles(totals),
    refreshWindow: () => {
      lastFraction = Number.NaN;
      refreshWindow();
    },
  };
}

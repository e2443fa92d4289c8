import type { BrowserWindow as ElectronWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import type { AppEvent, AppStatus } from '../../../src-shared/app/index.js';
import { JOB_STATES, type JobState, type QueueTotals } from '../../../src-shared/engine/index.js';
import { createEventRouter } from '../../../src-main/electron/event-router.js';
import { appMenuTemplate } from '../../../src-main/electron/menu.js';
import { setupNotifications } from '../../../src-main/electron/notifications.js';
import { progressFraction, statusLine } from '../../../src-main/electron/status-line.js';
import { BrowserWindow, Notification } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const totals = (
  counts: Partial<Record<JobState, number>>,
  bytesDone: number,
  bytesTotal: number,
): QueueTotals => ({
  at: 0,
  bytesDone,
  bytesTotal,
  speed: null,
  eta: null,
  etaState: 'idle',
  counts: { ...Object.fromEntries(JOB_STATES.map((state) => [state, 0])), ...counts } as Record<
    JobState,
    number
  >,
});

const status = (sandbox: boolean): AppStatus => ({
  version: '1',
  host: 'electron',
  server: { label: sandbox ? 'Embedded sandbox' : 'https://pathomiq.example.org/api', url: 'x', sandbox },
  userId: 19,
  hold: null,
  problem: null,
});

describe('tray status line and taskbar progress', () => {
  it('words the queue', () => {
    expect(statusLine(totals({ uploading: 2, queued: 1 }, 42, 100), null)).toBe('Uploading 3 files — 42%');
    expect(statusLine(totals({ uploading: 1 }, 0, 0), null)).toBe('Uploading 1 file — 0%');
    expect(statusLine(totals({ paused: 2, done: 5 }, 0, 0), null)).toBe('Paused — 2 files');
    expect(statusLine(totals({ done: 5 }, 0, 0), null)).toBe('No uploads running');
    expect(statusLine(null, null)).toBe('No uploads running');
    expect(statusLine(totals({ queued: 1 }, 0, 10), { reason: 'auth', message: 'Sign in again' })).toBe(
      'On hold (1 file): Sign in again',
    );
  });

  it('progress is a fraction while files are pending, -1 when idle', () => {
    expect(progressFraction(totals({ uploading: 1 }, 25, 100))).toBe(0.25);
    expect(progressFraction(totals({ done: 1 }, 100, 100))).toBe(-1);
    expect(progressFraction(null)).toBe(-1);
  });
});

describe('event router', () => {
  const setup = (notificationsOn = true) => {
    const win = new BrowserWindow({});
    const trayLines: string[] = [];
    const notified: AppEvent[] = [];
    const router = createEventRouter({
      getWindow: () => win as unknown as ElectronWindow,
      setTrayStatus: (line) => trayLines.push(line),
      notify: (event) => notified.push(event),
      notificationsEnabled: () => notificationsOn,
    });
    return { win, trayLines, notified, router };
  };

  it('sends every event to our window and updates bar, tray and title', () => {
    const { win, trayLines, router } = setup();
    const progress: AppEvent = { type: 'progress', jobs: [], totals: totals({ uploading: 3 }, 50, 100) };
    router.route(progress);
    router.route({ type: 'progress', jobs: [], totals: totals({ uploading: 3 }, 50, 100) });
    router.route({ type: 'progress', jobs: [], totals: totals({ done: 3 }, 100, 100) });
    router.route({ type: 'status-changed', status: status(true) });
    expect(win.webContents.sent.map(([channel]) => channel)).toEqual(Array(4).fill('pathomiq:event'));
    expect(win.webContents.sent[0]![1]).toEqual(progress);
    expect(win.progress).toEqual([0.5, -1]);
    expect(trayLines).toContain('Uploading 3 files — 50%');
    expect(trayLines.at(-1)).toBe('No uploads running');
    expect(win.title).toBe('PathomIQ Uploader — Sandbox');
    router.route({ type: 'status-changed', status: status(false) });
    expect(win.title).toBe('PathomIQ Uploader — https://pathomiq.example.org/api');
    expect(router.pending()).toBe(0);
  });

  it('notifies only when the setting is on', () => {
    const notification: AppEvent = { type: 'notification', level: 'info', title: 'Uploaded', body: 'a.svs' };
    const on = setup(true);
    on.router.route(notification);
    expect(on.notified).toEqual([notification]);
    const off = setup(false);
    off.router.route(notification);
    expect(off.notified).toEqual([]);
    expect(off.win.webContents.sent).toHaveLength(1);
  });

  it('native notification click focuses the window', () => {
    const focus = vi.fn();
    setupNotifications(focus).show({ type: 'notification', level: 'error', title: 'Failed', body: 'b.svs' });
    const shown = Notification.shown.at(-1)!;
    expect(shown.options).toMatchObject({ title: 'Failed', body: 'b.svs' });
    shown.emit('click');
    expect(focus).toHaveBeenCalledOnce();
  });
});

describe('app menu', () => {
  it('View opens each screen; File adds files and quits', () => {
    const actions = {
      addFiles: vi.fn(),
      addFolder: vi.fn(),
      navigate: vi.fn(),
      about: vi.fn(),
      quit: vi.fn(),
      checkForUpdates: vi.fn(),
      updateItem: () => ({ label: 'Check for updates…', click: () => actions.checkForUpdates() }),
    };
    const template = appMenuTemplate(actions);
    const items = template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []));
    const click = (label: string): void => {
      const item = items.find((candidate) => candidate.label === label);
      (item!.click as () => void)();
    };
    for (const label of ['Uploads', 'Watch folders', 'Images', 'Settings']) click(label);
    expect(actions.navigate.mock.calls.map(([screen]) => screen)).toEqual([
      'uploads',
      'watch-folders',
      'images',
      'settings',
    ]);
    click('Add files…');
    click('Quit');
    click('About PathomIQ Uploader');
    click('Check for updates…');
    expect(actions.checkForUpdates).toHaveBeenCalledOnce();
    expect(actions.addFiles).toHaveBeenCalledOnce();
    expect(actions.quit).toHaveBeenCalledOnce();
    expect(actions.about).toHaveBeenCalledOnce();
  });
});

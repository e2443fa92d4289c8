import type { BrowserWindow as ElectronWindow } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CLOSE_ANSWER_CHANNEL,
  CLOSE_REQUEST_CHANNEL,
  HOLDS_UNSAVED_CHANNEL,
} from '../../../src-shared/app/index.js';
import { setupCloseGuard, type CloseGuard } from '../../../src-main/electron/close-guard.js';
import { handleWindowClose } from '../../../src-main/electron/window.js';
import { BrowserWindow, FakeFrame, ipcMain } from './fake-electron.js';

/** The page's call as ipcMain.handle receives it: from this frame, with this value. */
const send = (channel: string, senderFrame: unknown, value: unknown): unknown =>
  ipcMain.handlers.get(channel)!({ senderFrame }, value);

vi.mock('electron', () => import('./fake-electron.js'));

const asWindow = (win: BrowserWindow): ElectronWindow => win as unknown as ElectronWindow;

describe('window close guard (unsaved Settings edits)', () => {
  const guards: CloseGuard[] = [];
  let guard: CloseGuard | undefined;
  afterEach(() => {
    for (const each of guards.splice(0)) each.dispose();
    guard = undefined;
  });

  const setup = (pendingUploads = 0) => {
    const win = new BrowserWindow({});
    guard = setupCloseGuard(() => (win.isDestroyed() ? null : asWindow(win)));
    guards.push(guard);
    let quitting = false;
    handleWindowClose(asWindow(win), {
      quitting: () => quitting,
      pendingUploads: () => pendingUploads,
      guard,
    });
    const page = win.webContents.mainFrame;
    const requests = () =>
      win.webContents.sent.filter(([channel]) => channel === CLOSE_REQUEST_CHANNEL).length;
    return { win, page, requests, quit: () => (quitting = true) };
  };

  it('closes at once while the page holds nothing unsaved', () => {
    const { win, page, requests } = setup();
    send(HOLDS_UNSAVED_CHANNEL, page, false);
    win.close();
    expect(win.closed).toBe(1);
    expect(requests()).toBe(0);
  });

  it('asks the page first while it holds unsaved edits; Stay keeps the window, Save/Discard closes it', () => {
    const { win, page, requests } = setup();
    send(HOLDS_UNSAVED_CHANNEL, page, true);

    win.close();
    expect(win.closed).toBe(0);
    expect(requests()).toBe(1);
    expect(win.shown).toBe(1);
    send(CLOSE_ANSWER_CHANNEL, page, false);
    expect(win.closed).toBe(0);

    // An answer nobody asked for does nothing.
    send(CLOSE_ANSWER_CHANNEL, page, true);
    expect(win.closed).toBe(0);

    win.close();
    expect(requests()).toBe(2);
    send(CLOSE_ANSWER_CHANNEL, page, true);
    expect(win.closed).toBe(1);
  });

  it('drops messages from a foreign window, a subframe or a page that navigated away', () => {
    const { win, requests } = setup();
    const other = new BrowserWindow({});
    send(HOLDS_UNSAVED_CHANNEL, other.webContents.mainFrame, true);
    send(HOLDS_UNSAVED_CHANNEL, new FakeFrame(), true);
    send(HOLDS_UNSAVED_CHANNEL, null, true);
    win.close();
    expect(win.closed).toBe(1);
    expect(requests()).toBe(0);

    // One guard at a time, as in the app (ipcMain.handle takes one handler per channel).
    for (const each of guards.splice(0)) each.dispose();
    const second = setup();
    send(HOLDS_UNSAVED_CHANNEL, second.page, true);
    second.win.close();
    expect(second.requests()).toBe(1);
    // Only our page may answer "close".
    send(CLOSE_ANSWER_CHANNEL, other.webContents.mainFrame, true);
    send(CLOSE_ANSWER_CHANNEL, new FakeFrame(), true);
    second.page.url = 'https://evil.example/';
    send(CLOSE_ANSWER_CHANNEL, second.page, true);
    expect(second.win.closed).toBe(0);
  });

  it('never holds the window once the page reloaded or crashed', () => {
    for (const event of ['did-start-loading', 'render-process-gone']) {
      const { win, page, requests } = setup();
      send(HOLDS_UNSAVED_CHANNEL, page, true);
      win.webContents.emit(event);
      win.close();
      expect(win.closed, event).toBe(1);
      expect(requests(), event).toBe(0);
      guard?.dispose();
    }
  });

  it('hides to the tray while uploads run (the edits stay in the page), and lets Quit close', () => {
    const busy = setup(2);
    send(HOLDS_UNSAVED_CHANNEL, busy.page, true);
    busy.win.close();
    expect(busy.win.hidden).toBe(1);
    expect(busy.requests()).toBe(0);
    expect(busy.win.closed).toBe(0);
    guard?.dispose();

    const quitting = setup();
    send(HOLDS_UNSAVED_CHANNEL, quitting.page, true);
    quitting.quit();
    quitting.win.close();
    expect(quitting.win.closed).toBe(1);
  });

  it('holds back a quit the same way: "close" runs the quit again', () => {
    const { page } = setup();
    send(HOLDS_UNSAVED_CHANNEL, page, true);
    let quits = 0;
    const beforeQuit = { prevented: false, preventDefault: () => (beforeQuit.prevented = true) };
    expect(guard!.intercept(beforeQuit, () => (quits += 1))).toBe(true);
    expect(beforeQuit.prevented).toBe(true);
    send(CLOSE_ANSWER_CHANNEL, page, true);
    expect(quits).toBe(1);
    // Answered: the next quit is not held.
    expect(guard!.intercept({ preventDefault: () => {} }, () => (quits += 1))).toBe(false);
  });

  it('removes its handlers when disposed', () => {
    setup();
    expect(ipcMain.handlers.has(HOLDS_UNSAVED_CHANNEL)).toBe(true);
    for (const each of guards.splice(0)) each.dispose();
    expect(ipcMain.handlers.has(HOLDS_UNSAVED_CHANNEL)).toBe(false);
    expect(ipcMain.handlers.has(CLOSE_ANSWER_CHANNEL)).toBe(false);
  });
});

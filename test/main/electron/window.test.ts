import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow } from '../../../src-main/electron/window.js';
import { BrowserWindow, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const preventable = (): { preventDefault: () => void; prevented: boolean } => {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('main window', () => {
  beforeEach(() => {
    BrowserWindow.created.length = 0;
    shell.openExternal.mockClear();
  });

  it('is hardened: context isolation, sandbox, no Node, web security on', () => {
    const win = createMainWindow('/app/dist/electron/preload.cjs') as unknown as BrowserWindow;
    const prefs = win.options.webPreferences;
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.show).toBe(false);
  });

  it('loads our renderer from app://', () => {
    const win = createMainWindow('/p.cjs') as unknown as BrowserWindow;
    expect(win.loadedUrl).toBe('app://pathomiq/index.html');
  });

  it('blocks navigation away from app:// and hands web links to the browser', async () => {
    const { webContents } = createMainWindow('/p.cjs') as unknown as BrowserWindow;
    const inside = preventable();
    webContents.emit('will-navigate', inside, 'app://pathomiq/index.html#/images');
    expect(inside.prevented).toBe(false);

    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://other/x',
    ]) {
      const away = preventable();
      webContents.emit('will-navigate', away, url);
      expect(away.prevented, url).toBe(true);
    }
    await tick();
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual(['https://evil.example/']);
  });

  it('blocks redirects away from app://', () => {
    const { webContents } = createMainWindow('/p.cjs') as unknown as BrowserWindow;
    const away = preventable();
    webContents.emit('will-redirect', away, 'https://evil.example/');
    expect(away.prevented).toBe(true);
    const inside = preventable();
    webContents.emit('will-redirect', inside, 'app://pathomiq/index.html');
    expect(inside.prevented).toBe(false);
  });

  it('denies every new window; only http(s) links open in the browser', async () => {
    const { webContents } = createMainWindow('/p.cjs') as unknown as BrowserWindow;
    const open = webContents.windowOpenHandler!;
    expect(open({ url: 'https://pathomiq.example.org/help' })).toEqual({ action: 'deny' });
    expect(open({ url: 'file:///C:/Windows/calc.exe' })).toEqual({ action: 'deny' });
    expect(open({ url: 'app://pathomiq/index.html' })).toEqual({ action: 'deny' });
    await tick();
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual(['https://pathomiq.example.org/help']);
  });

  it('refuses <webview> and keeps its own title', () => {
    const win = createMainWindow('/p.cjs') as unknown as BrowserWindow;
    const attach = preventable();
    win.webContents.emit('will-attach-webview', attach, {}, {});
    expect(attach.prevented).toBe(true);
    const title = preventable();
    win.emit('page-title-updated', title, 'Page title');
    expect(title.prevented).toBe(true);
  });
});

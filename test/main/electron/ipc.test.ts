import type { BrowserWindow as ElectronWindow } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, commandChannel, type CommandName } from '../../../src-shared/app/index.js';
import { setupIpc } from '../../../src-main/electron/ipc.js';
import { createPlatformHandlers } from '../../../src-main/electron/platform-handlers.js';
import { isTrustedSender } from '../../../src-main/electron/sender-check.js';
import { BrowserWindow, dialog, FakeFrame, ipcMain, shell } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

const asWindow = (win: BrowserWindow): ElectronWindow => win as unknown as ElectronWindow;

describe('IPC', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  const setup = () => {
    const win = new BrowserWindow({});
    const forwarded: Array<[CommandName, unknown]> = [];
    dispose = setupIpc({
      getWindow: () => asWindow(win),
      forward: async (name, args) => {
        forwarded.push([name, args]);
        return { ok: true, result: 'from engine' };
      },
      platform: createPlatformHandlers(() => asWindow(win)),
      describeError: (error) => ({ code: 'failed', message: String(error) }),
    });
    const call = (name: string, args: unknown, senderFrame: unknown = win.webContents.mainFrame) =>
      ipcMain.handlers.get(commandChannel(name as CommandName))!({ senderFrame }, args);
    return { win, forwarded, call };
  };

  it('handles every command, and nothing else', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort());
    dispose?.();
    dispose = undefined;
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('forwards calls from our window to the engine', async () => {
    const { call, forwarded } = setup();
    expect(await call('queue.list', undefined)).toEqual({ ok: true, result: 'from engine' });
    expect(await call('images.list', { scope: 'mine' })).toEqual({ ok: true, result: 'from engine' });
    expect(forwarded).toEqual([
      ['queue.list', undefined],
      ['images.list', { scope: 'mine' }],
    ]);
  });

  it('drops calls from a foreign frame, a subframe, a navigated frame or no frame', async () => {
    const { call, win, forwarded } = setup();
    const other = new BrowserWindow({});
    await expect(call('queue.list', undefined, other.webContents.mainFrame)).rejects.toThrow(/Refused/);
    await expect(call('queue.list', undefined, new FakeFrame('app://pathomiq/index.html'))).rejects.toThrow(
      /Refused/,
    );
    await expect(call('queue.list', undefined, null)).rejects.toThrow(/Refused/);
    win.webContents.mainFrame.url = 'https://evil.example/';
    await expect(call('queue.list', undefined)).rejects.toThrow(/Refused/);
    win.webContents.mainFrame.url = 'app://pathomiq/index.html';
    win.destroyed = true;
    await expect(call('queue.list', undefined)).rejects.toThrow(/Refused/);
    expect(forwarded).toEqual([]);
  });

  it('sender check', () => {
    const win = new BrowserWindow({});
    expect(isTrustedSender(win.webContents.mainFrame as never, asWindow(win))).toBe(true);
    expect(isTrustedSender(new FakeFrame() as never, asWindow(win))).toBe(false);
    expect(isTrustedSender(win.webContents.mainFrame as never, null)).toBe(false);
    expect(isTrustedSender(undefined, asWindow(win))).toBe(false);
  });

  it('answers platform commands in main, validated', async () => {
    const { call, forwarded } = setup();
    shell.openExternal.mockClear();
    expect(await call('platform.openExternal', { url: 'javascript:alert(1)' })).toEqual({
      ok: true,
      result: { opened: false },
    });
    expect(await call('platform.openExternal', { url: 'https://example.com/' })).toEqual({
      ok: true,
      result: { opened: true },
    });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/']]);

    expect(await call('platform.pickPaths', { kind: 'files' })).toEqual({
      ok: true,
      result: { supported: true, paths: ['/slides/a.svs'] },
    });
    expect(dialog.showOpenDialog).toHaveBeenCalled();

    await call('platform.showInFolder', { path: 'relative/path' });
    expect(shell.showItemInFolder).not.toHaveBeenCalled();
    await call('platform.showInFolder', { path: '/slides/a.svs' });
    expect(shell.showItemInFolder).toHaveBeenCalledWith('/slides/a.svs');

    const invalid = (await call('platform.pickPaths', { kind: 'everything' })) as {
      ok: boolean;
      error: { code: string };
    };
    expect(invalid.ok).toBe(false);
    expect(invalid.error.code).toBe('invalid-args');
    expect(forwarded).toEqual([]);
  });
});

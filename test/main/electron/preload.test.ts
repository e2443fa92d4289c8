import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CLOSE_ANSWER_CHANNEL,
  CLOSE_REQUEST_CHANNEL,
  COMMAND_NAMES,
  EVENT_CHANNEL,
  HOLDS_UNSAVED_CHANNEL,
  type PreloadBridge,
} from '../../../src-shared/app/index.js';
import { contextBridge, ipcRenderer } from './fake-electron.js';

vi.mock('electron', () => import('./fake-electron.js'));

describe('preload bridge', () => {
  let bridge: PreloadBridge;
  beforeAll(async () => {
    await import('../../../src-main/electron/preload.js');
    bridge = contextBridge.exposed.get('pathomiq') as PreloadBridge;
  });

  it('exposes window.pathomiq only, with exactly the contract commands', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['pathomiq']);
    expect(Object.keys(bridge).sort()).toEqual(['closeGuard', 'commands', 'onEvent', 'pathForFile']);
    expect(Object.keys(bridge.closeGuard).sort()).toEqual([
      'answerClose',
      'onCloseRequest',
      'setHoldsUnsaved',
    ]);
    expect(Object.keys(bridge.commands).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('each command invokes its own channel with the arguments', async () => {
    await bridge.commands['images.list']({ scope: 'mine' });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('pathomiq:images.list', { scope: 'mine' });
    for (const name of COMMAND_NAMES) {
      await bridge.commands[name]();
      expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(`pathomiq:${name}`, undefined);
    }
  });

  it('events reach the listener without the IpcRendererEvent, and unsubscribing stops them', () => {
    const received: unknown[][] = [];
    const off = bridge.onEvent((...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: ipcRenderer, ports: [] };
    ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'queue-released' });
    expect(received).toEqual([[{ type: 'queue-released' }]]);
    off();
    ipcRenderer.emit(EVENT_CHANNEL, ipcEvent, { type: 'queue-released' });
    expect(received).toHaveLength(1);
    expect(ipcRenderer.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('gives the path of a dropped file, or "" for one without', () => {
    expect(bridge.pathForFile({ path: '/slides/a.svs' } as unknown as File)).toBe('/slides/a.svs');
    expect(bridge.pathForFile({} as File)).toBe('');
  });

  it('the close guard sends plain booleans on its fixed channels, and hands close requests to the page', () => {
    bridge.closeGuard.setHoldsUnsaved(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(HOLDS_UNSAVED_CHANNEL, true);
    // Whatever the page passes, only a boolean leaves the preload.
    bridge.closeGuard.answerClose('yes' as unknown as boolean);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CLOSE_ANSWER_CHANNEL, false);
    bridge.closeGuard.answerClose(true);
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith(CLOSE_ANSWER_CHANNEL, true);

    const asked: unknown[][] = [];
    const off = bridge.closeGuard.onCloseRequest((...args: unknown[]) => asked.push(args));
    ipcRenderer.emit(CLOSE_REQUEST_CHANNEL, { sender: ipcRenderer, ports: [] });
    expect(asked).toEqual([[]]);
    off();
    expect(ipcRenderer.listenerCount(CLOSE_REQUEST_CHANNEL)).toBe(0);
  });
});

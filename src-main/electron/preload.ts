/**
 * The only bridge between the page and the app: one method per command, an event subscription and the path of a
 * dropped file. Nothing of ipcRenderer itself reaches the page (no channels of its choosing, no IpcRendererEvent).
 * Bundled to dist/electron/preload.cjs (sandboxed preloads are CommonJS); arguments are validated in the main process.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  CLOSE_ANSWER_CHANNEL,
  CLOSE_REQUEST_CHANNEL,
  commandChannel,
  EVENT_CHANNEL,
  HOLDS_UNSAVED_CHANNEL,
  type PreloadBridge,
} from '../../src-shared/app/client.js';
import { COMMAND_NAMES, type CommandName } from '../../src-shared/app/command-names.js';
import type { DispatchResult } from '../../src-shared/app/dispatch.js';
import type { AppEvent } from '../../src-shared/app/events.js';

const invoke =
  (name: CommandName) =>
  (args?: unknown): Promise<DispatchResult> =>
    ipcRenderer.invoke(commandChannel(name), args) as Promise<DispatchResult>;

type CommandBridge = PreloadBridge['commands'];

const bridge = {
  // Built from the zod-free name list, so the preload bundle carries no runtime; `satisfies` below still proves
  // every command is here and nothing else is.
  commands: Object.fromEntries(COMMAND_NAMES.map((name) => [name, invoke(name)])) as CommandBridge,

  onEvent(listener: (event: AppEvent) => void): () => void {
    const forward = (_ipcEvent: IpcRendererEvent, event: AppEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, forward);
    };
  },

  pathForFile(file: File): string {
    try {
      return webUtils.getPathForFile(file);
    } catch {
      return '';
    }
  },

  // Fixed channels and plain values only: the page cannot pick a channel or see the IpcRendererEvent.
  closeGuard: {
    setHoldsUnsaved(holds: boolean): void {
      void ipcRenderer.invoke(HOLDS_UNSAVED_CHANNEL, holds === true);
    },
    onCloseRequest(listener: () => void): () => void {
      const forward = (): void => listener();
      ipcRenderer.on(CLOSE_REQUEST_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(CLOSE_REQUEST_CHANNEL, forward);
      };
    },
    answerClose(close: boolean): void {
      void ipcRenderer.invoke(CLOSE_ANSWER_CHANNEL, close === true);
    },
  },
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('pathomiq', bridge);

/**
 * The only bridge between the page and the app: one method per command, an event subscription and the path of a
 * dropped file. Nothing of ipcRenderer itself reaches the page (no channels of its choosing, no IpcRendererEvent).
 * Bundled to dist/electron/preload.cjs (sandboxed preloads are CommonJS); arguments are validated in the main process.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { commandChannel, EVENT_CHANNEL, type PreloadBridge } from '../../src-shared/app/client.js';
import type { CommandName } from '../../src-shared/app/commands.js';
import type { DispatchResult } from '../../src-shared/app/dispatch.js';
import type { AppEvent } from '../../src-shared/app/events.js';

const invoke =
  (name: CommandName) =>
  (args?: unknown): Promise<DispatchResult> =>
    ipcRenderer.invoke(commandChannel(name), args) as Promise<DispatchResult>;

const bridge = {
  // Listed one by one so `satisfies` proves every command is here and nothing else is.
  commands: {
    'app.status': invoke('app.status'),
    'settings.get': invoke('settings.get'),
    'settings.update': invoke('settings.update'),
    'settings.setToken': invoke('settings.setToken'),
    'settings.testConnection': invoke('settings.testConnection'),
    'queue.list': invoke('queue.list'),
    'queue.add': invoke('queue.add'),
    'queue.pause': invoke('queue.pause'),
    'queue.resume': invoke('queue.resume'),
    'queue.cancel': invoke('queue.cancel'),
    'queue.retry': invoke('queue.retry'),
    'queue.forget': invoke('queue.forget'),
    'queue.retarget': invoke('queue.retarget'),
    'queue.move': invoke('queue.move'),
    'queue.clearFinished': invoke('queue.clearFinished'),
    'watch.list': invoke('watch.list'),
    'watch.add': invoke('watch.add'),
    'watch.update': invoke('watch.update'),
    'watch.setEnabled': invoke('watch.setEnabled'),
    'watch.remove': invoke('watch.remove'),
    'images.list': invoke('images.list'),
    'images.delete': invoke('images.delete'),
    'images.share': invoke('images.share'),
    'images.download': invoke('images.download'),
    'predictions.start': invoke('predictions.start'),
    'predictions.stop': invoke('predictions.stop'),
    'logs.list': invoke('logs.list'),
    'annotations.import': invoke('annotations.import'),
    'annotations.exportPrediction': invoke('annotations.exportPrediction'),
    'platform.pickPaths': invoke('platform.pickPaths'),
    'platform.showInFolder': invoke('platform.showInFolder'),
    'platform.openExternal': invoke('platform.openExternal'),
  },

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
} satisfies PreloadBridge;

contextBridge.exposeInMainWorld('pathomiq', bridge);

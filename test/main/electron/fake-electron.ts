/**
 * A stand-in for the `electron` module (the binary is not installed here): just enough of each API for the shell's
 * glue to run, recording what the shell asked for so tests can inspect it. Used with
 * `vi.mock('electron', () => import('./fake-electron.js'))`.
 */
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { vi } from 'vitest';

export const APP_URL = 'app://pathomiq/index.html';

export class FakeFrame {
  constructor(public url: string = APP_URL) {}
}

type OpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeWebContents extends EventEmitter {
  mainFrame = new FakeFrame();
  windowOpenHandler: OpenHandler | null = null;
  sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(handler: OpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  title = '';
  progress: number[] = [];
  destroyed = false;
  constructor(public options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return false;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  setProgressBar(value: number): void {
    this.progress.push(value);
  }
  shown = 0;
  hidden = 0;
  closed = 0;
  show(): void {
    this.shown += 1;
  }
  hide(): void {
    this.hidden += 1;
  }
  /** Like Electron: emits a preventable 'close', and closes (destroys) unless a handler prevented it. */
  close(): void {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.closed += 1;
    this.destroyed = true;
  }
  focus(): void {}
  restore(): void {}
}

type Handler = (event: { senderFrame: unknown }, args: unknown) => Promise<unknown>;
type Listener = (event: { senderFrame: unknown }, ...args: unknown[]) => void;
export const ipcMain = {
  handlers: new Map<string, Handler>(),
  /** ipcMain.on listeners (one-way messages from the page), by channel. */
  listeners: new Map<string, Listener[]>(),
  on(channel: string, listener: Listener): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  },
  removeListener(channel: string, listener: Listener): void {
    const rest = (this.listeners.get(channel) ?? []).filter((candidate) => candidate !== listener);
    if (rest.length === 0) this.listeners.delete(channel);
    else this.listeners.set(channel, rest);
  },
  /** Delivers a message as if `senderFrame` had sent it. */
  emit(channel: string, senderFrame: unknown, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener({ senderFrame }, ...args);
  },
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

export const shell = {
  openExternal: vi.fn(async (_url: string) => {}),
  showItemInFolder: vi.fn((_path: string) => {}),
};

export const dialog = {
  showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: false, filePaths: ['/slides/a.svs'] })),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })),
  showErrorBox: vi.fn(),
};

export const protocol = { registerSchemesAsPrivileged: vi.fn() };

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, value: unknown): void {
    this.exposed.set(key, value);
  },
};

class FakeIpcRenderer extends EventEmitter {
  invoke = vi.fn(async (_channel: string, _args?: unknown) => ({ ok: true, result: null }));
  send = vi.fn((_channel: string, ..._args: unknown[]) => {});
}
export const ipcRenderer = new FakeIpcRenderer();

export const webUtils = {
  getPathForFile: (file: { path?: string }): string => {
    if (file.path === undefined) throw new Error('not a file from disk');
    return file.path;
  },
};

export const app = {
  getName: () => 'PathomIQ Uploader',
  getVersion: () => '0.0.0-test',
  /** electron-store asks for it when it loads; tests always give it a folder of their own (`cwd`). */
  getPath: (_name: string) => os.tmpdir(),
  setLoginItemSettings: vi.fn(),
};

export class Notification extends EventEmitter {
  static shown: Notification[] = [];
  static isSupported = (): boolean => true;
  constructor(public options: { title: string; body: string }) {
    super();
  }
  show(): void {
    Notification.shown.push(this);
  }
}

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: vi.fn(),
};

export default {
  BrowserWindow,
  ipcMain,
  shell,
  dialog,
  protocol,
  contextBridge,
  ipcRenderer,
  webUtils,
  app,
  Notification,
  Menu,
};

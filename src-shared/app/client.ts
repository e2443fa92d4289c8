import type { CommandName, Send } from './commands.js';
import type { DispatchResult } from './dispatch.js';
import type { AppEvent } from './events.js';

/**
 * What the renderer holds: one way to call commands, one way to hear events. Implemented over the Electron
 * preload bridge and over the browser host's WebSocket.
 */
export interface AppClient {
  send: Send;
  on(listener: (event: AppEvent) => void): () => void;
}

/** The IPC channel of a command, and the one channel events arrive on. */
export const commandChannel = (name: CommandName): string => `pathomiq:${name}`;
export const EVENT_CHANNEL = 'pathomiq:event';
/** The window close guard: the page says whether it holds unsaved edits (boolean)… */
export const HOLDS_UNSAVED_CHANNEL = 'pathomiq:holds-unsaved';
/** …the shell asks it before closing (no payload)… */
export const CLOSE_REQUEST_CHANNEL = 'pathomiq:close-request';
/** …and the page answers: true = close now (saved or discarded), false = stay. */
export const CLOSE_ANSWER_CHANNEL = 'pathomiq:close-answer';

/** The page's side of the window close guard (Electron only; a browser tab uses `beforeunload`). */
export interface CloseGuardBridge {
  /** While true, closing the window asks the page first instead of closing. */
  setHoldsUnsaved(holds: boolean): void;
  /** The shell wants to close the window; the page asks the user and then calls `answerClose`. */
  onCloseRequest(listener: () => void): () => void;
  answerClose(close: boolean): void;
}

/**
 * What the Electron preload exposes as `window.pathomiq`: one method per command (arguments are validated in the
 * main process), and an event subscription. The preload's object ends in `satisfies PreloadBridge`.
 */
export interface PreloadBridge {
  commands: { [K in CommandName]: (args?: unknown) => Promise<DispatchResult> };
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** The path of a dropped File (Electron's webUtils.getPathForFile); '' when it has none. */
  pathForFile(file: File): string;
  closeGuard: CloseGuardBridge;
}

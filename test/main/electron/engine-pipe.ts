import type { EngineChannel } from '../../../src-main/electron/engine-host.js';
import type { ParentPortLike } from '../../../src-main/electron/engine-serve.js';

/**
 * The two ends of a utilityProcess message pipe, in one process: messages are structured-cloned (as Electron does)
 * and delivered asynchronously. `child` is process.parentPort; `channel` is the main process's view.
 */
export function enginePipe(): {
  channel: EngineChannel & { killed: boolean; exit(code: number): void };
  child: ParentPortLike;
  toMain: unknown[];
  toChild: unknown[];
} {
  const mainListeners: Array<(message: unknown) => void> = [];
  const childListeners: Array<(event: { data: unknown }) => void> = [];
  const exitListeners: Array<(code: number) => void> = [];
  const toMain: unknown[] = [];
  const toChild: unknown[] = [];
  const channel = {
    killed: false,
    postMessage: (message: unknown) => {
      const copy = structuredClone(message);
      toChild.push(copy);
      setImmediate(() => childListeners.forEach((listener) => listener({ data: copy })));
    },
    onMessage: (listener: (message: unknown) => void) => void mainListeners.push(listener),
    onExit: (listener: (code: number) => void) => void exitListeners.push(listener),
    exit: (code: number) => exitListeners.forEach((listener) => listener(code)),
    kill: () => {
      channel.killed = true;
      channel.exit(0);
    },
  };
  const child: ParentPortLike = {
    postMessage: (message) => {
      const copy = structuredClone(message);
      toMain.push(copy);
      setImmediate(() => mainListeners.forEach((listener) => listener(copy)));
    },
    on: (_event, listener) => void childListeners.push(listener),
  };
  return { channel, child, toMain, toChild };
}

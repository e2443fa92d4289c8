import { ipcMain, type BrowserWindow } from 'electron';
import {
  COMMAND_NAMES,
  commandChannel,
  dispatchCommand,
  type AppErrorInfo,
  type AppHandlers,
  type CommandName,
  type DispatchResult,
} from '../../src-shared/app/index.js';
import type { PlatformCommand, PlatformHandlers } from '../app/types.js';
import { isTrustedSender } from './sender-check.js';

export interface IpcDeps {
  getWindow(): BrowserWindow | null;
  /** Forwards a command to the engine process (which validates the arguments). */
  forward(name: CommandName, args: unknown): Promise<DispatchResult>;
  platform: PlatformHandlers;
  describeError(error: unknown): AppErrorInfo;
}

const isPlatformCommand = (name: CommandName): name is PlatformCommand => name.startsWith('platform.');

/**
 * One ipcMain.handle per command. Calls from anything but our window's main frame on app:// are rejected;
 * platform.* run here (validated by the same dispatcher), everything else goes to the engine process.
 */
export function setupIpc(deps: IpcDeps): () => void {
  // Only platform names ever reach this map, so the other handlers are never looked up.
  const platformOnly = deps.platform as unknown as AppHandlers;
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame, deps.getWindow()))
        throw new Error('Refused: not the app window.');
      if (isPlatformCommand(name)) return dispatchCommand(platformOnly, name, args, deps.describeError);
      return deps.forward(name, args);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name));
  };
}

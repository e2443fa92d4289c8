import {
  RemoteCommandError,
  type AppClient,
  type CommandName,
  type PreloadBridge,
  type Send,
} from '../../src-shared/app/index.js';

/** The AppClient over Electron's preload bridge: each command is one IPC call answering a DispatchResult. */
export function createElectronClient(bridge: PreloadBridge): AppClient {
  const send = (async (name: CommandName, args?: unknown) => {
    const outcome = await bridge.commands[name](args);
    if (!outcome.ok) throw new RemoteCommandError(name, outcome.error);
    return outcome.result;
  }) as Send;
  return { send, on: (listener) => bridge.onEvent(listener) };
}

import {
  AppCommandError,
  dispatchCommand,
  type AppErrorInfo,
  type AppHandlers,
  type DispatchResult,
} from '../../src-shared/app/index.js';
import type { AppService, AppServiceOptions, PlatformHandlers } from '../app/types.js';
import { parseDialects } from '../sandbox/dialects.js';
import {
  toEngineSchema,
  type EngineStartOptions,
  type MessagePipe,
  type ToEngine,
} from './engine-protocol.js';
import { createRemoteSettingsPort } from './remote-settings-port.js';

/** process.parentPort as the engine process sees it. */
export interface ParentPortLike extends MessagePipe {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

export type ServiceFactory = (options: AppServiceOptions) => AppService | Promise<AppService>;

export interface ServeOptions {
  /** The error as it crosses to the window: the plain words, the technical detail apart (one click away). */
  describeError: (error: unknown) => AppErrorInfo;
  /** After the service closed (the process exits in the app; tests keep running). */
  onStopped: () => void;
}

/** platform.* commands are answered by the main process; reaching them here is a routing bug. */
const mainProcessOnly = (): Promise<never> =>
  Promise.reject(new AppCommandError('Answered by the main process, not the engine process.'));
const platformInMain: PlatformHandlers = {
  'platform.pickPaths': mainProcessOnly,
  'platform.showInFolder': mainProcessOnly,
  'platform.openExternal': mainProcessOnly,
};

/**
 * The engine process: runs the app service (uploads, watch folders, API, sandbox) off the UI thread and answers the
 * main process's messages. Anything that does not parse is ignored: the only sender is our main process, and a
 * malformed message must not take the uploads down.
 */
export function serveEngine(port: ParentPortLike, makeService: ServiceFactory, options: ServeOptions): void {
  let ready: Promise<AppService> | null = null;
  let settings: ReturnType<typeof createRemoteSettingsPort> | null = null;

  const start = async (startOptions: EngineStartOptions): Promise<AppService> => {
    settings = createRemoteSettingsPort(port, startOptions.tokenStorage);
    const service = await makeService({
      stateDir: startOptions.stateDir,
      settings: settings.port,
      platform: platformInMain,
      host: 'electron',
      version: startOptions.version,
      defaultDownloadDir: startOptions.defaultDownloadDir,
      defaultDownloadDirNote: startOptions.defaultDownloadDirNote ?? null,
      // A first run's embedded sandbox shows example images, as `npm start` does in the browser host.
      sandboxDemo: true,
      // For support staff reproducing a customer's server; an unknown name stops the start with the valid list.
      sandboxDialects: parseDialects(process.env['PATHOMIQ_SANDBOX_DIALECT']),
      ...(startOptions.serverOverride === undefined ? {} : { serverOverride: startOptions.serverOverride }),
    });
    service.on((event) => port.postMessage({ kind: 'event', event }));
    await service.start();
    return service;
  };

  const answer = async (id: number, name: string, args: unknown): Promise<void> => {
    let result: DispatchResult;
    if (ready === null) {
      result = { ok: false, error: { code: 'failed', message: 'The upload engine has not been started.' } };
    } else {
      try {
        const handlers: AppHandlers = (await ready).handlers;
        result = await dispatchCommand(handlers, name, args, options.describeError);
      } catch (error) {
        result = { ok: false, error: options.describeError(error) };
      }
    }
    port.postMessage({ kind: 'response', id, result });
  };

  const stop = async (): Promise<void> => {
    try {
      if (ready !== null) await (await ready).close();
    } catch {
      // A service that never started has nothing to close.
    }
    port.postMessage({ kind: 'stopped' });
    options.onStopped();
  };

  const handle = (message: ToEngine): void => {
    switch (message.kind) {
      case 'start':
        if (ready !== null) return;
        ready = start(message.options);
        ready.then(
          () => port.postMessage({ kind: 'started' }),
          (error: unknown) =>
            port.postMessage({ kind: 'start-failed', message: options.describeError(error).message }),
        );
        return;
      case 'request':
        void answer(message.id, message.name, message.args);
        return;
      case 'settings-reply':
        settings?.settle(message.id, message.ok ? message : { ok: false, message: message.message });
        return;
      case 'stop':
        void stop();
        return;
    }
  };

  port.on('message', (event) => {
    const parsed = toEngineSchema.safeParse(event?.data);
    if (parsed.success) handle(parsed.data);
  });
}

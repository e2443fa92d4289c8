import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  dispatchCommand,
  RemoteCommandError,
  type AppEvent,
  type AppEventOf,
  type AppEventType,
  type CommandName,
  type CommandResult,
  type DispatchResult,
  type SendArgs,
} from '../../../src-shared/app/index.js';
import {
  appErrorInfo,
  createAppService,
  createFileSettingsPort,
  describeAppError,
} from '../../../src-main/app/index.js';
import type { AppService, AppServiceOptions } from '../../../src-main/app/types.js';
import { browserPlatform } from '../../../src-main/host/browser-platform.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';

export interface TestApp {
  service: AppService;
  stateDir: string;
  downloadDir: string;
  events: AppEvent[];
  /** Calls a command the way the hosts do (validated by dispatchCommand); throws with its error message. */
  send<K extends CommandName>(name: K, ...args: SendArgs<K>): Promise<CommandResult<K>>;
  /** The raw dispatch result, for checking refusals. */
  dispatch(name: unknown, args?: unknown): Promise<DispatchResult>;
  waitForEvent<T extends AppEventType>(
    type: T,
    match?: (event: AppEventOf<T>) => boolean,
    timeoutMs?: number,
  ): Promise<AppEventOf<T>>;
  dispose(): Promise<void>;
}

/** The browser host's answers: the app service under test runs as it does there. */
const platform = browserPlatform;

export interface TestAppOptions extends Partial<Omit<AppServiceOptions, 'settings'>> {
  /** Written to app-settings.json before start, as an earlier run would have (any JSON value, or raw text). */
  stored?: unknown;
  storedText?: string;
  /** Start it (default true). */
  start?: boolean;
}

/** The real service on a temp state dir with the browser host's file settings port; fast test timings. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const temp = options.stateDir ? undefined : await makeTempDir('pathomiq-app-');
  const stateDir = options.stateDir ?? path.join(temp!.dir, 'state');
  const downloadDir = options.defaultDownloadDir ?? path.join(temp?.dir ?? stateDir, 'Downloads');
  await mkdir(stateDir, { recursive: true });
  const settingsFile = path.join(stateDir, 'app-settings.json');
  if (options.storedText !== undefined) await writeFile(settingsFile, options.storedText);
  else if (options.stored !== undefined) await writeFile(settingsFile, JSON.stringify(options.stored));

  const service = createAppService({
    host: 'browser',
    version: '0.0.0-test',
    platform,
    ...options,
    stateDir,
    defaultDownloadDir: downloadDir,
    settings: createFileSettingsPort(stateDir),
    tuning: { sandboxSpeed: 50, predictionPollMs: 50, retryBaseMs: 50, retryCapMs: 500, ...options.tuning },
  });
  const events: AppEvent[] = [];
  service.on((event) => events.push(event));
  if (options.start !== false) await service.start();

  const dispatch = (name: unknown, args?: unknown) =>
    dispatchCommand(service.handlers, name, args, describeAppError);
  return {
    service,
    stateDir,
    downloadDir,
    events,
    dispatch,
    async send(name, ...args) {
      // As the browser host and the CLI answer: words for people, the technical detail and kind apart.
      const result = await dispatchCommand(service.handlers, name, args[0], appErrorInfo);
      if (!result.ok) throw new RemoteCommandError(name, result.error);
      return result.result as never;
    },
    waitForEvent(type, match = () => true, timeoutMs) {
      return waitFor(
        () =>
          events.find(
            (event): event is AppEventOf<typeof type> => event.type === type && match(event as never),
          ),
        `a ${type} event`,
        timeoutMs,
      );
    },
    async dispose() {
      await service.close();
      await temp?.cleanup();
    },
  };
}

/** Settings for a server the test started (not the embedded sandbox), user 19. */
export const serverSettings = (url: string) => ({ useSandbox: false, serverUrl: url, userId: 19 });

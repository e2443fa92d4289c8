import type { Dialect } from '../sandbox/dialects.js';
import type { Connection } from './connection.js';
import type { AppEvent, AppHandlers, AppSettings, CommandName } from '../../src-shared/app/index.js';

/** The `platform.*` commands: native dialogs, file manager, browser. Each host supplies its own. */
export type PlatformCommand = Extract<CommandName, `platform.${string}`>;
export type PlatformHandlers = Pick<AppHandlers, PlatformCommand>;

/**
 * Where settings and the token live. Electron: electron-store in the main process and the token in safeStorage;
 * browser host: a settings file in the state dir and the token in memory only. Async so the Electron engine
 * process can reach the main process's store over a message port.
 */
export interface SettingsPort {
  /** The stored settings as saved (validated and defaulted by the service), or undefined on first run. */
  load(): Promise<unknown>;
  save(settings: AppSettings): Promise<void>;
  readToken(): Promise<string | undefined>;
  /** null removes it. */
  writeToken(token: string | null): Promise<void>;
  readonly tokenStorage: 'keychain' | 'memory';
}

export interface AppServiceOptions {
  /** queue.sqlite, the embedded sandbox's data, downloads in progress. */
  stateDir: string;
  settings: SettingsPort;
  platform: PlatformHandlers;
  host: 'electron' | 'browser' | 'cli';
  version: string;
  /**
   * Start the upload queue and the saved watch folders once connected (default true). The command line opens the
   * app with false: a command that lists images must not start uploading; `upload`, `run` and `watch` take the
   * queue themselves, in the foreground.
   */
  runQueue?: boolean;
  /**
   * Work on the local queue only: the embedded sandbox is not started (its jobs still know their destination).
   * For the CLI's queue, pause, resume, retry, forget and retarget — a look at the queue must not start a server.
   */
  offline?: boolean;
  /** Who runs the queue, as another process sees it (default "the PathomIQ Uploader app"). */
  runnerLabel?: string;
  /** A server given on the command line (`npm run ui -- --server`), used instead of the settings for this run. */
  serverOverride?: string;
  /** Where downloads go when the settings name no folder (the user's Downloads folder). */
  defaultDownloadDir: string;
  /** Why `defaultDownloadDir` is not the OS's Downloads folder (it does not exist), shown in Settings. */
  defaultDownloadDirNote?: string | null;
  /** Timing knobs for tests; the app leaves them unset. */
  tuning?: AppServiceTuning;
  /** The embedded sandbox seeds a few example images when it starts on an empty data dir (npm start, the app). */
  sandboxDemo?: boolean;
  /** The embedded sandbox answers in these dialects (`--sandbox-dialect`, PATHOMIQ_SANDBOX_DIALECT). */
  sandboxDialects?: readonly Dialect[];
}

export interface AppServiceTuning {
  /** Speed-up factor of the embedded sandbox's simulated pipeline (default 1). */
  sandboxSpeed?: number;
  /** How often a prediction the app started is checked (default 3 s). */
  predictionPollMs?: number;
  /** Retry backoff of the upload engine (defaults 1 s and 2 min). */
  retryBaseMs?: number;
  retryCapMs?: number;
}

/** The Node side of the app: the handler map over the engine, the watcher and the API, plus its events. */
export interface AppService {
  readonly handlers: AppHandlers;
  on(listener: (event: AppEvent) => void): () => void;
  /** Loads settings, connects (starting the embedded sandbox when chosen), starts the queue and watch folders. */
  start(): Promise<void>;
  /** Stops transfers (every job stays resumable), watchers and the sandbox. */
  close(): Promise<void>;
}

/** The service in this process, as `createAppService` makes it. */
export interface LocalAppService extends AppService {
  /**
   * The current connection (server, queue, watch folders), once started. For the command line's foreground
   * queue runs (`upload`, `run`, `watch`), which drive the engine of the same connection its commands use.
   */
  connection(): Promise<Connection>;
}

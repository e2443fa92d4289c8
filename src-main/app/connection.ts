import type { AppSettings, AppStatus } from '../../src-shared/app/index.js';
import { createApiClient, type ApiClient } from '../api/index.js';
import { UploadEngine } from '../engine/engine.js';
import {
  NO_DESTINATION,
  sandboxDestination,
  serverDestination,
  type Destination,
} from '../engine/destination.js';
import { QueueBusyError } from '../engine/db/runner-lock.js';
import { WatchService } from '../watcher/watch-service.js';
import { describeAppError } from './describe-error.js';
import type { SandboxKeeper } from './sandbox-keeper.js';
import { chooseServer, NO_USER_PROBLEM, serverOf } from './server-choice.js';
import type { AppServiceTuning } from './types.js';

/** Everything that depends on which server the app talks to; rebuilt when that changes. */
export interface Connection {
  /** undefined when no server is set (or the sandbox failed to start): the queue is shown but does not run. */
  api: ApiClient | undefined;
  engine: UploadEngine;
  watch: WatchService;
  /** The server as the queue records it (jobs of other servers are held, not run here). */
  destination: Destination;
  server: AppStatus['server'];
  userId: number | null;
  problem: string | null;
}

export interface ConnectionDeps {
  stateDir: string;
  serverOverride: string | undefined;
  sandbox: SandboxKeeper;
  /** Read on every request, so a new token needs no reconnect. */
  token: () => string | undefined;
  tuning: AppServiceTuning;
  /** Do not start the embedded sandbox (AppServiceOptions.offline). */
  offline?: boolean;
  runnerLabel: string;
}

/**
 * The engine only calls the API while it runs, and it is never started without a server; this client stands
 * in so the queue can still be listed, paused and cleared. `.invalid` never resolves.
 */
const UNCONNECTED_URL = 'http://no-server-set.invalid';

export const engineSettingsOf = (settings: AppSettings) => ({
  fileConcurrency: settings.fileConcurrency,
  partConcurrency: settings.partConcurrency,
  limitRate: settings.limitRate ?? undefined,
});

/** Connects as the settings say: starts the embedded sandbox if chosen, opens the queue and watch folders. */
export async function openConnection(settings: AppSettings, deps: ConnectionDeps): Promise<Connection> {
  const choice = chooseServer(settings, deps.serverOverride);
  let baseUrl: string | undefined;
  let problem: string | null = null;
  if (choice.kind === 'sandbox' && deps.offline) {
    // Nothing to ask a server: the queue is listed and changed locally, and no sandbox is started for that.
  } else if (choice.kind === 'sandbox') {
    try {
      baseUrl = (await deps.sandbox.ensure()).api;
    } catch (error) {
      problem = `The embedded sandbox could not start: ${describeAppError(error)} Restart the app, or turn the sandbox off in Settings and enter a server address.`;
    }
  } else if (choice.kind === 'url') baseUrl = choice.url;
  else problem = choice.problem;
  if (problem === null && choice.userId === null) problem = NO_USER_PROBLEM;

  const api = baseUrl === undefined ? undefined : createApiClient({ baseUrl, token: deps.token });
  const destination =
    choice.kind === 'sandbox' && (deps.offline || baseUrl !== undefined)
      ? sandboxDestination(deps.sandbox.dataDir)
      : baseUrl === undefined
        ? NO_DESTINATION
        : serverDestination(baseUrl);
  const engine = new UploadEngine({
    stateDir: deps.stateDir,
    api: api ?? createApiClient({ baseUrl: UNCONNECTED_URL }),
    destination,
    runnerLabel: deps.runnerLabel,
    ...engineSettingsOf(settings),
    ...(deps.tuning.retryBaseMs ? { retryBaseMs: deps.tuning.retryBaseMs } : {}),
    ...(deps.tuning.retryCapMs ? { retryCapMs: deps.tuning.retryCapMs } : {}),
  });
  const watch = new WatchService({ engine });
  return {
    api,
    engine,
    watch,
    destination,
    server: serverOf(choice, baseUrl),
    userId: choice.userId,
    problem,
  };
}

/** Starts the queue (only with a server) and the saved watch folders. */
export async function startConnection(connection: Connection): Promise<void> {
  if (connection.api) {
    try {
      connection.engine.start();
    } catch (error) {
      if (!(error instanceof QueueBusyError)) throw error;
      // Another process runs this queue: this one shows it and adds to it, but neither uploads nor watches
      // (that would upload slides twice); the other process picks up what is added here.
      connection.problem = error.message;
      return;
    }
  }
  await connection.watch.start();
}

/** Stops transfers (every job stays resumable) and watchers, and closes the queue database. */
export async function closeConnection(connection: Connection): Promise<void> {
  await connection.watch.close().catch(() => undefined);
  await connection.engine.close();
}

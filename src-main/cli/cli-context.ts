import { readFileSync } from 'node:fs';
import path from 'node:path';
import { appSettingsSchema, type AppEvent, type Send } from '../../src-shared/app/index.js';
import type { Connection } from '../app/connection.js';
import { describeDestination, NO_DESTINATION } from '../engine/destination.js';
import { createAppService } from '../app/app-service.js';
import { browserPlatform } from '../host/browser-platform.js';
import { projectVersion } from '../host/project-root.js';
import type { Dialect } from '../sandbox/dialects.js';
import { createCliSettingsPort, openCliSettings, type CliSettingsFile } from './cli-settings.js';
import { sendThrough } from './app-transport.js';
import { createOutput, type Output } from './output.js';
import { rememberGiven, stateDirOf } from './given-options.js';
import { UsageError } from './usage-error.js';

export interface GlobalOptions {
  server?: string;
  token?: string;
  user?: number;
  stateDir?: string;
  json?: boolean;
  /** Print errors' technical details too. */
  verbose?: boolean;
  sandboxDialect?: Dialect[];
  /** Where commander took --server from ('cli', 'env'), for telling people why this server was chosen. */
  serverSource?: string | undefined;
  /** A file holding the token (kept out of the process list, unlike --token). */
  tokenFile?: string;
  /** Where commander took --token from: 'cli' means the process list shows it. */
  tokenSource?: string | undefined;
  /** The command works on the local queue only: the embedded sandbox is not started for it. */
  local?: boolean;
}

export interface CliContext {
  /** Runs an app command through the handler map, as the desktop UI does; a failure rejects with its AppErrorInfo. */
  send: Send;
  /** The app's events (download progress, …). */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /**
   * The app's connection: the queue that `upload`, `run`, `watch` and the job commands drive. Its `api` is set
   * for every command but the local ones with the embedded sandbox (none is started for them).
   */
  connection: Connection;
  /** The user uploads are made for. */
  userId: number;
  stateDir: string;
  out: Output;
  /** e.g. "http://127.0.0.1:4010" or "embedded sandbox (…)" */
  serverLabel: string;
  /** Why this server, for people: "given with --server", "remembered in …/cli-settings.json", … */
  destinationSource: string;
  close(): Promise<void>;
}

export { UsageError };

/**
 * The token from --token-file, --token or PATHOMIQ_TOKEN. One typed on the command line is visible to every user
 * of the computer in the process list, so that way is discouraged each time it is used.
 */
function tokenOf(options: GlobalOptions, out: Output): string | undefined {
  if (options.tokenFile !== undefined) {
    if (options.token !== undefined && options.tokenSource === 'cli')
      throw new UsageError('Give the token once: --token-file or --token, not both.');
    try {
      const token = readFileSync(options.tokenFile, 'utf8').trim();
      if (token === '') throw new UsageError(`The token file ${options.tokenFile} is empty.`);
      return token;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`Cannot read the token file ${options.tokenFile}: ${(error as Error).message}`);
    }
  }
  if (options.token !== undefined && options.tokenSource === 'cli')
    out.info(
      'Warning: a token given with --token is visible to other users of this computer (process list); use --token-file or PATHOMIQ_TOKEN instead.',
    );
  return options.token;
}

/**
 * Only `app.status` reports it, which no CLI command prints: a copy of the CLI outside our package (the compiled
 * copy tests run) must still start.
 */
function versionOrUnknown(): string {
  try {
    return projectVersion();
  } catch {
    return 'unknown';
  }
}

/** Says where the server came from, before this run's --server is remembered. */
function describeServerSource(options: GlobalOptions, remembered: CliSettingsFile): string {
  if (options.server !== undefined)
    return options.serverSource === 'env' ? 'from PATHOMIQ_SERVER' : 'given with --server';
  if (remembered.get('server')) return `remembered in ${remembered.path} from an earlier --server`;
  return 'no --server given';
}

/** The app's settings schema decides what a server address is. */
const isServerUrl = (url: string): boolean => appSettingsSchema.shape.serverUrl.safeParse(url).success;

/**
 * Opens the app over the state dir the way the desktop does — the app chooses server, user and embedded sandbox
 * (data in <state-dir>/sandbox) from the CLI's settings: --server / PATHOMIQ_SERVER, --user / PATHOMIQ_USER,
 * else what the state dir remembers. The queue is not started: commands that upload take it themselves.
 */
export async function openCliContext(given: GlobalOptions): Promise<CliContext> {
  // An empty PATHOMIQ_SERVER names no server, as if it were not set.
  const options = { ...given, server: given.server?.trim() || undefined };
  const out = createOutput(options.json === true, options.verbose === true);
  const stateDir = stateDirOf(options);
  const token = tokenOf(options, out);
  const remembered = openCliSettings(stateDir);
  const destinationSource = describeServerSource(options, remembered);
  rememberGiven(options, remembered, isServerUrl);
  const dialects = options.sandboxDialect ?? [];
  const service = createAppService({
    host: 'cli',
    version: versionOrUnknown(),
    stateDir,
    settings: createCliSettingsPort(remembered, token),
    // No native dialogs or file manager here either.
    platform: browserPlatform,
    runQueue: false,
    offline: options.local === true,
    runnerLabel: 'the command-line agent',
    defaultDownloadDir: process.cwd(),
    sandboxDialects: dialects,
  });
  try {
    await service.start();
    const connection = await service.connection();
    // A local command needs no server (none is started for the embedded sandbox); everything else does.
    if (!connection.api && !(options.local && connection.destination !== NO_DESTINATION))
      throw new Error(connection.problem ?? 'No server is connected.');
    if (connection.userId === null)
      throw new UsageError('Say which PathomIQ user to upload as: --user <id> or PATHOMIQ_USER.');
    let serverLabel = connection.server.url;
    if (connection.server.sandbox && options.local) serverLabel = describeDestination(connection.destination);
    else if (connection.server.sandbox) {
      const dialectNote = dialects.length > 0 ? `, answering in dialect ${dialects.join(', ')}` : '';
      serverLabel = `embedded sandbox (${connection.server.url}, data in ${path.join(stateDir, 'sandbox')}${dialectNote})`;
      out.info(`No --server given: using the ${serverLabel}.`);
    }
    connection.engine.on((event) => out.event(event));
    return {
      send: sendThrough(service.handlers),
      onEvent: (listener) => service.on(listener),
      connection,
      userId: connection.userId,
      stateDir,
      out,
      serverLabel,
      destinationSource,
      close: () => service.close(),
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}

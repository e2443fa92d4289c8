import path from 'node:path';
import { createApiClient, type ApiClient } from '../api/index.js';
import { sandboxDestination, serverDestination, type Destination } from '../engine/destination.js';
import type { Dialect } from '../sandbox/dialects.js';
import type { RunningSandbox } from '../sandbox/sandbox.js';
import { openCliSettings } from './cli-settings.js';
import { createOutput, type Output } from './output.js';
import { defaultStateDir } from './state-dir.js';

export interface GlobalOptions {
  server?: string;
  token?: string;
  user?: number;
  stateDir?: string;
  json?: boolean;
  sandboxDialect?: Dialect[];
  /** Where commander took --server from ('cli', 'env'), for telling people why this server was chosen. */
  serverSource?: string | undefined;
}

export interface CliContext {
  api: ApiClient;
  /** The user uploads are made for. */
  userId: number;
  stateDir: string;
  out: Output;
  /** e.g. "http://127.0.0.1:4010" or "embedded sandbox (…)" */
  serverLabel: string;
  /** The server as the queue records it (destination.ts): jobs of other servers are held, not run. */
  destination: Destination;
  /** Why this server, for people: "given with --server", "remembered in …/cli-settings.json", … */
  destinationSource: string;
  close(): Promise<void>;
}

/** User id of the sandbox's example user, the default when nobody is named and the embedded sandbox runs. */
const SANDBOX_DEFAULT_USER = 19;

export class UsageError extends Error {}

/**
 * Resolves the server, token, user and state dir from options, then environment (PATHOMIQ_SERVER,
 * PATHOMIQ_TOKEN, PATHOMIQ_USER), then what the state dir remembers; with no server anywhere, starts the
 * embedded sandbox (data in <state-dir>/sandbox).
 */
export async function openCliContext(options: GlobalOptions): Promise<CliContext> {
  const out = createOutput(options.json === true);
  const stateDir = path.resolve(options.stateDir ?? defaultStateDir());
  const settings = openCliSettings(stateDir);
  const envUser = process.env['PATHOMIQ_USER'];
  const givenServer = options.server ?? process.env['PATHOMIQ_SERVER'];
  const server = givenServer ?? settings.get('server');
  const token = options.token ?? process.env['PATHOMIQ_TOKEN'];
  let user =
    options.user ?? (envUser !== undefined && envUser !== '' ? Number(envUser) : settings.get('user'));
  if (user !== undefined && (!Number.isInteger(user) || user < 0))
    throw new UsageError(`The user id must be a whole number, not "${String(user)}".`);

  let sandbox: RunningSandbox | undefined;
  let baseUrl: string;
  let serverLabel: string;
  let destination: Destination;
  const destinationSource =
    options.server !== undefined
      ? options.serverSource === 'env'
        ? 'from PATHOMIQ_SERVER'
        : 'given with --server'
      : givenServer !== undefined
        ? 'from PATHOMIQ_SERVER'
        : server
          ? `remembered in ${settings.path} from an earlier --server`
          : 'no --server given';
  if (server) {
    baseUrl = server;
    serverLabel = server;
    destination = serverDestination(server);
    if (givenServer) settings.set('server', givenServer);
  } else {
    // Loaded only when needed: the sandbox pulls in the AWS SDK and Fastify, which a plain --server run never uses.
    const { startSandbox } = await import('../sandbox/sandbox.js');
    const dialects = options.sandboxDialect ?? [];
    const dataDir = path.join(stateDir, 'sandbox');
    sandbox = await startSandbox({ dataDir, port: 0, dialects });
    destination = sandboxDestination(dataDir);
    baseUrl = sandbox.api;
    const dialectNote = dialects.length > 0 ? `, answering in dialect ${dialects.join(', ')}` : '';
    serverLabel = `embedded sandbox (${sandbox.api}, data in ${path.join(stateDir, 'sandbox')}${dialectNote})`;
    user ??= SANDBOX_DEFAULT_USER;
    out.info(`No --server given: using the ${serverLabel}.`);
  }
  if (user === undefined)
    throw new UsageError('Say which PathomIQ user to upload as: --user <id> or PATHOMIQ_USER.');
  if (options.user !== undefined || envUser) settings.set('user', user);

  return {
    api: createApiClient({ baseUrl, token: () => token }),
    userId: user,
    stateDir,
    out,
    serverLabel,
    destination,
    destinationSource,
    close: async () => {
      await sandbox?.close();
    },
  };
}

import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultStateDir } from '../cli/state-dir.js';
import { dialectList } from '../cli/parse-options.js';
import type { Dialect } from '../sandbox/dialects.js';

export interface HostCliOptions {
  port: number;
  stateDir: string;
  serverOverride?: string;
  rendererDir?: string;
  sandboxDialects: Dialect[];
}

function portNumber(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError(`expected a port number (0-65535; 0 picks a free one), got "${value}"`);
  return port;
}

/** Options of `npm run ui` / `npm start` (browser host); throws CommanderError on bad input or --help. */
export function parseHostOptions(argv: string[]): HostCliOptions {
  const program = new Command('npm run ui --')
    .description('Serve the PathomIQ Uploader UI to a browser on this machine (127.0.0.1 only).')
    .option('--port <n>', 'port to listen on (default: a free one)', portNumber, 0)
    .option('--server <url>', 'PathomIQ API base URL for this run, instead of the one in the settings')
    .option('--state-dir <dir>', 'where the queue and settings live (default: the per-user app data dir)')
    .addOption(
      new Option(
        '--sandbox-dialect <names>',
        'the embedded sandbox answers like these servers (comma-separated)',
      )
        .env('PATHOMIQ_SANDBOX_DIALECT')
        .argParser(dialectList),
    )
    .addOption(new Option('--renderer-dir <dir>', 'the built UI (default: dist/renderer)').hideHelp())
    .exitOverride()
    .showHelpAfterError();
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{
    port: number;
    server?: string;
    stateDir?: string;
    rendererDir?: string;
    sandboxDialect?: Dialect[];
  }>();
  return {
    port: opts.port,
    stateDir: opts.stateDir ?? defaultStateDir(),
    ...(opts.server === undefined ? {} : { serverOverride: opts.server }),
    ...(opts.rendererDir === undefined ? {} : { rendererDir: opts.rendererDir }),
    sandboxDialects: opts.sandboxDialect ?? [],
  };
}

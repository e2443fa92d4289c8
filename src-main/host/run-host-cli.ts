import { CommanderError } from 'commander';
import { startBrowserHost } from './browser-host.js';
import { parseHostOptions } from './host-options.js';

/**
 * Runs the browser host until SIGINT/SIGTERM. stdout gets exactly one line, `UI_READY <address>`, for scripts and
 * the e2e suite to read; everything else goes to stderr.
 */
export async function runBrowserHostCli(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseHostOptions(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    throw error;
  }
  let host;
  try {
    host = await startBrowserHost({ ...options, sandboxDemo: true });
  } catch (error) {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(
    `PathomIQ Uploader UI on 127.0.0.1:${host.port} (state: ${options.stateDir}); Ctrl+C stops.\n`,
  );
  process.stdout.write(`UI_READY ${host.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping (unfinished uploads resume next time).\n`);
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  // once: a second Ctrl+C meets the default handler and ends the process even if closing hangs.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

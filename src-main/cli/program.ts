import { Command, CommanderError, Option } from 'commander';
import type { GlobalOptions } from './cli-context.js';
import { registerApiCommands } from './commands/api-commands.js';
import { registerInspectCommand } from './commands/inspect.js';
import { registerQueueCommands } from './commands/queue.js';
import { registerUploadCommand } from './commands/upload.js';
import { registerWatchCommand } from './commands/watch.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { dialectList, positiveInt, type RunWithContext } from './parse-options.js';
import { EXIT } from './exit-codes.js';
import { forTerminal } from '../shared/terminal-text.js';

/** Opens the context from the global options, runs the action, closes, and sets the exit code. */
const runWithContext: RunWithContext = async (command, action, scope) => {
  const options: GlobalOptions = {
    ...command.optsWithGlobals<GlobalOptions>(),
    local: scope?.local === true,
    serverSource: command.getOptionValueSourceWithGlobals('server'),
    tokenSource: command.getOptionValueSourceWithGlobals('token'),
  };
  let code: number;
  try {
    // A lean path (`queue`) answers without the app when it can; undefined means this case needs the app.
    const fast = scope?.fast ? await scope.fast(options) : undefined;
    if (fast !== undefined) code = fast;
    else {
      // The app (engine, API client, handlers) is imported only for a command that runs, never for `--help`.
      const { openCliContext } = await import('./cli-context.js');
      const ctx = await openCliContext(options);
      try {
        code = await action(ctx);
      } finally {
        await ctx.close();
      }
    }
  } catch (error) {
    const { errorDetail, errorWords, exitCodeFor } = await import('./command-failure.js');
    code = exitCodeFor(error);
    const { message, detail } = errorWords(error);
    if (options.json)
      process.stdout.write(`${JSON.stringify({ type: 'error', message, detail, ...errorDetail(error) })}\n`);
    else {
      process.stderr.write(`Error: ${forTerminal(message)}\n`);
      if (options.verbose && detail) process.stderr.write(`  Details: ${forTerminal(detail)}\n`);
    }
  }
  process.exitCode = code;
};

export function buildProgram(): Command {
  const program = new Command('pathomiq-uploader')
    .description(
      'Upload whole-slide images to PathomIQ and follow them — the headless agent of PathomIQ Uploader.',
    )
    .addOption(
      new Option('--server <url>', 'PathomIQ API base URL (default: start the embedded sandbox)').env(
        'PATHOMIQ_SERVER',
      ),
    )
    .addOption(
      new Option(
        '--token <token>',
        'access token, sent as a bearer token (visible in the process list: prefer --token-file or PATHOMIQ_TOKEN)',
      ).env('PATHOMIQ_TOKEN'),
    )
    .option('--token-file <path>', 'read the access token from this file (kept out of the process list)')
    .addOption(new Option('--user <id>', 'user id to upload as').env('PATHOMIQ_USER').argParser(positiveInt))
    .addOption(
      new Option(
        '--sandbox-dialect <names>',
        'without --server: the embedded sandbox answers like these real servers (comma-separated; see README "Real servers")',
      )
        .env('PATHOMIQ_SANDBOX_DIALECT')
        .argParser(dialectList),
    )
    .option(
      '--state-dir <dir>',
      'where the queue (SQLite) and settings live (default: the per-user app data dir)',
    )
    .option('--json', 'print one JSON object per line')
    .option(
      '--verbose',
      "with an error, also print its technical details (request, HTTP status, the server's words)",
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 done (every file uploaded or already uploaded); 1 a file was refused, failed or did not finish, or the command failed; 2 usage; 3 sign in again (the server refused the token); 4 nothing queued: another process runs this queue for another server (see upload --to-running-queue); 130 interrupted.',
    )
    .showHelpAfterError()
    .exitOverride();
  registerUploadCommand(program, runWithContext);
  registerQueueCommands(program, runWithContext);
  registerWatchCommand(program, runWithContext);
  registerDoctorCommand(program, runWithContext);
  registerInspectCommand(program, runWithContext);
  registerApiCommands(program, runWithContext);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    throw error;
  }
}

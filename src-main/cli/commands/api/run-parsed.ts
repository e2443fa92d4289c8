import type { Command } from 'commander';
import type { CliContext, GlobalOptions } from '../../cli-context.js';
import { UsageError } from '../../usage-error.js';
import { createOutput } from '../../output.js';
import type { RunWithContext } from '../../parse-options.js';
import { EXIT } from '../../exit-codes.js';

/**
 * Checks a command's arguments before the context opens — so a typo never starts the embedded sandbox or
 * reaches the server — and reports a {@link UsageError} like any other error (a JSON line with --json), exit 2.
 */
export async function runParsed<Args>(
  run: RunWithContext,
  command: Command,
  parse: () => Args,
  action: (ctx: CliContext, args: Args) => Promise<number>,
  scope?: { local: boolean },
): Promise<void> {
  let args: Args;
  try {
    args = parse();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    createOutput(command.optsWithGlobals<GlobalOptions>().json === true).error(error.message);
    process.exitCode = EXIT.usage;
    return;
  }
  await run(command, (ctx) => action(ctx, args), scope);
}

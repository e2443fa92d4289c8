import { InvalidArgumentError, type Command } from 'commander';
import { jobTarget, type RunWithContext } from '../parse-options.js';
import { UsageError } from '../usage-error.js';
import { runParsed } from './api/run-parsed.js';

/** Commands that only read or change the queue on this computer: no embedded sandbox is started for them. */
const LOCAL = { local: true };

/** What the queue commands do, imported when one runs: registering them (and `--help`) loads none of it. */
const actions = () => import('./queue-actions.js');

export function registerQueueCommands(program: Command, run: RunWithContext): void {
  program
    .command('run')
    .description(
      'Process whatever is queued for this server in the state dir (e.g. after a crash or reboot) until it settles; with --watch, also watch the saved folders until stopped.',
    )
    .option('--watch', 'also watch the folders saved with `watch --save`, and keep running')
    .action((options: { watch?: boolean }, command: Command) =>
      run(command, async (ctx) => (await actions()).runQueue(ctx, options)),
    );

  program
    .command('queue')
    .description(
      'List jobs, their states and the server each goes to (jobs of another server are held until retargeted).',
    )
    .action((_options: unknown, command: Command) =>
      run(command, async (ctx) => (await actions()).listQueue(ctx), {
        ...LOCAL,
        // Listing is the command run most, on the largest queues: it reads the queue without the app.
        fast: async (options) => (await import('./queue-list.js')).listQueueFast(options),
      }),
    );

  const control = (name: 'pause' | 'resume' | 'cancel' | 'retry', description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<job>', 'job id, or "all"', jobTarget)
      .action((target: number | 'all', _options: unknown, command: Command) =>
        // Cancelling tidies the server (aborts the upload, deletes the half-made record): it needs one.
        run(command, async (ctx) => (await actions()).controlJobs(ctx, name, target), {
          local: name !== 'cancel',
        }),
      );
  control('pause', 'Pause a job (or all); it keeps its progress.');
  control('resume', 'Resume a paused job (or all).');
  control(
    'cancel',
    'Cancel a job (or all): stops it and removes its unfinished image record and partial upload.',
  );
  control('retry', 'Retry a failed or cancelled job (or all) now.');

  program
    .command('forget')
    .description(
      'Forget a finished job (done, failed or cancelled), so the file is uploaded again when added. The image on the server stays. Needs --yes.',
    )
    .argument('<job>', 'job id', jobId)
    .option('--yes', 'really forget it')
    .action((id: number, options: { yes?: boolean }, command: Command) =>
      runParsed(
        run,
        command,
        () => {
          if (!options.yes)
            throw new UsageError(
              `Nothing forgotten: add --yes to forget job #${id}; the same file is then uploaded again when you add it.`,
            );
        },
        async (ctx) => (await actions()).forgetJob(ctx, id),
        LOCAL,
      ),
    );

  program
    .command('retarget')
    .description(
      'Send jobs of another server that did not finish there to this server instead (they start over here).',
    )
    .argument('<job>', 'job id, or "all"', jobTarget)
    .action((target: number | 'all', _options: unknown, command: Command) =>
      run(command, async (ctx) => (await actions()).retargetJobs(ctx, target), LOCAL),
    );
}

/** A job id (not "all"). */
function jobId(value: string): number {
  const target = jobTarget(value);
  if (target === 'all') throw new InvalidArgumentError('expected one job id (e.g. 3), not "all"');
  return target;
}

import { RESTING_STATES } from '../../../src-shared/engine/index.js';
import type { Command } from 'commander';
import { describeJob } from '../output.js';
import { EXIT, openEngine, refuseWhileRunElsewhere, runUntilSettled } from '../run-engine.js';
import { jobTarget, type RunWithContext } from '../parse-options.js';
import { runWatching } from './watch.js';

export function registerQueueCommands(program: Command, run: RunWithContext): void {
  program
    .command('run')
    .description(
      'Process whatever is queued in the state dir (e.g. after a crash or reboot) until it settles; with --watch, also watch the saved folders until stopped.',
    )
    .option('--watch', 'also watch the folders saved with `watch --save`, and keep running')
    .action((options: { watch?: boolean }, command: Command) =>
      run(command, async (ctx) => {
        if (options.watch) return runWatching(ctx, (service) => service.start());
        const engine = openEngine(ctx);
        try {
          const open = engine.list().filter((job) => !RESTING_STATES.includes(job.state));
          if (open.length === 0) {
            ctx.out.result('Nothing queued.', { jobs: [] });
            return EXIT.ok;
          }
          ctx.out.info(`Resuming ${open.length} job(s) against ${ctx.serverLabel}.`);
          return await runUntilSettled(
            ctx,
            engine,
            open.map((job) => job.id),
          );
        } finally {
          await engine.close();
        }
      }),
    );

  program
    .command('queue')
    .description('List jobs and their states.')
    .action((_options: unknown, command: Command) =>
      run(command, async (ctx) => {
        const engine = openEngine(ctx);
        try {
          const jobs = engine.list();
          if (ctx.out.json) ctx.out.result('jobs', jobs);
          else if (jobs.length === 0) ctx.out.result('The queue is empty.');
          else for (const job of jobs) ctx.out.result(describeJob(job));
          return EXIT.ok;
        } finally {
          await engine.close();
        }
      }),
    );

  const control = (name: 'pause' | 'resume' | 'cancel' | 'retry', description: string) =>
    program
      .command(name)
      .description(description)
      .argument('<job>', 'job id, or "all"', jobTarget)
      .action((target: number | 'all', _options: unknown, command: Command) =>
        run(command, async (ctx) => {
          const engine = openEngine(ctx);
          try {
            const refused = refuseWhileRunElsewhere(ctx, engine);
            if (refused !== undefined) return refused;
            if (target !== 'all' && !engine.get(target)) {
              ctx.out.error(`There is no job #${target}; see \`pathomiq-uploader queue\`.`);
              return EXIT.usage;
            }
            if (name === 'cancel') await engine.cancel(target);
            else engine[name](target);
            const jobs = target === 'all' ? engine.list() : [engine.get(target)!];
            for (const job of jobs) ctx.out.result(describeJob(job), job);
            if (name !== 'pause' && name !== 'cancel')
              ctx.out.info('Run `pathomiq-uploader run` to process the queue.');
            return EXIT.ok;
          } finally {
            await engine.close();
          }
        }),
      );
  control('pause', 'Pause a job (or all); it keeps its progress.');
  control('resume', 'Resume a paused job (or all).');
  control(
    'cancel',
    'Cancel a job (or all): stops it and removes its unfinished image record and partial upload.',
  );
  control('retry', 'Retry a failed or cancelled job (or all) now.');
}

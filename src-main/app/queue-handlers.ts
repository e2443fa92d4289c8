import { AppCommandError, type AppHandlers, type QueueRunnerView } from '../../src-shared/app/index.js';
import { FINISHED_STATES } from '../../src-shared/engine/index.js';
import { describeDestination, NO_DESTINATION } from '../engine/destination.js';
import { describeRunner, describeRunnerDestination } from '../engine/db/runner-lock.js';
import type { AppContext } from './app-context.js';
import type { Connection } from './connection.js';
import { addToQueue } from './queue-add.js';

type QueueCommand = Extract<keyof AppHandlers, `queue.${string}`>;
type Target = number | 'all';

/** Another process running this queue, for people; null when it is this one's (or nobody's). */
function runnerOf(connection: Connection): QueueRunnerView | null {
  const holder = connection.engine.runnerElsewhere();
  return holder ? { name: describeRunner(holder), destination: describeRunnerDestination(holder) } : null;
}

/**
 * The job a command names must exist ('all' always does), and nobody else may be running the queue: that
 * process would undo the change. Every transport (UI, command line) words these refusals from here.
 */
function checked(connection: Connection, target: Target): Target {
  const runner = runnerOf(connection);
  if (runner)
    throw new AppCommandError(
      `${runner.name} is running this queue (uploading to ${runner.destination}); change its jobs there, or stop it first.`,
      'busy',
    );
  if (target !== 'all' && !connection.engine.get(target))
    throw new AppCommandError(
      `There is no job #${target} in the queue; it may have been cleared (list the queue to see its jobs).`,
      'not-found',
    );
  return target;
}

export function queueHandlers(ctx: AppContext): Pick<AppHandlers, QueueCommand> {
  const engine = async () => (await ctx.connection()).engine;
  return {
    'queue.list': async (args) => {
      const connection = await ctx.connection();
      const { engine: queue } = connection;
      return {
        ...(args ? queue.listFirst(args.first) : { jobs: queue.list() }),
        totals: ctx.lastTotals(),
        hold: queue.queueHold ?? null,
        runner: runnerOf(connection),
      };
    },
    'queue.jobs': async ({ ids }) => (await engine()).listById(ids),
    'queue.add': (args) => addToQueue(ctx, args),
    'queue.pause': async ({ target }) => {
      const connection = await ctx.connection();
      connection.engine.pause(checked(connection, target));
    },
    'queue.resume': async ({ target }) => {
      const connection = await ctx.connection();
      connection.engine.resume(checked(connection, target));
    },
    'queue.cancel': async ({ target }) => {
      const connection = await ctx.connection();
      await connection.engine.cancel(checked(connection, target));
    },
    'queue.retry': async ({ target }) => {
      const connection = await ctx.connection();
      connection.engine.retry(checked(connection, target));
    },
    'queue.move': async ({ jobId, beforeJobId }) => {
      const connection = await ctx.connection();
      checked(connection, jobId);
      if (beforeJobId !== null) checked(connection, beforeJobId);
      connection.engine.moveBefore(jobId, beforeJobId ?? 'end');
    },
    'queue.clearFinished': async () => ({ removed: await (await engine()).clearFinished() }),
    'queue.forget': async ({ jobId }) => {
      const connection = await ctx.connection();
      const job = connection.engine.get(checked(connection, jobId) as number)!;
      if (!FINISHED_STATES.includes(job.state))
        throw new AppCommandError(
          `Job #${jobId} has not finished (${job.state}); only a finished upload can be forgotten (cancel it first).`,
        );
      connection.engine.forget(jobId);
    },
    'queue.retarget': async ({ target }) => {
      const connection = await ctx.connection();
      if (connection.destination === NO_DESTINATION)
        throw new AppCommandError('No server is set; choose one in Settings before sending jobs to it.');
      checked(connection, target);
      const before = target === 'all' ? undefined : connection.engine.get(target);
      const moved = connection.engine.retarget(target);
      const here = describeDestination(connection.destination);
      if (before && moved === 0)
        throw new AppCommandError(
          before.elsewhere
            ? `Job #${target} is ${before.state} on ${before.destination ?? 'another server'}; ${before.state === 'done' ? "done uploads stay that server's history" : 'a cancelled job stays cancelled'}. Upload the file again to send it to ${here}.`
            : `Job #${target} already goes to ${here}.`,
        );
      return { moved };
    },
  };
}

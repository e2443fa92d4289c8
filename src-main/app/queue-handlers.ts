import { AppCommandError, type AppHandlers } from '../../src-shared/app/index.js';
import { describeRunner } from '../engine/db/runner-lock.js';
import type { AppContext } from './app-context.js';
import type { Connection } from './connection.js';
import { addToQueue } from './queue-add.js';

type QueueCommand = Extract<keyof AppHandlers, `queue.${string}`>;
type Target = number | 'all';

/**
 * The job a command names must exist ('all' always does), and nobody else may be running the queue: that
 * process would undo the change.
 */
function checked(connection: Connection, target: Target): Target {
  const holder = connection.engine.runnerElsewhere();
  if (holder)
    throw new AppCommandError(
      `${describeRunner(holder)} is running this queue; change its jobs there, or stop it and restart this app.`,
    );
  if (target !== 'all' && !connection.engine.get(target))
    throw new AppCommandError(`There is no job #${target} in the queue; it may have been cleared.`);
  return target;
}

export function queueHandlers(ctx: AppContext): Pick<AppHandlers, QueueCommand> {
  const engine = async () => (await ctx.connection()).engine;
  return {
    'queue.list': async () => {
      const { engine: queue } = await ctx.connection();
      return { jobs: queue.list(), totals: ctx.lastTotals(), hold: queue.queueHold ?? null };
    },
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
      if (!connection.engine.forget(checked(connection, jobId) as number))
        throw new AppCommandError(
          `Job #${jobId} has not finished; only a finished upload can be forgotten (cancel it first).`,
        );
    },
    'queue.retarget': async ({ target }) => {
      const connection = await ctx.connection();
      if (!connection.api)
        throw new AppCommandError('No server is set; choose one in Settings before sending jobs to it.');
      return { moved: connection.engine.retarget(checked(connection, target)) };
    },
  };
}

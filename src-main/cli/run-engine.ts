import type { JobView } from '../../src-shared/engine/index.js';
import { RESTING_STATES } from '../../src-shared/engine/index.js';
import { UploadEngine, type EngineOptions } from '../engine/engine.js';
import { describeRunner, QueueBusyError } from '../engine/db/runner-lock.js';
import type { CliContext } from './cli-context.js';
import { describeJob } from './output.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, signInAgain: 3, interrupted: 130 } as const;

/** Opens the engine on the state dir with the CLI's output subscribed. */
export function openEngine(ctx: CliContext, options: Partial<EngineOptions> = {}): UploadEngine {
  const engine = new UploadEngine({
    stateDir: ctx.stateDir,
    api: ctx.api,
    destination: ctx.destination,
    runnerLabel: 'the command-line agent',
    ...options,
  });
  engine.on((event) => ctx.out.event(event));
  return engine;
}

/**
 * Runs the engine until the given jobs settle. Ctrl-C (or SIGTERM) stops cleanly: transfers are aborted,
 * every job stays resumable, and the exit code is 130; a second Ctrl-C exits at once.
 */
export async function runUntilSettled(
  ctx: CliContext,
  engine: UploadEngine,
  jobIds?: number[],
): Promise<number> {
  let interrupted = false;
  let onInterrupt: () => void = () => undefined;
  const interruption = new Promise<undefined>((resolve) => (onInterrupt = () => resolve(undefined)));
  const onSignal = () => {
    if (interrupted) process.exit(EXIT.interrupted);
    interrupted = true;
    ctx.out.info(
      'Stopping… every upload stays resumable: run the same command again, or `pathomiq-uploader run`.',
    );
    onInterrupt();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    try {
      engine.start();
    } catch (error) {
      if (!(error instanceof QueueBusyError)) throw error;
      // The queue is in good hands: the running process picks up what was just queued.
      ctx.out.info(error.message);
      return EXIT.ok;
    }
    const startedAt = Date.now();
    const settled = await Promise.race([engine.whenSettled(jobIds), interruption]);
    // Files other processes queued while this one ran were told it uploads them: finish those too.
    for (let others = queuedMeanwhile(engine, startedAt, jobIds); others.length > 0 && !interrupted;) {
      await Promise.race([engine.whenSettled(others), interruption]);
      others = queuedMeanwhile(engine, startedAt, jobIds);
    }
    await engine.stop();
    ctx.out.finishProgress();
    if (interrupted || !settled) return EXIT.interrupted;
    return summarize(ctx, engine, settled);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function summarize(ctx: CliContext, engine: UploadEngine, jobs: JobView[]): number {
  const failed = jobs.filter((job) => job.state !== 'done');
  const done = jobs.length - failed.length;
  if (engine.queueHold) {
    ctx.out.error(`${engine.queueHold.message}`);
    return EXIT.signInAgain;
  }
  if (failed.length === 0) {
    ctx.out.result(`All ${done} file(s) uploaded.`, { uploaded: jobs });
    return EXIT.ok;
  }
  ctx.out.error(`${failed.length} of ${jobs.length} file(s) not uploaded:`);
  for (const job of failed) ctx.out.error(`  ${describeJob(job)}`);
  if (ctx.out.json)
    ctx.out.result('summary', { uploaded: jobs.filter((job) => job.state === 'done'), notUploaded: failed });
  return EXIT.failed;
}

/** Unfinished jobs another process added after `since` (not among `own`). */
function queuedMeanwhile(engine: UploadEngine, since: number, own: readonly number[] | undefined): number[] {
  return engine
    .list()
    .filter((job) => job.createdAt >= since && !own?.includes(job.id) && !RESTING_STATES.includes(job.state))
    .map((job) => job.id);
}

/** For commands that change jobs: refuses while another process runs the queue (it would undo the change). */
export function refuseWhileRunElsewhere(ctx: CliContext, engine: UploadEngine): number | undefined {
  const holder = engine.runnerElsewhere();
  if (!holder) return undefined;
  ctx.out.error(
    `${describeRunner(holder)} is running this queue; pause, resume, cancel or retry there, or stop it first.`,
  );
  return EXIT.failed;
}

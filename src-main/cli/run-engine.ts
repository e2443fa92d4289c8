import type { JobView, QueueHold } from '../../src-shared/engine/index.js';
import { RESTING_STATES } from '../../src-shared/engine/index.js';
import type { ApiClient } from '../api/index.js';
import { UploadEngine } from '../engine/engine.js';
import type { Destination } from '../engine/destination.js';
import { describeRunnerDestination, QueueBusyError, type QueueRunner } from '../engine/db/runner-lock.js';
import type { CliContext } from './cli-context.js';
import { EXIT } from './exit-codes.js';
import { printSummary, type Ending, type Tally } from './summary.js';

export { EXIT } from './exit-codes.js';

/**
 * A second engine on the state dir's queue, for another server than the app's connection (files handed to the
 * queue of a process that uploads there), with the CLI's output subscribed.
 */
export function openEngineFor(ctx: CliContext, destination: Destination, api: ApiClient): UploadEngine {
  const engine = new UploadEngine({
    stateDir: ctx.stateDir,
    api,
    destination,
    runnerLabel: 'the command-line agent',
  });
  engine.on((event) => ctx.out.event(event));
  return engine;
}

/** "the desktop app (process 4242)", for the middle of a sentence. */
export const runnerName = (holder: QueueRunner): string => `${holder.label} (process ${holder.pid})`;

/** Where the process that runs the queue uploads, for people. */
export const runnerDestination = describeRunnerDestination;

/**
 * Takes the queue of the state dir for this process (the engine starts running what is queued for its server),
 * or names the live process that has it: then this one must not run anything.
 */
export function takeQueue(engine: UploadEngine): { holder: QueueRunner | undefined } {
  try {
    engine.start();
    return { holder: undefined };
  } catch (error) {
    if (error instanceof QueueBusyError) return { holder: error.holder };
    throw error;
  }
}

/** Ctrl-C (or SIGTERM) asks for a clean stop; a second one exits at once. */
export interface StopRequest {
  readonly requested: boolean;
  readonly whenRequested: Promise<void>;
  dispose(): void;
}

export function listenForStop(ctx: CliContext): StopRequest {
  let requested = false;
  let resolve: () => void = () => undefined;
  const whenRequested = new Promise<void>((done) => (resolve = done));
  const onSignal = () => {
    if (requested) process.exit(EXIT.interrupted);
    requested = true;
    ctx.out.info(
      'Stopping… every upload stays resumable: run the same command again, or `pathomiq-uploader run`.',
    );
    resolve();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get requested() {
      return requested;
    },
    whenRequested,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

export interface RunResult {
  /** The given jobs as they ended (or were left, when interrupted). */
  jobs: JobView[];
  interrupted: boolean;
  hold: QueueHold | undefined;
}

/**
 * Runs the started engine until the given jobs settle, then also finishes the jobs for this server that other
 * processes queued since `since` (they were told this process uploads them), and stops the engine. Ctrl-C stops
 * cleanly: transfers are aborted and every job stays resumable.
 */
export async function runUntilSettled(
  engine: UploadEngine,
  jobIds: readonly number[],
  options: { since: number; stop: StopRequest },
): Promise<RunResult> {
  const { stop } = options;
  const interruption = stop.whenRequested.then(() => undefined);
  await Promise.race([engine.whenSettled(jobIds), interruption]);
  for (let others = queuedMeanwhile(engine, options.since, jobIds); others.length > 0 && !stop.requested;) {
    await Promise.race([engine.whenSettled(others), interruption]);
    if (engine.queueHold) break;
    others = queuedMeanwhile(engine, options.since, jobIds);
  }
  await engine.stop();
  const jobs = jobIds.map((id) => engine.get(id)).filter((job): job is JobView => job !== undefined);
  return { jobs, interrupted: stop.requested, hold: engine.queueHold };
}

/**
 * Unfinished jobs for this server that another process added after `since` (not among `own`). Jobs of other
 * servers never run here, so they are not waited for.
 */
function queuedMeanwhile(engine: UploadEngine, since: number, own: readonly number[]): number[] {
  return engine
    .list()
    .filter(
      (job) =>
        job.createdAt >= since &&
        !own.includes(job.id) &&
        !job.elsewhere &&
        !RESTING_STATES.includes(job.state),
    )
    .map((job) => job.id);
}

/**
 * Runs the queue until the tallied jobs settle (or Ctrl-C), then prints the summary: what `upload` and `run` both
 * end with. Returns the exit code.
 */
export async function runAndSummarise(
  ctx: CliContext,
  engine: UploadEngine,
  tally: Tally,
  options: { since: number; stop: StopRequest; ending: Pick<Ending, 'destination' | 'namedFiles'> },
): Promise<number> {
  const run = await runUntilSettled(engine, tally.jobIds, { since: options.since, stop: options.stop });
  ctx.out.finishProgress();
  tally.settle(run.jobs);
  return printSummary(ctx, tally, run.jobs, {
    ...options.ending,
    interrupted: run.interrupted,
    hold: run.hold,
  });
}

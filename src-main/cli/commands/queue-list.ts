import path from 'node:path';
import { SANDBOX_DEFAULT_USER } from '../../../src-shared/app/sandbox-user.js';
import type { QueueRunnerView } from '../../../src-shared/app/results.js';
import type { JobView } from '../../../src-shared/engine/jobs.js';
import { describeDestination, sandboxDestination, serverDestination } from '../../engine/destination.js';
import {
  anyVisibleDeidPlan,
  jobView,
  mapVisibleJobRows,
  type DescribeDeidPlan,
} from '../../engine/db/job-rows.js';
import { backUpQueue, openQueueDatabase } from '../../engine/db/queue-database.js';
import { describeRunner, describeRunnerDestination, RunnerLock } from '../../engine/db/runner-lock.js';
import type { GlobalOptions } from '../cli-context.js';
import { openCliSettings } from '../cli-settings-file.js';
import { EXIT } from '../exit-codes.js';
import { isPlainHttpUrl, rememberGiven, stateDirOf } from '../given-options.js';
import type { Db } from '../../shared/sqlite.js';
import { createOutput, describeJob, isHeld, type Output } from '../output.js';

/**
 * `queue` is run often and on large queues, so it reads the queue without the app: the queue's SQLite (opened as
 * every process opens it: damage checks, migrations, backup), the shared row reader and the job formatter — no
 * engine, API client, zod or sandbox. Anything out of the ordinary (a token option to check, an address or a
 * settings file only the app's schema can judge, no user) goes the app's way, which words it.
 */

/** What `queue` prints: every job with the server it goes to; another server's unfinished jobs are marked held. */
export function printQueue(
  out: Output,
  snapshot: { jobs: readonly JobView[]; runner: QueueRunnerView | null },
  destination: string,
): void {
  const { jobs, runner } = snapshot;
  if (runner) out.info(`${runner.name} is running this queue, uploading to ${runner.destination}.`);
  if (out.json) out.result('jobs', jobs);
  else if (jobs.length === 0) out.result('The queue is empty.');
  else out.resultLines(jobs.map((job) => describeJob(job, { withDestination: true })));
  reportHeld(out, jobs, destination);
}

/** Says which jobs wait for another server, and how to send them to this one (`destination`). */
export function reportHeld(out: Output, jobs: readonly JobView[], destination: string): void {
  const held = jobs.filter(isHeld);
  if (held.length === 0) return;
  out.info(
    `${held.length} job(s) belong to another server and are held: a process uploading there runs them, or ` +
      `\`pathomiq-uploader retarget <job-id|all>\` sends them to ${describeDestination(destination)} instead.`,
  );
}

/**
 * The server and user this run lists the queue for, as the app would choose them (server-choice.ts): the given or
 * remembered server, else the embedded sandbox of the state dir; undefined when only the app can say.
 */
function destinationOf(
  options: GlobalOptions,
  stateDir: string,
): { destination: string; userId: number } | undefined {
  // The token is not needed to list, but a token file or --token on the command line is checked by the app.
  if (options.tokenFile !== undefined || (options.token !== undefined && options.tokenSource === 'cli'))
    return undefined;
  if (options.server !== undefined && !isPlainHttpUrl(options.server)) return undefined;
  const remembered = openCliSettings(stateDir);
  rememberGiven(options, remembered, isPlainHttpUrl);
  const server = remembered.get('server') || undefined;
  if (server !== undefined && !isPlainHttpUrl(server)) return undefined;
  const user = remembered.get('user');
  if (server === undefined)
    return {
      destination: sandboxDestination(path.join(stateDir, 'sandbox')),
      userId: user ?? SANDBOX_DEFAULT_USER,
    };
  // No user for a real server: the app says how to give one.
  return user === undefined ? undefined : { destination: serverDestination(server), userId: user };
}

/** Each job as the UI and CLI see it; a recorded de-identification plan's words load its parser, only then. */
async function viewsOf(db: Db, here: string): Promise<JobView[]> {
  let describeDeidPlan: DescribeDeidPlan = () => '';
  if (anyVisibleDeidPlan(db)) ({ describeDeidPlan } = await import('../../engine/db/deid-summary.js'));
  return mapVisibleJobRows(db, (row) => jobView(row, here, describeDeidPlan));
}

/** `queue` without the app; undefined when this case needs it. */
export async function listQueueFast(given: GlobalOptions): Promise<number | undefined> {
  // An empty PATHOMIQ_SERVER names no server, as if it were not set.
  const options = { ...given, server: given.server?.trim() || undefined };
  const stateDir = stateDirOf(options);
  const chosen = destinationOf(options, stateDir);
  if (!chosen) return undefined;
  const out = createOutput(options.json === true, options.verbose === true);
  const db = openQueueDatabase(stateDir);
  try {
    const holder = new RunnerLock(db, {
      label: 'the command-line agent',
      destination: chosen.destination,
    }).holderElsewhere();
    const runner = holder
      ? { name: describeRunner(holder), destination: describeRunnerDestination(holder) }
      : null;
    printQueue(out, { jobs: await viewsOf(db, chosen.destination), runner }, chosen.destination);
  } finally {
    try {
      backUpQueue(db, stateDir);
    } catch (error) {
      // As the engine says it when it closes the queue.
      out.event({
        type: 'notice',
        level: 'warning',
        message: `The queue could not be backed up: ${(error as Error).message}`,
        jobId: undefined,
      });
    }
    db.close();
  }
  return EXIT.ok;
}

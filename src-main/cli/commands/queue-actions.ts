import { RESTING_STATES } from '../../../src-shared/engine/index.js';
import { describeDestination } from '../../engine/destination.js';
import { describeRunner } from '../../engine/db/runner-lock.js';
import type { CliContext } from '../cli-context.js';
import { describeJob } from '../output.js';
import { EXIT, listenForStop, runnerDestination, runAndSummarise, takeQueue } from '../run-engine.js';
import { Tally } from '../summary.js';
import { printQueue, reportHeld } from './queue-list.js';
import { runWatching } from './watch-action.js';

/** `run`: everything queued for this server, until it settles; with --watch, also the saved watch folders. */
export async function runQueue(ctx: CliContext, options: { watch?: boolean }): Promise<number> {
  if (options.watch) return runWatching(ctx, (service) => service.start());
  const engine = ctx.connection.engine;
  const since = Date.now();
  const { holder } = takeQueue(engine);
  if (holder) {
    ctx.out.info(
      `${describeRunner(holder)} is already running the upload queue in ${ctx.stateDir} and uploads to ${runnerDestination(holder)}; it uploads what is queued for that server.`,
    );
    return EXIT.ok;
  }
  reportHeld(ctx.out, engine.list(), ctx.connection.destination);
  const open = engine.list().filter((job) => !job.elsewhere && !RESTING_STATES.includes(job.state));
  const destination = describeDestination(ctx.connection.destination);
  if (open.length === 0) {
    ctx.out.result(`Nothing queued for ${destination}.`, { jobs: [] });
    return EXIT.ok;
  }
  ctx.out.info(`Resuming ${open.length} job(s) against ${ctx.serverLabel}.`);
  const tally = new Tally();
  for (const job of open) tally.addJob(job.sourcePath, job.id);
  const stop = listenForStop(ctx);
  try {
    return await runAndSummarise(ctx, engine, tally, {
      since,
      stop,
      ending: { destination, namedFiles: false },
    });
  } finally {
    stop.dispose();
  }
}

/** `queue` through the app: for the cases the lean path (queue-list.ts) leaves to it. */
export async function listQueue(ctx: CliContext): Promise<number> {
  printQueue(ctx.out, await ctx.send('queue.list'), ctx.connection.destination);
  return EXIT.ok;
}

/** `pause|resume|cancel|retry <job|all>` through the app's queue commands; prints the jobs as they are now. */
export async function controlJobs(
  ctx: CliContext,
  name: 'pause' | 'resume' | 'cancel' | 'retry',
  target: number | 'all',
): Promise<number> {
  await ctx.send(`queue.${name}`, { target });
  const { jobs } = await ctx.send('queue.list');
  for (const job of jobs.filter((each) => target === 'all' || each.id === target))
    ctx.out.result(describeJob(job), job);
  if (name !== 'pause' && name !== 'cancel')
    ctx.out.info('Run `pathomiq-uploader run` to process the queue.');
  return EXIT.ok;
}

/** `forget <job-id> --yes`: a finished job is forgotten, so the same file is uploaded again when added. */
export async function forgetJob(ctx: CliContext, jobId: number): Promise<number> {
  const job = (await ctx.send('queue.list')).jobs.find((each) => each.id === jobId);
  await ctx.send('queue.forget', { jobId });
  // The app refused an unknown or unfinished job above; what remains is to say what forgetting meant.
  const where = job?.destination ?? 'its server';
  ctx.out.result(
    `Forgot job #${jobId} (${job?.fileName ?? 'a file'}, ${job?.state ?? 'finished'}). ${
      job?.state === 'done'
        ? `The image stays on ${where}; the file is uploaded again if you add it again.`
        : 'Nothing on the server was changed.'
    }`,
    { forgotten: job },
  );
  return EXIT.ok;
}

/** `retarget <job-id|all>`: another server's unfinished jobs start over on this server. */
export async function retargetJobs(ctx: CliContext, target: number | 'all'): Promise<number> {
  const { moved } = await ctx.send('queue.retarget', { target });
  const destination = describeDestination(ctx.connection.destination);
  const jobs = (await ctx.send('queue.list')).jobs.filter((job) =>
    target === 'all' ? !job.elsewhere : job.id === target,
  );
  if (ctx.out.json) ctx.out.result('retargeted', { moved, destination, jobs });
  else
    ctx.out.result(
      moved === 0
        ? `No job of another server to send to ${destination}.`
        : `${moved} job(s) will upload to ${destination} from the start; anything they left on their old server stays there.`,
    );
  if (moved > 0) ctx.out.info('Run `pathomiq-uploader run` to upload them.');
  return EXIT.ok;
}

import { createApiClient } from '../../api/index.js';
import { describeDestination } from '../../engine/destination.js';
import type { UploadEngine } from '../../engine/engine.js';
import { describeRunner, type QueueRunner } from '../../engine/db/runner-lock.js';
import { parseRate } from '../../engine/rate-limiter.js';
import { addCheckedFiles } from '../../intake/add-checked-files.js';
import { qcSlide } from '../../slides/index.js';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../usage-error.js';
import { expandPaths } from '../expand-paths.js';
import { metadataFrom, type MetadataOptions } from '../metadata-options.js';
import {
  EXIT,
  listenForStop,
  openEngineFor,
  runnerDestination,
  runnerName,
  runAndSummarise,
  takeQueue,
} from '../run-engine.js';
import { printSummary, Tally } from '../summary.js';

export interface UploadOptions extends MetadataOptions {
  concurrency?: number;
  partConcurrency?: number;
  partSize?: number;
  limitRate?: string;
  mode?: 'auto' | 'multipart' | 'post';
  force?: boolean;
  check?: boolean;
  toRunningQueue?: boolean;
  deidentify?: boolean;
}

/**
 * The engine stands in for a server it cannot reach itself (the embedded sandbox of another process); adding files
 * only asks a server whether it offers multipart uploads, and copes when it cannot tell.
 */
const UNREACHABLE_URL = 'http://no-server-reachable.invalid';

/**
 * Checks the files as slides and queues those that pass, recording each file's outcome; returns the jobs to
 * wait for. Duplicates and files already uploaded are skipped (unless --force).
 */
async function queueFiles(
  ctx: CliContext,
  engine: UploadEngine,
  files: readonly string[],
  options: UploadOptions,
  tally: Tally,
  since: number,
): Promise<void> {
  const metadata = metadataFrom(ctx.userId, options);
  const results = await addCheckedFiles(
    engine,
    files.map((path) => ({
      path,
      metadata,
      force: options.force === true,
      ...(options.deidentify ? { deidentify: true } : {}),
    })),
    { inspect: (file) => qcSlide(file), skipChecks: options.check === false },
  );
  for (const result of results) {
    if (result.outcome === 'rejected') {
      ctx.out.error(`${result.path}: ${result.message}`);
      tally.add(result.path, 'refused', result.message);
    } else if (result.outcome === 'error') {
      ctx.out.error(`${result.path}: ${result.message}`);
      tally.add(result.path, 'failed', result.message);
    } else if (result.outcome === 'left-for-person') {
      // Only watch folders add automatically; said plainly should that ever change.
      const message = `not queued: job #${result.job.id} for this file is ${result.job.state}; act on it with \`queue\`.`;
      ctx.out.error(`${result.path}: ${message}`);
      tally.add(result.path, 'failed', message, result.job.id);
    } else if (result.outcome === 'duplicate') {
      const message = `the same slide was already uploaded from ${result.job.sourcePath} (use --force to upload it again).`;
      ctx.out.info(`${result.path}: ${message}`);
      tally.add(result.path, 'already-uploaded', message, result.job.id);
    } else if (result.outcome === 'already-uploaded' && (result.job.finishedAt ?? 0) >= since) {
      // Its job was open, and this process's queue finished it while the named files were being checked: this
      // run uploaded it, so it counts as such (not as uploaded before).
      ctx.out.info(`${result.path}: resuming job #${result.job.id}.`);
      tally.addJob(result.path, result.job.id);
    } else if (result.outcome === 'already-uploaded') {
      const message = `already uploaded as image ${result.job.imageUniqueId} (use --force to upload it again).`;
      ctx.out.info(`${result.path}: ${message}`);
      tally.add(result.path, 'already-uploaded', message, result.job.id);
    } else {
      if (result.outcome === 'resumed') ctx.out.info(`${result.path}: resuming job #${result.job.id}.`);
      tally.addJob(result.path, result.job.id);
    }
  }
}

/** This process runs the queue: queue the files, then upload them (and whatever else is queued for this server). */
async function uploadHere(
  ctx: CliContext,
  engine: UploadEngine,
  files: readonly string[],
  options: UploadOptions,
  tally: Tally,
  since: number,
): Promise<number> {
  const stop = listenForStop(ctx);
  try {
    // This process will upload: the HTTP stack, the server's capabilities and the hash worker get ready while
    // the files are checked as slides (nothing about them is sent before they pass).
    engine.warmUp();
    await queueFiles(ctx, engine, files, options, tally, since);
    const destination = describeDestination(ctx.connection.destination);
    ctx.out.info(`Uploading ${tally.jobIds.length} slide(s) to ${ctx.serverLabel} as user ${ctx.userId}.`);
    return await runAndSummarise(ctx, engine, tally, { since, stop, ending: { destination } });
  } finally {
    stop.dispose();
  }
}

/**
 * Another process runs the queue: it uploads whatever is queued there, to its own server. The files are queued
 * for it only when that is where they were meant to go, or when --to-running-queue says so; otherwise nothing
 * is queued and the exit code is {@link EXIT.otherServer}.
 */
async function handToRunner(
  ctx: CliContext,
  engine: UploadEngine,
  holder: QueueRunner,
  files: readonly string[],
  options: UploadOptions,
  tally: Tally,
): Promise<number> {
  const theirs = runnerDestination(holder);
  const ours = describeDestination(ctx.connection.destination);
  const sameServer = holder.destination === ctx.connection.destination;
  if (!sameServer && !options.toRunningQueue) {
    const message =
      `Nothing queued: ${runnerName(holder)} is running the upload queue in ${ctx.stateDir} and uploads to ${theirs}, ` +
      `but these files are for ${ours} (${ctx.destinationSource}). Wait for it to finish or stop it, give this upload ` +
      `another --state-dir, or add --to-running-queue to send them to ${theirs} instead.`;
    if (ctx.out.json)
      process.stdout.write(
        `${JSON.stringify({
          type: 'error',
          code: 'other-server',
          message,
          runner: { pid: holder.pid, label: holder.label, destination: theirs },
          destination: ours,
        })}\n`,
      );
    else ctx.out.error(message);
    ctx.out.summary(`Nothing queued: the running queue uploads to ${theirs}, not to ${ours}.`, {
      ...tally.counts(),
      notQueued: files.length,
      destination: ours,
      exitCode: EXIT.otherServer,
      files: tally.files,
    });
    return EXIT.otherServer;
  }
  let target = engine;
  if (!sameServer && holder.destination !== null) {
    // Queued as the runner's own jobs, so it runs them (and dedupes against what it uploaded before).
    await engine.close();
    const url = holder.destination.startsWith('sandbox:') ? UNREACHABLE_URL : holder.destination;
    target = openEngineFor(
      ctx,
      holder.destination,
      createApiClient({ baseUrl: url, retries: 0, timeoutMs: 5000 }),
    );
  }
  try {
    ctx.out.info(
      `${describeRunner(holder)} is running the upload queue in ${ctx.stateDir} and uploads to ${theirs}: ` +
        `it uploads these files there (follow them with \`pathomiq-uploader queue\`).`,
    );
    await queueFiles(ctx, target, files, options, tally, Date.now());
    const jobs = tally.jobIds.map((id) => target.get(id)).filter((job) => job !== undefined);
    // The runner may have finished meanwhile: then nobody uploads these until the queue runs again.
    const stillRunning = target.runnerElsewhere() !== undefined;
    if (!stillRunning && tally.jobIds.length > 0)
      ctx.out.error(
        `${describeRunner(holder)} stopped running the queue meanwhile; run \`pathomiq-uploader upload\` again (or \`pathomiq-uploader run\`) to upload these files.`,
      );
    for (const result of tally.files) {
      if (result.jobId === null || !tally.jobIds.includes(result.jobId)) continue;
      result.outcome = stillRunning ? 'queued' : 'not-finished';
      if (!stillRunning) result.message = 'queued, but the process that ran the queue has stopped';
    }
    return printSummary(ctx, tally, jobs, {
      queuedFor: runnerName(holder),
      destination: theirs,
    });
  } finally {
    if (target !== engine) await target.close();
  }
}

export async function upload(ctx: CliContext, inputs: string[], options: UploadOptions): Promise<number> {
  const { files: found, problems, unreadable } = await expandPaths(inputs);
  for (const problem of problems) ctx.out.error(problem);
  // A file named twice (or named and inside a named folder) is one file.
  const files = [...new Set(found)];
  if (files.length === 0) throw new UsageError('Nothing to upload: no files found in what was given.');
  const tally = new Tally();
  for (const { path, message } of unreadable) tally.add(path, 'failed', message);
  // The queue of the app's connection (the app chose its server), with this run's transfer options.
  const engine = ctx.connection.engine;
  engine.updateSettings({
    // A number given is what the user wants: no adaptive extra files.
    ...(options.concurrency ? { fileConcurrency: options.concurrency, adaptiveConcurrency: false } : {}),
    ...(options.partConcurrency ? { partConcurrency: options.partConcurrency } : {}),
    ...(options.partSize ? { partSize: options.partSize * 1024 * 1024 } : {}),
    ...(options.limitRate ? { limitRate: parseRate(options.limitRate) } : {}),
    ...(options.mode ? { uploadMode: options.mode } : {}),
  });
  // The queue is taken (or its runner found) before anything is added: files go where this says they go.
  const since = Date.now();
  const { holder } = takeQueue(engine);
  return holder
    ? await handToRunner(ctx, engine, holder, files, options, tally)
    : await uploadHere(ctx, engine, files, options, tally, since);
}

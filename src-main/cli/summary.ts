import type { JobView, QueueHold } from '../../src-shared/engine/index.js';
import type { CliContext } from './cli-context.js';
import { EXIT } from './exit-codes.js';
import { describeJob } from './output.js';

/** What became of one named file (or of one job `run` resumed). */
export type FileOutcome =
  | 'uploaded'
  /** Skipped: this file version, or the same content under another name, was uploaded before. */
  | 'already-uploaded'
  /** Handed to the process that runs the queue, which uploads it. */
  | 'queued'
  /** Refused by slide QC (not a slide, cut short, multi-file): nothing was sent. */
  | 'refused'
  /** Could not be read or queued, or its upload failed. */
  | 'failed'
  /** Paused, cancelled (e.g. in the app's window), interrupted, or held for sign-in: it did not finish. */
  | 'not-finished';

export interface FileResult {
  path: string;
  outcome: FileOutcome;
  jobId: number | null;
  /** Why, for anything but an upload. */
  message: string | null;
}

export type Counts = Record<
  'uploaded' | 'alreadyUploaded' | 'queued' | 'refused' | 'failed' | 'notFinished',
  number
>;

const COUNT_OF: Record<FileOutcome, keyof Counts> = {
  uploaded: 'uploaded',
  'already-uploaded': 'alreadyUploaded',
  queued: 'queued',
  refused: 'refused',
  failed: 'failed',
  'not-finished': 'notFinished',
};

/** The outcomes of one run, in the order files were named; a job's outcome is filled in once it settles. */
export class Tally {
  private readonly results: FileResult[] = [];
  private readonly pendingJobs = new Map<number, FileResult[]>();

  add(path: string, outcome: FileOutcome, message: string | null = null, jobId: number | null = null): void {
    this.results.push({ path, outcome, jobId, message });
  }

  /** A file whose job runs now: its outcome is the job's end state ({@link settle}). */
  addJob(path: string, jobId: number): void {
    const result: FileResult = { path, outcome: 'not-finished', jobId, message: null };
    this.results.push(result);
    this.pendingJobs.set(jobId, [...(this.pendingJobs.get(jobId) ?? []), result]);
  }

  get jobIds(): number[] {
    return [...this.pendingJobs.keys()];
  }

  /** Fills in the outcomes of the jobs as they ended (done, failed, or anything else: not finished). */
  settle(jobs: readonly JobView[]): void {
    for (const job of jobs) {
      for (const result of this.pendingJobs.get(job.id) ?? []) {
        if (job.state === 'duplicate') {
          // Found in the background to be a copy of an earlier upload: skipped, like one known when added.
          result.outcome = 'already-uploaded';
          result.message = `the same slide was already uploaded or queued as job #${job.duplicateOf ?? '?'} (use --force to upload it again).`;
          continue;
        }
        result.outcome =
          job.state === 'done' ? 'uploaded' : job.state === 'failed' ? 'failed' : 'not-finished';
        result.message =
          job.state === 'done'
            ? null
            : (job.error?.message ?? (job.state === 'failed' ? 'failed' : `left ${job.state}`));
      }
    }
  }

  get files(): readonly FileResult[] {
    return this.results;
  }

  counts(): Counts {
    const counts: Counts = {
      uploaded: 0,
      alreadyUploaded: 0,
      queued: 0,
      refused: 0,
      failed: 0,
      notFinished: 0,
    };
    for (const result of this.results) counts[COUNT_OF[result.outcome]] += 1;
    return counts;
  }
}

/**
 * "2 uploaded, 1 already uploaded, 3 refused, 0 failed." — `queuedFor` names the process that runs the queue
 * when the files were handed to it; "not finished" appears only when some are.
 */
export function summaryLine(
  counts: Counts,
  options: { queuedFor?: string; namedFiles?: boolean } = {},
): string {
  const parts =
    options.queuedFor !== undefined
      ? [`${counts.queued} queued for ${options.queuedFor}`]
      : [`${counts.uploaded} uploaded`];
  if (options.namedFiles !== false)
    parts.push(`${counts.alreadyUploaded} already uploaded`, `${counts.refused} refused`);
  parts.push(`${counts.failed} failed`);
  if (counts.notFinished > 0) parts.push(`${counts.notFinished} not finished`);
  return `${parts.join(', ')}.`;
}

export interface Ending {
  /** The engine stopped on Ctrl-C / SIGTERM before the jobs settled. */
  interrupted?: boolean;
  /** The queue is held (a 401: sign in again). */
  hold?: QueueHold | undefined;
  /** The files were handed to the process that runs the queue (named like "the desktop app (process 4242)"). */
  queuedFor?: string;
  /** Where the files go, for people. */
  destination: string;
  /** `run`: no files were named, so "already uploaded" and "refused" do not apply. */
  namedFiles?: boolean;
}

/** The exit code the counts and the ending call for (README "Exit codes"). */
export function exitCodeOf(counts: Counts, ending: Pick<Ending, 'interrupted' | 'hold'>): number {
  if (ending.interrupted) return EXIT.interrupted;
  if (ending.hold?.reason === 'auth') return EXIT.signInAgain;
  return counts.refused + counts.failed + counts.notFinished > 0 ? EXIT.failed : EXIT.ok;
}

/**
 * Ends a run: the jobs that did not upload with their reasons (stderr), then the counts as the last line (and,
 * with --json, the result and a `{"type":"summary"}` line). Returns the exit code.
 */
export function printSummary(
  ctx: CliContext,
  tally: Tally,
  jobs: readonly JobView[],
  ending: Ending,
): number {
  const counts = tally.counts();
  const code = exitCodeOf(counts, ending);
  const unfinished = jobs.filter((job) => job.state !== 'done');
  if (ending.hold) ctx.out.error(ending.hold.message);
  if (ending.queuedFor === undefined && unfinished.length > 0) {
    ctx.out.error(`${unfinished.length} of ${jobs.length} upload(s) did not finish:`);
    for (const job of unfinished) ctx.out.error(`  ${describeJob(job, { verbose: ctx.out.verbose })}`);
  }
  if (ctx.out.json) {
    ctx.out.result('result', {
      uploaded: jobs.filter((job) => job.state === 'done'),
      notUploaded: ending.queuedFor === undefined ? unfinished : [],
      queued: ending.queuedFor === undefined ? [] : jobs,
    });
  }
  const summaryOptions = {
    ...(ending.queuedFor !== undefined ? { queuedFor: ending.queuedFor } : {}),
    ...(ending.namedFiles !== undefined ? { namedFiles: ending.namedFiles } : {}),
  };
  ctx.out.summary(summaryLine(counts, summaryOptions), {
    ...counts,
    destination: ending.destination,
    ...(ending.queuedFor !== undefined ? { queuedFor: ending.queuedFor } : {}),
    exitCode: code,
    files: tally.files,
  });
  return code;
}

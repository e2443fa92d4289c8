import { OPEN_STATES, type EtaState, type JobView, type QueueTotals } from '../../src-shared/engine/index.js';
import { AckCurve, ActiveClock } from './ack-curve.js';

/** What the meter needs of a job: the engine's own view of it, as every job event carries. */
export type MeteredJob = Pick<JobView, 'id' | 'state' | 'size' | 'bytesDone' | 'retryAt' | 'elsewhere'>;

export interface JobRate {
  speed: number | null;
  eta: number | null;
}

interface Meter {
  clock: ActiveClock;
  curve: AckCurve;
}

const newMeter = (): Meter => ({ clock: new ActiveClock(), curve: new AckCurve() });

/** Counts toward the queue here: not another server's job (held), not one that sends nothing. */
const counted = (job: MeteredJob): boolean =>
  !job.elsewhere && job.state !== 'cancelled' && job.state !== 'duplicate';
/** Waiting out a temporary failure: no byte goes anywhere until its retry time. */
const waiting = (job: MeteredJob): boolean => job.retryAt !== null && OPEN_STATES.includes(job.state);
/** Will go on by itself without waiting: what the ETA covers. */
const going = (job: MeteredJob): boolean => counted(job) && OPEN_STATES.includes(job.state) && !waiting(job);
const uploading = (job: MeteredJob): boolean => going(job) && job.state === 'uploading';

/** What {@link QueueThroughput.totals} adds up over the jobs; `goingLeft`: bytes not acknowledged of going jobs. */
interface Sums {
  bytesDone: number;
  bytesTotal: number;
  goingLeft: number;
  goingJobs: number;
  waitingJobs: number;
  pausedJobs: number;
}

const emptySums = (): Sums => ({
  bytesDone: 0,
  bytesTotal: 0,
  goingLeft: 0,
  goingJobs: 0,
  waitingJobs: 0,
  pausedJobs: 0,
});

/** Adds (`sign` 1) or takes back (-1) what one job contributes to the sums. */
function addTo(sums: Sums, job: MeteredJob, sign: 1 | -1): void {
  if (!counted(job)) return;
  const done = job.state === 'done' ? job.size : Math.min(job.bytesDone, job.size);
  sums.bytesTotal += sign * job.size;
  sums.bytesDone += sign * done;
  if (going(job)) {
    sums.goingJobs += sign;
    sums.goingLeft += sign * (job.size - done);
  } else if (waiting(job)) sums.waitingJobs += sign;
  else if (job.state === 'paused') sums.pausedJobs += sign;
}

/**
 * The queue's true speed and ETA: from bytes storage acknowledged (`bytesDone`: parts stored, whole POSTs
 * completed), never from bytes handed to a socket, over the last {@link WINDOW_MS} of upload time. Fed the job
 * views the engine emits; pure and clock-injected (`now`), so tests replay pauses, retries and finishes exactly.
 *
 * - Only time with a job uploading counts, so a pause or a retry wait does not drag the rate down afterwards.
 * - A job's bytes count as they are acknowledged while it uploads; a finished job adds nothing after that, and a
 *   job adopted as already uploaded, or one starting over, moves `bytesDone` without counting.
 * - The ETA covers jobs that go on by themselves (checking, queued, sending); paused jobs and those waiting to
 *   retry are left out, and when only those are left the ETA says so (`etaState`).
 * - The ETA is the bytes not yet sent over that speed. Bytes of parts in flight ({@link sending}) are on their way:
 *   counting them as left would add up to the whole pipeline (part concurrency × part size, 32 MiB by default:
 *   4 s at 8 MiB/s) to every ETA, which matters most near the end. They never enter the speed.
 */
export class QueueThroughput {
  private readonly jobs = new Map<number, MeteredJob>();
  private readonly queue = newMeter();
  private readonly perJob = new Map<number, Meter>();
  private readonly uploadingIds = new Set<number>();
  /** Bytes each running job has handed to the network, acknowledged ones included. */
  private readonly handed = new Map<number, number>();
  /** The totals' sums over every job, kept as jobs change: a tick costs the same on 10 jobs as on 10,000. */
  private readonly sums: Sums = emptySums();

  constructor(private readonly now: () => number = Date.now) {}

  observe(job: MeteredJob): void {
    const now = this.now();
    const before = this.jobs.get(job.id);
    const acked = before && uploading(before) ? job.bytesDone - before.bytesDone : 0;
    if (acked > 0) {
      this.queue.curve.ack(acked, this.queue.clock.at(now));
      const own = this.perJob.get(job.id);
      if (own) own.curve.ack(acked, own.clock.at(now));
    }
    if (before) addTo(this.sums, before, -1);
    this.jobs.set(job.id, { ...job });
    addTo(this.sums, job, 1);
    if (!OPEN_STATES.includes(job.state) || !counted(job)) this.perJob.delete(job.id);
    this.updateClocks(job.id, now);
  }

  /** A running job's bytes handed to the network so far (acknowledged or in flight); undefined: its run ended. */
  sending(jobId: number, bytes: number | undefined): void {
    if (bytes === undefined) this.handed.delete(jobId);
    else this.handed.set(jobId, bytes);
  }

  remove(jobId: number): void {
    const before = this.jobs.get(jobId);
    if (before) addTo(this.sums, before, -1);
    this.jobs.delete(jobId);
    this.handed.delete(jobId);
    this.perJob.delete(jobId);
    this.updateClocks(jobId, this.now());
  }

  /** The queue's numbers right now (counts apart: those come from the database). */
  totals(): Omit<QueueTotals, 'counts'> {
    const now = this.now();
    const { bytesDone, bytesTotal, goingJobs, waitingJobs, pausedJobs } = this.sums;
    // Only running jobs have bytes in flight: a handful, however long the queue.
    let inFlight = 0;
    for (const jobId of this.handed.keys()) {
      const job = this.jobs.get(jobId);
      if (job && going(job)) inFlight += this.inFlight(job);
    }
    const remaining = this.sums.goingLeft - inFlight;
    const speed = this.queue.curve.speed(this.queue.clock.at(now));
    let etaState: EtaState;
    if (goingJobs > 0) etaState = speed !== null ? 'ready' : 'estimating';
    else if (waitingJobs > 0) etaState = 'waiting';
    else if (pausedJobs > 0) etaState = 'paused';
    else etaState = 'idle';
    const ready = etaState === 'ready' && speed !== null;
    return {
      at: now,
      bytesDone,
      bytesTotal,
      speed: ready ? Math.round(speed) : null,
      eta: ready ? Math.round(remaining / speed) : null,
      etaState,
    };
  }

  /** One running job's own speed and time left, by the same rule; nulls while its window holds too little. */
  jobRate(jobId: number): JobRate {
    const job = this.jobs.get(jobId);
    const meter = this.perJob.get(jobId);
    if (!job || !meter || !going(job)) return { speed: null, eta: null };
    const speed = meter.curve.speed(meter.clock.at(this.now()));
    if (speed === null) return { speed: null, eta: null };
    return {
      speed: Math.round(speed),
      eta: Math.round((job.size - job.bytesDone - this.inFlight(job)) / speed),
    };
  }

  /** Bytes of the job handed to the network but not acknowledged yet (never more than it has left). */
  private inFlight(job: MeteredJob): number {
    const handed = Math.min(this.handed.get(job.id) ?? 0, job.size);
    return Math.max(0, handed - Math.max(job.bytesDone, 0));
  }

  /** Starts or stops the clocks of the job just seen and of the queue (upload time only). */
  private updateClocks(jobId: number, now: number): void {
    const job = this.jobs.get(jobId);
    const active = job !== undefined && uploading(job);
    if (active) this.uploadingIds.add(jobId);
    else this.uploadingIds.delete(jobId);
    let meter = this.perJob.get(jobId);
    if (!meter && active) {
      meter = newMeter();
      this.perJob.set(jobId, meter);
    }
    meter?.clock.set(active, now);
    this.queue.clock.set(this.uploadingIds.size > 0, now);
  }
}

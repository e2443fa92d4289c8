import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../src-shared/engine/index.js';
import { QueueThroughput, type MeteredJob } from '../../../src-main/engine/throughput.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB;

/** Within 10 % of the truth, or the second an ETA in whole seconds may be off by. */
const closeTo = (reported: number, actual: number) =>
  expect(Math.abs(reported - actual)).toBeLessThanOrEqual(Math.max(0.1 * actual, 1));

/**
 * A queue on a link of `rate` bytes/s shared evenly by the uploading jobs; storage acknowledges a job's bytes a
 * whole part at a time, as it does. Time is the test's own: the meter reads `clock.now`.
 */
class SimulatedQueue {
  readonly clock = { now: 1_000_000 };
  readonly meter = new QueueThroughput(() => this.clock.now);
  readonly jobs = new Map<number, MeteredJob & { sent: number }>();

  constructor(
    private readonly rate: number,
    sizes: number[],
  ) {
    sizes.forEach((size, index) => this.set({ id: index + 1, state: 'queued', size, bytesDone: 0 }));
  }

  set(patch: Partial<MeteredJob> & { id: number }): void {
    const before = this.jobs.get(patch.id);
    const job = {
      retryAt: null,
      elsewhere: false,
      size: 0,
      bytesDone: 0,
      state: 'queued' as JobState,
      sent: 0,
      ...before,
      ...patch,
    };
    if (patch.bytesDone !== undefined) job.sent = patch.bytesDone;
    this.jobs.set(job.id, job);
    this.meter.observe(job);
    // A run that stops drops its parts in flight (they are sent again).
    if (job.state !== 'uploading' || job.retryAt !== null) this.meter.sending(job.id, undefined);
  }

  private sending(): Array<MeteredJob & { sent: number }> {
    return [...this.jobs.values()].filter((job) => job.state === 'uploading' && job.retryAt === null);
  }

  /** Runs the link for `ms` in 10 ms steps; a job whose last part is acknowledged is done. */
  run(ms: number): void {
    for (let step = 0; step < ms / 10; step += 1) {
      this.clock.now += 10;
      const sending = this.sending();
      for (const job of sending) {
        job.sent = Math.min(job.size, job.sent + (this.rate * 0.01) / sending.length);
        this.meter.sending(job.id, job.sent);
        const acknowledged = job.sent >= job.size ? job.size : Math.floor(job.sent / PART) * PART;
        if (acknowledged > job.bytesDone) {
          this.set({ id: job.id, bytesDone: acknowledged });
          if (acknowledged === job.size) this.set({ id: job.id, state: 'done' });
        }
      }
    }
  }

  /** How long until every uploading job is done, by running a copy of this queue to the end. */
  actualSecondsLeft(): number {
    const copy = new SimulatedQueue(this.rate, []);
    for (const job of this.jobs.values()) copy.jobs.set(job.id, { ...job });
    const start = copy.clock.now;
    while (copy.sending().length > 0) copy.run(10);
    return (copy.clock.now - start) / 1000;
  }
}

const RATE = 4.8e6;

describe('QueueThroughput (speed and ETA from acknowledged bytes, injected clock)', () => {
  it('gives the true total speed and ETA for three files sharing a link, after saying "estimating"', () => {
    const queue = new SimulatedQueue(RATE, [40 * MiB, 80 * MiB, 120 * MiB]);
    expect(queue.meter.totals()).toMatchObject({ etaState: 'estimating', speed: null, eta: null });
    for (const id of [1, 2, 3]) queue.set({ id, state: 'uploading' });
    queue.run(1000);
    // No part acknowledged yet: nothing true to say.
    expect(queue.meter.totals()).toMatchObject({ bytesDone: 0, etaState: 'estimating', speed: null });
    // Storage confirms a part of each file every ~5 s here: five steps make the first estimate.
    queue.run(20_000);
    expect(queue.meter.totals().etaState).toBe('estimating');
    queue.run(7_000);
    for (let sample = 0; sample < 4; sample += 1) {
      const totals = queue.meter.totals();
      expect(totals.etaState).toBe('ready');
      expect(totals.speed! / RATE).toBeGreaterThan(0.95);
      expect(totals.speed! / RATE).toBeLessThan(1.05);
      const actual = queue.actualSecondsLeft();
      closeTo(totals.eta!, actual);
      queue.run(7_000);
    }
  });

  it("does not let a finished file's bytes raise the rate after it finished", () => {
    const queue = new SimulatedQueue(RATE, [16 * MiB, 200 * MiB]);
    queue.set({ id: 1, state: 'uploading' });
    queue.set({ id: 2, state: 'uploading' });
    queue.run(8_000);
    expect(queue.jobs.get(1)!.state).toBe('done');
    queue.run(25_000);
    const totals = queue.meter.totals();
    expect(totals.speed! / RATE).toBeGreaterThan(0.95);
    expect(totals.speed! / RATE).toBeLessThan(1.05);
    expect(totals.bytesDone).toBe(16 * MiB + queue.jobs.get(2)!.bytesDone);
    const actual = queue.actualSecondsLeft();
    closeTo(totals.eta!, actual);
  });

  it('leaves paused time out of the rate and paused files out of the ETA', () => {
    const queue = new SimulatedQueue(RATE, [200 * MiB, 200 * MiB]);
    queue.set({ id: 1, state: 'uploading' });
    queue.set({ id: 2, state: 'uploading' });
    queue.run(20_000);
    const before = queue.meter.totals();

    // Pausing one: it sends nothing and its bytes are no part of the time left.
    queue.set({ id: 2, state: 'paused', bytesDone: queue.jobs.get(2)!.bytesDone });
    queue.run(20_000);
    const onePaused = queue.meter.totals();
    expect(onePaused.speed! / RATE).toBeGreaterThan(0.95);
    const actual = queue.actualSecondsLeft();
    closeTo(onePaused.eta!, actual);

    // Pausing both for a minute: the ETA says paused; the minute does not drag the rate down after resuming.
    queue.set({ id: 1, state: 'paused', bytesDone: queue.jobs.get(1)!.bytesDone });
    expect(queue.meter.totals()).toMatchObject({ etaState: 'paused', speed: null, eta: null });
    const atPause = queue.meter.totals().bytesDone;
    queue.run(60_000);
    expect(queue.meter.totals().bytesDone).toBe(atPause);
    queue.set({ id: 1, state: 'uploading' });
    queue.set({ id: 2, state: 'uploading' });
    queue.run(2_000);
    const resumed = queue.meter.totals();
    expect(resumed.etaState).toBe('ready');
    expect(resumed.speed! / RATE).toBeGreaterThan(0.9);
    expect(before.bytesTotal).toBe(resumed.bytesTotal);
  });

  it('leaves a file waiting to retry out of the ETA, and says "waiting" when only such files are left', () => {
    const queue = new SimulatedQueue(RATE, [200 * MiB, 200 * MiB]);
    queue.set({ id: 1, state: 'uploading' });
    queue.set({ id: 2, state: 'uploading' });
    queue.run(20_000);
    queue.set({ id: 2, retryAt: queue.clock.now + 30_000 });
    queue.run(15_000);
    const oneWaiting = queue.meter.totals();
    expect(oneWaiting.speed! / RATE).toBeGreaterThan(0.95);
    const actual = queue.actualSecondsLeft();
    closeTo(oneWaiting.eta!, actual);

    queue.set({ id: 1, retryAt: queue.clock.now + 30_000 });
    expect(queue.meter.totals()).toMatchObject({ etaState: 'waiting', speed: null, eta: null });
    // The wait is no upload time: after it, the rate is still the link's.
    queue.run(30_000);
    queue.set({ id: 1, retryAt: null });
    queue.set({ id: 2, retryAt: null });
    queue.run(3_000);
    expect(queue.meter.totals().speed! / RATE).toBeGreaterThan(0.9);
  });

  it('counts a POST when storage answers it, not a job adopted as uploaded or one starting over', () => {
    const queue = new SimulatedQueue(RATE, []);
    queue.set({ id: 1, state: 'uploading', size: 30 * MiB, bytesDone: 0 });
    for (let second = 1; second <= 6; second += 1) {
      queue.clock.now += 1000;
      queue.set({ id: 1, state: 'uploading' });
    }
    expect(queue.meter.totals().bytesDone).toBe(0);
    // The POST completed: the whole file is acknowledged as the job moves on to finalizing.
    queue.set({ id: 1, state: 'finalizing', bytesDone: 30 * MiB });
    // Known already uploaded: moved straight to finalizing and done, nothing sent.
    queue.set({ id: 2, state: 'queued', size: 500 * MiB, bytesDone: 0 });
    queue.set({ id: 2, state: 'finalizing', bytesDone: 500 * MiB });
    queue.set({ id: 2, state: 'done' });
    // Starting over: its bytes fall back to 0 and count again only as they are acknowledged again.
    queue.set({ id: 3, state: 'uploading', size: 100 * MiB, bytesDone: 0 });
    queue.run(4_000);
    queue.set({ id: 3, bytesDone: 0 });
    queue.run(12_000);
    const totals = queue.meter.totals();
    expect(totals.bytesDone).toBe(30 * MiB + 500 * MiB + queue.jobs.get(3)!.bytesDone);
    expect(totals.speed! / RATE).toBeLessThan(1.05);
  });

  it("leaves another server's held jobs, cancelled ones and duplicates out", () => {
    const queue = new SimulatedQueue(RATE, []);
    queue.set({ id: 1, state: 'queued', size: 100, elsewhere: true });
    queue.set({ id: 2, state: 'cancelled', size: 100 });
    queue.set({ id: 3, state: 'duplicate', size: 100 });
    queue.set({ id: 4, state: 'done', size: 100, bytesDone: 100 });
    expect(queue.meter.totals()).toMatchObject({ bytesDone: 100, bytesTotal: 100, etaState: 'idle' });
    queue.meter.remove(4);
    expect(queue.meter.totals()).toMatchObject({ bytesDone: 0, bytesTotal: 0 });
  });

  it('gives a running job its own speed and time left by the same rule', () => {
    const queue = new SimulatedQueue(RATE, [200 * MiB, 200 * MiB]);
    queue.set({ id: 1, state: 'uploading' });
    queue.set({ id: 2, state: 'uploading' });
    expect(queue.meter.jobRate(1)).toEqual({ speed: null, eta: null });
    queue.run(30_000);
    const own = queue.meter.jobRate(1);
    expect(own.speed! / (RATE / 2)).toBeGreaterThan(0.95);
    expect(own.speed! / (RATE / 2)).toBeLessThan(1.05);
    const job = queue.jobs.get(1)!;
    expect(own.eta! / ((job.size - job.sent) / (RATE / 2))).toBeGreaterThan(0.9);
  });
});

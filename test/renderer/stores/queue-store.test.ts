import { beforeEach, describe, expect, it } from 'vitest';
import {
  JOB_STATES,
  type JobProgress,
  type JobView,
  type QueueTotals,
} from '../../../src-shared/engine/index.js';
import {
  flushQueueEvents,
  resetQueueStore,
  useQueueStore,
} from '../../../src-renderer/stores/queue-store.js';
import { jobView } from '../../helpers/job-view.js';

const totals = (bytesDone: number): QueueTotals => ({
  at: 0,
  bytesDone,
  bytesTotal: 10_000,
  speed: null,
  eta: null,
  etaState: 'idle',
  counts: Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as QueueTotals['counts'],
});

type QueueEvent =
  | { kind: 'upsert'; job: JobView }
  | { kind: 'remove'; jobId: number }
  | { kind: 'progress'; jobs: JobProgress[]; totals: QueueTotals };

/** The store's rules applied one event at a time, the plain way: what batching must give. */
function oneByOne(start: JobView[], events: QueueEvent[]) {
  const jobs = new Map(start.map((job) => [job.id, job]));
  let order = start.map((job) => job.id);
  const progress: Record<number, JobProgress> = {};
  let lastTotals: QueueTotals | null = null;
  for (const event of events) {
    if (event.kind === 'upsert') {
      if (!jobs.has(event.job.id)) order.push(event.job.id);
      jobs.set(event.job.id, event.job);
    } else if (event.kind === 'remove') {
      if (!jobs.delete(event.jobId)) continue;
      delete progress[event.jobId];
      order = order.filter((id) => id !== event.jobId);
    } else {
      for (const update of event.jobs) progress[update.id] = update;
      lastTotals = event.totals;
    }
  }
  return { jobs: order.map((id) => jobs.get(id)), order, progress, totals: lastTotals };
}

function send(event: QueueEvent): void {
  const store = useQueueStore.getState();
  if (event.kind === 'upsert') store.upsert(event.job);
  else if (event.kind === 'remove') store.remove(event.jobId);
  else store.applyProgress(event.jobs, event.totals);
}

function seen() {
  const { jobs, order, progress, totals, unlisted } = useQueueStore.getState();
  expect(jobs.size).toBe(order.length);
  expect(unlisted).toBe(0);
  return { jobs: order.map((id) => jobs.get(id)), order, progress, totals };
}

/** A small deterministic generator, so a failing sequence is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const load = (jobs: JobView[]) =>
  useQueueStore.getState().load({ jobs, totals: null, hold: null, runner: null });

beforeEach(() => resetQueueStore());

describe('queue store: job events applied together', () => {
  it('applies a burst in one state change, after the burst', async () => {
    load([jobView(1), jobView(2)]);
    let changes = 0;
    const off = useQueueStore.subscribe(() => (changes += 1));
    for (let event = 0; event < 100; event++)
      send({ kind: 'upsert', job: jobView(1 + (event % 2), { bytesDone: event }) });
    expect(useQueueStore.getState().jobs.get(2)?.bytesDone).toBe(0);
    await Promise.resolve(); // no animation frames in Node: the microtask after the burst
    expect(changes).toBe(1);
    expect(useQueueStore.getState().jobs.get(1)?.bytesDone).toBe(98);
    expect(useQueueStore.getState().jobs.get(2)?.bytesDone).toBe(99);
    off();
  });

  it('changes only what the events touched, so selectors of other jobs and the order keep their value', () => {
    load([jobView(1), jobView(2), jobView(100)]);
    const before = useQueueStore.getState();
    send({ kind: 'upsert', job: jobView(1, { state: 'uploading' }) });
    flushQueueEvents();
    const after = useQueueStore.getState();
    expect(after.jobs).not.toBe(before.jobs);
    expect(after.jobs.get(2)).toBe(before.jobs.get(2));
    expect(after.jobs.get(100)).toBe(before.jobs.get(100));
    expect(after.order).toBe(before.order);
    expect(after.progress).toBe(before.progress);
  });

  it('keeps the order of the events: upsert then remove, remove then upsert, progress of a removed job', () => {
    const start = [jobView(1), jobView(2), jobView(3)];
    load(start);
    const events: QueueEvent[] = [
      { kind: 'upsert', job: jobView(4) },
      { kind: 'remove', jobId: 4 }, // added and removed in one burst: never shown
      { kind: 'remove', jobId: 1 },
      { kind: 'upsert', job: jobView(1, { state: 'queued' }) }, // back: at the end, as one by one
      {
        kind: 'progress',
        jobs: [{ id: 2, bytesSent: 10, size: 1000, speed: 1, eta: 9 }],
        totals: totals(10),
      },
      { kind: 'remove', jobId: 2 }, // its progress goes with it
      {
        kind: 'progress',
        jobs: [{ id: 2, bytesSent: 20, size: 1000, speed: 1, eta: 9 }],
        totals: totals(20),
      },
      { kind: 'remove', jobId: 99 }, // never listed: nothing happens
    ];
    for (const event of events) send(event);
    flushQueueEvents();
    expect(seen()).toEqual(oneByOne(start, events));
    expect(useQueueStore.getState().order).toEqual([3, 1]);
  });

  it('gives what applying each event in turn gives, over many random bursts', () => {
    const next = random(12);
    const start = Array.from({ length: 80 }, (_, index) => jobView(index + 1));
    load(start);
    const all: QueueEvent[] = [];
    for (let burst = 0; burst < 40; burst++) {
      const size = 1 + Math.floor(next() * 60);
      for (let index = 0; index < size; index++) {
        const id = 1 + Math.floor(next() * 120);
        const roll = next();
        const event: QueueEvent =
          roll < 0.5
            ? { kind: 'upsert', job: jobView(id, { bytesDone: all.length }) }
            : roll < 0.8
              ? { kind: 'remove', jobId: id }
              : {
                  kind: 'progress',
                  jobs: [{ id, bytesSent: all.length, size: 1000, speed: 1, eta: 1 }],
                  totals: totals(all.length),
                };
        all.push(event);
        send(event);
      }
      flushQueueEvents();
      expect(seen()).toEqual(oneByOne(start, all));
    }
  });

  it('applies events received before a move first, so the move sees the job they added', () => {
    load([jobView(1), jobView(2)]);
    send({ kind: 'upsert', job: jobView(3) });
    useQueueStore.getState().move(3, 1);
    expect(useQueueStore.getState().order).toEqual([3, 1, 2]);
  });
});

describe('queue store: the list by page', () => {
  const page = (jobs: JobView[], order: number[]) => ({
    jobs,
    order,
    totals: null,
    hold: null,
    runner: null,
  });

  it('counts the whole list from the first page and names the jobs still to fetch, in queue order', () => {
    const store = useQueueStore.getState();
    const token = store.beginLoad();
    expect(store.loadFirstPage(token, page([jobView(5), jobView(3)], [5, 3, 9, 1, 7]))).toBe(true);
    const state = useQueueStore.getState();
    expect(state).toMatchObject({ loaded: true, order: [5, 3, 9, 1, 7], unlisted: 3 });
    expect(store.unlistedIds(2)).toEqual([9, 1]);
    expect(store.mergePage(token, [9, 1, 7], [jobView(1), jobView(9), jobView(7)])).toBe(true);
    expect(useQueueStore.getState()).toMatchObject({ order: [5, 3, 9, 1, 7], unlisted: 0 });
    expect(useQueueStore.getState().jobs.size).toBe(5);
  });

  it('keeps a job as an event left it over an older page, and a removed job out', () => {
    const store = useQueueStore.getState();
    const token = store.beginLoad();
    store.loadFirstPage(token, page([jobView(1)], [1, 2, 3, 4]));
    // Between the first page and the last: job 3 finishes, job 4 is removed, job 2's page row is current.
    send({ kind: 'upsert', job: jobView(3, { state: 'done' }) });
    send({ kind: 'remove', jobId: 4 });
    flushQueueEvents();
    expect(useQueueStore.getState()).toMatchObject({ order: [1, 2, 3], unlisted: 1 });
    // The page was read before both changes.
    store.mergePage(token, [2, 3, 4], [jobView(2, { state: 'paused' }), jobView(3), jobView(4)]);
    const state = useQueueStore.getState();
    expect(state.order).toEqual([1, 2, 3]);
    expect(state.unlisted).toBe(0);
    expect(state.jobs.get(3)?.state).toBe('done');
    expect(state.jobs.get(2)?.state).toBe('paused');
    expect(state.jobs.has(4)).toBe(false);
  });

  it('applies events received before the page arrives, and ones not yet applied when it does', () => {
    load([jobView(1), jobView(2), jobView(3)]);
    const store = useQueueStore.getState();
    const token = store.beginLoad();
    send({ kind: 'upsert', job: jobView(2, { state: 'failed' }) });
    send({ kind: 'remove', jobId: 3 });
    flushQueueEvents();
    send({ kind: 'upsert', job: jobView(8) }); // added after the page was read; still pending when it arrives
    store.loadFirstPage(token, page([jobView(1), jobView(2), jobView(3)], [1, 2, 3, 6]));
    const state = useQueueStore.getState();
    expect(state.order).toEqual([1, 2, 6, 8]);
    expect(state.unlisted).toBe(1);
    expect(state.jobs.get(2)?.state).toBe('failed');
    expect(state.jobs.has(3)).toBe(false);
  });

  it('lets a job the list is still fetching be updated, removed, or moved by events', () => {
    const store = useQueueStore.getState();
    const token = store.beginLoad();
    store.loadFirstPage(token, page([jobView(1)], [1, 2, 3, 4]));
    send({ kind: 'upsert', job: jobView(2, { state: 'uploading' }) }); // not a new job: keeps its place
    send({ kind: 'remove', jobId: 3 });
    send({ kind: 'upsert', job: jobView(3) }); // back again: at the end
    flushQueueEvents();
    expect(useQueueStore.getState()).toMatchObject({ order: [1, 2, 4, 3], unlisted: 1 });
    store.move(4, 1);
    expect(useQueueStore.getState().order).toEqual([4, 1, 2, 3]);
    expect(store.unlistedIds(10)).toEqual([4]);
  });

  it('drops ids a page did not answer (cleared meanwhile), so no row waits for ever', () => {
    const store = useQueueStore.getState();
    const token = store.beginLoad();
    store.loadFirstPage(token, page([jobView(1)], [1, 2, 3]));
    store.mergePage(token, [2, 3], [jobView(3)]);
    expect(useQueueStore.getState()).toMatchObject({ order: [1, 3], unlisted: 0 });
  });

  it('ignores the pages of a load a newer one (or a whole list) replaced', () => {
    const store = useQueueStore.getState();
    const older = store.beginLoad();
    const newer = store.beginLoad();
    expect(store.loadFirstPage(older, page([jobView(1)], [1, 2]))).toBe(false);
    expect(store.loadFirstPage(newer, page([jobView(5)], [5, 6]))).toBe(true);
    load([jobView(9)]);
    expect(store.mergePage(newer, [6], [jobView(6)])).toBe(false);
    expect(useQueueStore.getState()).toMatchObject({ order: [9], unlisted: 0 });
  });
});

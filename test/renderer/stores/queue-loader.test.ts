import { beforeEach, describe, expect, it } from 'vitest';
import type { CommandArgs, QueueSnapshot } from '../../../src-shared/app/index.js';
import type { JobView } from '../../../src-shared/engine/index.js';
import { FIRST_PAGE, LATER_PAGE, loadQueue } from '../../../src-renderer/stores/queue-loader.js';
import { resetQueueStore, useQueueStore } from '../../../src-renderer/stores/queue-store.js';
import { routeEvent } from '../../../src-renderer/stores/event-router.js';
import { jobView } from '../../helpers/job-view.js';

/**
 * An uploader's queue as `queue.list { first }` and `queue.jobs` answer it, where the test changes jobs between
 * pages: each change is an event the window gets before the next page, and the pages answer what was read
 * before it (the older state), as a page read just before the change would.
 */
function pagedQueue(count: number) {
  let jobs = new Map<number, JobView>(
    Array.from({ length: count }, (_, index) => [index + 1, jobView(index + 1)]),
  );
  const calls: string[] = [];
  let beforePage: Array<() => void> = [];
  const send = (name: string, args?: unknown): Promise<unknown> => {
    calls.push(name);
    const read = new Map(jobs); // what the page reads...
    beforePage.shift()?.(); // ...and what changes before it arrives
    if (name === 'queue.list') {
      const { first } = args as CommandArgs<'queue.list'> & { first: number };
      const snapshot: QueueSnapshot = {
        jobs: [...read.values()].slice(0, first),
        order: [...read.keys()],
        totals: null,
        hold: null,
        runner: null,
      };
      return Promise.resolve(snapshot);
    }
    const { ids } = args as CommandArgs<'queue.jobs'>;
    return Promise.resolve(ids.flatMap((id) => read.get(id) ?? []));
  };
  return {
    client: { send } as unknown as Parameters<typeof loadQueue>[0],
    calls,
    /** Runs before the next answers, one change per answer. */
    changes(...next: Array<() => void>) {
      beforePage = next;
    },
    update(job: JobView) {
      jobs.set(job.id, job);
      routeEvent({ type: 'job-updated', job, change: 'state' });
    },
    remove(id: number) {
      jobs = new Map([...jobs].filter(([each]) => each !== id));
      routeEvent({ type: 'job-removed', jobId: id });
    },
  };
}

beforeEach(() => resetQueueStore());

describe('loadQueue', () => {
  it('shows the first page counted whole, then fetches the rest by id until every job is there', async () => {
    const count = FIRST_PAGE + 2 * LATER_PAGE + 50;
    const queue = pagedQueue(count);
    const seenAfterFirst: Array<{ listed: number; jobs: number }> = [];
    const off = useQueueStore.subscribe((state) => {
      if (seenAfterFirst.length === 0 && state.loaded)
        seenAfterFirst.push({ listed: state.order.length, jobs: state.jobs.size });
    });
    await loadQueue(queue.client);
    off();
    expect(seenAfterFirst).toEqual([{ listed: count, jobs: FIRST_PAGE }]);
    expect(queue.calls).toEqual(['queue.list', 'queue.jobs', 'queue.jobs', 'queue.jobs']);
    const state = useQueueStore.getState();
    expect(state.order).toEqual(Array.from({ length: count }, (_, index) => index + 1));
    expect(state.jobs.size).toBe(count);
    expect(state.unlisted).toBe(0);
  });

  it('keeps what events say over pages read before them: a finished job stays finished, a removed one gone', async () => {
    const count = FIRST_PAGE + 2 * LATER_PAGE;
    const queue = pagedQueue(count);
    const late = count - 10; // on the third page
    const removed = count - 5;
    // While the third page (read before them) is on its way.
    queue.changes(
      () => undefined,
      () => undefined,
      () => {
        queue.update(jobView(late, { state: 'done' }));
        queue.remove(removed);
      },
    );
    await loadQueue(queue.client);
    const state = useQueueStore.getState();
    expect(state.jobs.get(late)?.state).toBe('done');
    expect(state.jobs.has(removed)).toBe(false);
    expect(state.order).not.toContain(removed);
    expect(state.order).toHaveLength(count - 1);
    expect(state.unlisted).toBe(0);
  });

  it('asks again for a later page that failed once, and the list fills in', async () => {
    const count = FIRST_PAGE + 30;
    const queue = pagedQueue(count);
    let failures = 1;
    const flaky = {
      send: (name: string, args?: unknown) => {
        if (name === 'queue.jobs' && failures-- > 0) return Promise.reject(new Error('the link dropped'));
        return (queue.client.send as (name: string, args?: unknown) => Promise<unknown>)(name, args);
      },
    } as unknown as Parameters<typeof loadQueue>[0];
    await loadQueue(flaky);
    const state = useQueueStore.getState();
    expect(state.jobs.size).toBe(count);
    expect(state.unlisted).toBe(0);
    expect(state.loadError).toBeNull();
  });
});

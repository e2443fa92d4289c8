import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  AppClient,
  AppEvent,
  AppStatus,
  CommandName,
  QueueSnapshot,
} from '../../../src-shared/app/index.js';
import { connectStores, serverChanged } from '../../../src-renderer/stores/connect-stores.js';
import { resetQueueStore, useQueueStore } from '../../../src-renderer/stores/queue-store.js';
import { resetStatusStore } from '../../../src-renderer/stores/status-store.js';
import { resetWatchStore } from '../../../src-renderer/stores/watch-store.js';
import { alwaysOpen } from '../../../src-renderer/platform/connection.js';
import { jobView } from '../../helpers/job-view.js';

const A = 'http://127.0.0.1:4010';
const B = 'http://127.0.0.1:4020';

function status(url: string, sandbox = false): AppStatus {
  return {
    version: '0.1.0',
    host: 'browser',
    server: { label: sandbox ? 'Embedded sandbox (test data only)' : url, url, sandbox },
    userId: 19,
    hold: null,
    problem: null,
  };
}

/** A client that answers from `answers` and lets the test send events; records the commands it got. */
function fakeClient(answers: { status: AppStatus; queue: () => QueueSnapshot }) {
  let listener: ((event: AppEvent) => void) | undefined;
  const calls: CommandName[] = [];
  const results: Partial<Record<CommandName, () => unknown>> = {
    'app.status': () => answers.status,
    'settings.get': () => Promise.reject(new Error('not needed')),
    'queue.list': answers.queue,
    'watch.list': () => [],
  };
  const client = {
    send: (name: CommandName) => {
      calls.push(name);
      return Promise.resolve(results[name]?.());
    },
    on: (next: (event: AppEvent) => void) => {
      listener = next;
      return () => (listener = undefined);
    },
  } as unknown as AppClient;
  return { client, calls, emit: (event: AppEvent) => listener?.(event) };
}

beforeEach(() => {
  resetQueueStore();
  resetStatusStore();
  resetWatchStore();
});

describe('serverChanged', () => {
  it('is true only when the app talks to another server than before', () => {
    expect(serverChanged(null, status(A))).toBe(false);
    expect(serverChanged(status(A), { ...status(A), userId: 20 })).toBe(false);
    expect(serverChanged(status(A), status(B))).toBe(true);
    expect(serverChanged(status(A), status(A, true))).toBe(true);
  });
});

describe('connectStores', () => {
  it("lists the queue afresh when the server changes, so each job's held mark is current", async () => {
    let elsewhere = false;
    const fake = fakeClient({
      status: status(A),
      queue: () => ({
        jobs: [jobView(1, { destination: A, elsewhere })],
        totals: null,
        hold: null,
        runner: null,
      }),
    });
    const off = connectStores(fake.client, alwaysOpen);
    await vi.waitFor(() => expect(useQueueStore.getState().loaded).toBe(true));
    expect(useQueueStore.getState().jobs.get(1)?.elsewhere).toBe(false);

    // A status change that keeps the server (e.g. a hold) does not list the queue again.
    fake.emit({ type: 'status-changed', status: { ...status(A), userId: 19 } });
    expect(fake.calls.filter((name) => name === 'queue.list')).toHaveLength(1);

    elsewhere = true;
    fake.emit({ type: 'status-changed', status: status(B) });
    await vi.waitFor(() => expect(useQueueStore.getState().jobs.get(1)?.elsewhere).toBe(true));
    expect(fake.calls.filter((name) => name === 'queue.list')).toHaveLength(2);
    off();
  });
});

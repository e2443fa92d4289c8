import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOB_STATES, type EngineEvent, type JobState } from '../../../src-shared/engine/index.js';
import { queueMigrations } from '../../../src-main/engine/db/migrations.js';
import { JobStore } from '../../../src-main/engine/job-store.js';
import { IllegalTransition, JOB_TRANSITIONS } from '../../../src-main/engine/job-transitions.js';
import { openDatabase, type Db } from '../../../src-main/shared/sqlite.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const SERVER = 'http://127.0.0.1:4010';

describe('job store: the one writer of job rows', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db;
  let events: EngineEvent[];
  let store: JobStore;
  beforeEach(async () => {
    temp = await makeTempDir();
    db = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    events = [];
    store = new JobStore(db, SERVER, (event) => events.push(event));
  });
  afterEach(async () => {
    db.close();
    await temp.cleanup();
  });
  const addJob = (state?: 'queued' | 'checking') =>
    store.add([
      {
        sourcePath: `/slides/${events.length}.svs`,
        fileName: 'a.svs',
        size: 10,
        mtimeMs: 1,
        metadata: { userid: 19 },
        server: SERVER,
        ...(state ? { state } : {}),
      },
    ])[0]!;

  it('moves a job only along the declared table, commits and announces each change', () => {
    const job = addJob();
    expect(events).toEqual([
      { type: 'job-added', job: expect.objectContaining({ id: job.id, state: 'queued' }) },
    ]);
    const moved = store.transition(job.id, ['queued'], 'registering', { registering_since: 5 });
    expect(moved).toMatchObject({ state: 'registering', registering_since: 5 });
    expect(events.at(-1)).toMatchObject({
      type: 'job-updated',
      change: 'state',
      job: { state: 'registering' },
    });
    // What the database holds, read back by a second connection: committed.
    const other = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    expect(other.prepare('SELECT state, registering_since FROM jobs WHERE id = ?').get(job.id)).toEqual({
      state: 'registering',
      registering_since: 5,
    });
    other.close();
    // Straight to done is not a step the table has: only finalizing (verified, "Uploaded") leads there.
    expect(() => store.transition(job.id, ['registering'], 'done')).toThrow(IllegalTransition);
    expect(store.get(job.id)).toMatchObject({ state: 'registering' });
  });

  it('writes nothing when the job is no longer in the state the caller expects (paused meanwhile)', () => {
    const job = addJob();
    store.transition(job.id, ['queued'], 'uploading');
    store.transition(job.id, ['uploading'], 'paused');
    const before = events.length;
    expect(store.transition(job.id, ['uploading'], 'finalizing', { sha256: 'abc' })).toBeUndefined();
    expect(store.get(job.id)).toMatchObject({ state: 'paused', sha256: null });
    expect(events).toHaveLength(before);
  });

  it('never lets a patch carry a state past the table', () => {
    const job = addJob();
    store.record(job.id, { bytes_done: 4, ...({ state: 'done' } as object) });
    expect(store.get(job.id)).toMatchObject({ state: 'queued', bytes_done: 4 });
    expect(events.at(-1)).toMatchObject({ type: 'job-updated', change: 'facts' });
  });

  it('announces errors, hiding and removal too', () => {
    const job = addJob();
    store.setError(job.id, { message: 'The network went away.', kind: 'network', retryable: true }, 99);
    expect(events.at(-1)).toMatchObject({
      change: 'error',
      job: { error: { kind: 'network' }, retryAt: 99 },
    });
    store.hide(job.id);
    expect(events.at(-1)).toEqual({ type: 'job-removed', jobId: job.id });
    expect(store.visible()).toEqual([]);
    store.remove(job.id);
    expect(store.get(job.id)).toBeUndefined();
  });

  it('done is final, and a finished job returns to the queue only by a person (retry, upload anyway)', () => {
    expect(JOB_TRANSITIONS.done).toEqual([]);
    const toDone = JOB_STATES.filter((from) => JOB_TRANSITIONS[from].includes('done'));
    expect(toDone).toEqual(['finalizing']);
    const finished: JobState[] = ['failed', 'cancelled', 'duplicate', 'paused'];
    for (const from of finished)
      expect(JOB_TRANSITIONS[from].every((to) => ['queued', 'checking', 'cancelled'].includes(to))).toBe(
        true,
      );
    // A job being checked cannot be paused: resuming it would skip the check.
    expect(JOB_TRANSITIONS.checking).not.toContain('paused');
  });

  it('keeps the failure counters in the row (they survive a restart)', () => {
    const job = addJob();
    store.setError(job.id, null, null, { source_restarts: 2, attempts: 3 });
    db.close();
    db = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    store = new JobStore(db, SERVER, () => undefined);
    expect(store.get(job.id)).toMatchObject({ source_restarts: 2, attempts: 3 });
  });
});

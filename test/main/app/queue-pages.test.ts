import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openQueueDatabase } from '../../../src-main/engine/db/queue-database.js';
import { JobStore } from '../../../src-main/engine/job-store.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { startTestApp, type TestApp } from './app-harness.js';

/** Jobs of a server the app is not set to: they stay in the queue, held, and nothing uploads. */
const OTHER_SERVER = 'https://queue-pages.example/api';
const JOBS = 25;

/**
 * `count` jobs written by the engine's own job store into the queue of `stateDir`: the ids listed, in queue order,
 * and one cleared from the view.
 */
function seedQueue(stateDir: string, count: number): { ids: number[]; hidden: number } {
  const db = openQueueDatabase(stateDir);
  try {
    const store = new JobStore(db, OTHER_SERVER, () => undefined);
    store.add(
      Array.from({ length: count }, (_, index) => ({
        sourcePath: `/scans/CASE-${index}.svs`,
        fileName: `CASE-${index}.svs`,
        size: 1000 + index,
        mtimeMs: 1,
        metadata: { userid: 19 },
        server: OTHER_SERVER,
      })),
    );
    const ids = store.visible().map((row) => row.id);
    // One cleared from the view ("Clear finished" hides finished jobs): no page may list it.
    db.prepare('UPDATE jobs SET hidden = 1 WHERE id = ?').run(ids[3]);
    return { ids: ids.filter((_, index) => index !== 3), hidden: ids[3]! };
  } finally {
    db.close();
  }
}

describe('app service: the queue listed by page', () => {
  let app: TestApp;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let ids: number[];
  let hidden: number;

  beforeAll(async () => {
    temp = await makeTempDir('pathomiq-queue-pages-');
    ({ ids, hidden } = seedQueue(temp.dir, JOBS));
    app = await startTestApp({
      stateDir: temp.dir,
      stored: { useSandbox: false, serverUrl: '', userId: 19 },
    });
  });
  afterAll(async () => {
    await app?.dispose();
    await temp?.cleanup();
  });

  it('answers the first jobs in queue order and the id of every job, as the whole list has them', async () => {
    const whole = await app.send('queue.list');
    expect(whole.order).toBeUndefined();
    expect(whole.jobs.map((job) => job.id)).toEqual(ids);

    const first = await app.send('queue.list', { first: 5 });
    expect(first.order).toEqual(ids);
    expect(first.jobs).toEqual(whole.jobs.slice(0, 5));
    expect(first).toMatchObject({ hold: whole.hold, totals: whole.totals, runner: null });
  });

  it('follows a move: the ids come in the new queue order', async () => {
    const last = ids.at(-1)!;
    await app.send('queue.move', { jobId: last, beforeJobId: ids[0]! });
    const first = await app.send('queue.list', { first: 1 });
    expect(first.order).toEqual([last, ...ids.slice(0, -1)]);
    expect(first.jobs.map((job) => job.id)).toEqual([last]);
  });

  it('answers jobs by id, leaving out those no longer listed', async () => {
    const whole = await app.send('queue.list');
    const asked = [ids[10]!, 999_999, ids[2]!];
    const jobs = await app.send('queue.jobs', { ids: asked });
    expect(jobs.map((job) => job.id).sort((a, b) => a - b)).toEqual(
      [ids[2]!, ids[10]!].sort((a, b) => a - b),
    );
    for (const job of jobs) expect(job).toEqual(whole.jobs.find((each) => each.id === job.id));
    expect(await app.send('queue.jobs', { ids: [hidden] })).toEqual([]);
  });

  it('refuses pages that are empty, too large, or arguments it does not know', async () => {
    for (const args of [{ first: 0 }, { first: 5001 }, { first: 5, all: true }, { all: true }])
      expect(await app.dispatch('queue.list', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-args' },
      });
    for (const args of [{ ids: [] }, { ids: [-1] }, undefined])
      expect(await app.dispatch('queue.jobs', args)).toMatchObject({
        ok: false,
        error: { code: 'invalid-args' },
      });
  });
});

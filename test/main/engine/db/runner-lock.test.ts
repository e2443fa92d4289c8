import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueMigrations } from '../../../../src-main/engine/db/migrations.js';
import { RunnerLock } from '../../../../src-main/engine/db/runner-lock.js';
import { openDatabase, type Db } from '../../../../src-main/shared/sqlite.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

describe('RunnerLock (one runner per queue, across processes)', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const open: Db[] = [];
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    for (const db of open.splice(0)) db.close();
    await temp.cleanup();
  });

  /** Each lock on its own connection to one file, as two processes would have. */
  const lock = (label: string, options: Partial<ConstructorParameters<typeof RunnerLock>[1]> = {}) => {
    const db = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    open.push(db);
    return new RunnerLock(db, { label, destination: 'http://127.0.0.1:4010', ...options });
  };

  it('lets one runner in and names it to the next; after release the next gets in', () => {
    const app = lock('the desktop app');
    const agent = lock('the command-line agent');
    expect(app.acquire()).toEqual({ ok: true });
    expect(agent.acquire()).toEqual({
      ok: false,
      holder: {
        pid: process.pid,
        label: 'the desktop app',
        startedAt: expect.any(Number),
        destination: 'http://127.0.0.1:4010',
      },
    });
    expect(agent.holderElsewhere()).toMatchObject({ label: 'the desktop app' });
    expect(app.holderElsewhere()).toBeUndefined();
    app.release();
    expect(agent.acquire()).toEqual({ ok: true });
  });

  it('takes over from a runner whose process is gone or whose heartbeat stopped', () => {
    let now = 1_000_000;
    const crashed = lock('the command-line agent', { now: () => now });
    expect(crashed.acquire().ok).toBe(true);
    expect(lock('the app', { now: () => now, isAlive: () => false }).acquire().ok).toBe(true);

    const sleeper = lock('the desktop app', { now: () => now });
    const next = lock('the agent', { now: () => now });
    expect(sleeper.acquire().ok).toBe(false); // "the app" above still holds it, and its pid is alive
    now += 29_000;
    expect(next.acquire().ok).toBe(false);
    now += 2_000; // past 30 s without a heartbeat
    expect(next.acquire().ok).toBe(true);
    next.heartbeat();
    now += 20_000;
    expect(sleeper.acquire().ok).toBe(false);
  });
});

import { existsSync, openSync, writeSync, closeSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../../src-main/api/index.js';
import { serverDestination } from '../../../../src-main/engine/destination.js';
import { UploadEngine } from '../../../../src-main/engine/engine.js';
import { QueueDamagedError, QUEUE_BACKUP_FILE } from '../../../../src-main/engine/db/queue-database.js';
import { examineQueue, restoreQueueBackup } from '../../../../src-main/engine/db/queue-doctor.js';
import { JobStore } from '../../../../src-main/engine/job-store.js';
import { StateDirError } from '../../../../src-main/shared/state-dir.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';

const SERVER = 'http://127.0.0.1:9';

/** An engine that is never started: opening the queue is all these tests need of it. */
const openEngine = (stateDir: string) =>
  new UploadEngine({
    stateDir,
    api: createApiClient({ baseUrl: SERVER }),
    destination: serverDestination(SERVER),
  });

describe('a queue database that survives damage', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let stateDir: string;
  beforeEach(async () => {
    temp = await makeTempDir();
    stateDir = path.join(temp.dir, 'state');
  });
  afterEach(() => temp.cleanup());

  /** A queue holding `count` uploads, closed (and so backed up). */
  async function queueWith(count: number): Promise<string> {
    const engine = openEngine(stateDir);
    const store = new JobStore(engine.database, serverDestination(SERVER), () => undefined);
    store.add(
      Array.from({ length: count }, (_, i) => ({
        sourcePath: `/slides/case-${i}-${'x'.repeat(200)}.svs`,
        fileName: `case-${i}.svs`,
        size: 1000 + i,
        mtimeMs: i,
        metadata: { userid: 19 },
        server: serverDestination(SERVER),
      })),
    );
    await engine.close();
    return path.join(stateDir, 'queue.sqlite');
  }

  it('refuses a queue truncated to 0 bytes instead of starting empty over it, and leaves it as it was', async () => {
    const file = await queueWith(3);
    truncateSync(file, 0);
    expect(() => openEngine(stateDir)).toThrow(QueueDamagedError);
    expect(() => openEngine(stateDir)).toThrow(/0 bytes.*doctor.*--restore/s);
    expect(statSync(file).size).toBe(0);
  });

  it('refuses a queue with a corrupted page, and the doctor restores the last healthy copy', async () => {
    const file = await queueWith(400);
    const handle = openSync(file, 'r+');
    writeSync(handle, Buffer.alloc(4096, 0xa5), 0, 4096, 4096 * 3);
    closeSync(handle);
    expect(() => openEngine(stateDir)).toThrow(QueueDamagedError);

    const health = examineQueue(stateDir);
    expect(health.queue.damage).not.toBeNull();
    expect(health.backup).toMatchObject({ exists: true, damage: null, jobs: { queued: 400 } });
    const { keptAs, restored } = restoreQueueBackup(stateDir);
    expect(restored).toMatchObject({ damage: null, jobs: { queued: 400 } });
    expect(keptAs && existsSync(keptAs)).toBe(true); // the damaged file is kept, renamed, never deleted
    const engine = openEngine(stateDir);
    expect(engine.list()).toHaveLength(400);
    await engine.close();
  });

  it('refuses a file that is not a database, without a backup saying how to start afresh', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(stateDir);
    writeFileSync(path.join(stateDir, 'queue.sqlite'), 'not a database at all, just text');
    expect(() => openEngine(stateDir)).toThrow(/not an SQLite database.*no backup/s);
    expect(existsSync(path.join(stateDir, QUEUE_BACKUP_FILE))).toBe(false);
  });

  it('refuses a state dir that cannot hold a queue at once: a file, or the kernel’s /proc', async () => {
    const aFile = path.join(temp.dir, 'a-file');
    writeFileSync(aFile, '');
    expect(() => openEngine(path.join(aFile, 'state'))).toThrow(StateDirError);
    expect(() => openEngine(path.join(aFile, 'state'))).toThrow(/is a file, not a folder/);
    expect(() => openEngine('/proc/pathomiq-state')).toThrow(/proc file system/);
  });
});

describe('several processes opening one new queue at once', () => {
  it('all open it: one creates the tables, the others wait and find them', async () => {
    const { spawn } = await import('node:child_process');
    const temp = await makeTempDir();
    try {
      const stateDir = path.join(temp.dir, 'state');
      const script = `
        import { openQueueDatabase } from './src-main/engine/db/queue-database.ts';
        import { ensureStateDir } from './src-main/shared/state-dir.ts';
        const db = openQueueDatabase(ensureStateDir(${JSON.stringify(stateDir)}));
        console.log(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get().n);
        db.close();`;
      const runs = Array.from(
        { length: 4 },
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
              cwd: path.resolve(__dirname, '../../../..'),
            });
            let out = '';
            child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
            child.on('exit', (code) => resolve({ code, out }));
          }),
      );
      const results = await Promise.all(runs);
      const migrations = (await import('../../../../src-main/engine/db/migrations.js')).queueMigrations
        .length;
      expect(results).toEqual(Array.from({ length: 4 }, () => ({ code: 0, out: `${migrations}\n` })));
    } finally {
      await temp.cleanup();
    }
  });
});

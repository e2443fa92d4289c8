import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentCheck } from '../../../src-main/engine/content-check.js';
import { queueMigrations } from '../../../src-main/engine/db/migrations.js';
import { addToQueue } from '../../../src-main/engine/intake.js';
import { JobStore } from '../../../src-main/engine/job-store.js';
import { fileSha256 } from '../../../src-main/shared/fingerprint.js';
import { openDatabase, type Db } from '../../../src-main/shared/sqlite.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';

const SERVER = 'http://127.0.0.1:4010';

describe('possible copies are checked in the background, never while adding', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: Db;
  let store: JobStore;
  beforeEach(async () => {
    temp = await makeTempDir();
    db = openDatabase(path.join(temp.dir, 'queue.sqlite'), queueMigrations);
    store = new JobStore(db, SERVER, () => undefined);
  });
  afterEach(async () => {
    db.close();
    await temp.cleanup();
  });
  const add = (files: string[]) =>
    addToQueue(
      { store, destination: SERVER, modeIfKnown: async () => undefined, requeue: (row) => row },
      files.map((file) => ({ path: file, metadata: { userid: 19 } })),
    );

  it('adds a colliding file at once as checking; the whole-file comparison decides duplicate or queued later', async () => {
    const bytes = Buffer.alloc(200_000, 7);
    const original = path.join(temp.dir, 'original.svs');
    const copy = path.join(temp.dir, 'copy.svs');
    // Same size, same first and last blocks (the quick fingerprint), different middle: only a full read tells.
    const lookalike = path.join(temp.dir, 'lookalike.svs');
    await writeFile(original, bytes);
    await writeFile(copy, bytes);
    const different = Buffer.from(bytes);
    different[100_000] = 8;
    await writeFile(lookalike, different);

    const [first] = await add([original]);
    expect(first).toMatchObject({ outcome: 'added', job: { state: 'queued' } });
    const hashed: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const check = new ContentCheck({
      store,
      destination: SERVER,
      decided: () => undefined,
      sha256: async (job, signal) => {
        hashed.push(path.basename(job.source_path));
        await gate;
        return fileSha256(job.source_path, signal);
      },
    });
    // Adding returns while no whole-file read has even begun.
    const results = await add([copy, lookalike]);
    expect(results).toMatchObject([
      { outcome: 'added', job: { state: 'checking' } },
      { outcome: 'added', job: { state: 'checking' } },
    ]);
    expect(hashed).toEqual([]);
    check.kick();
    await waitFor(() => (hashed.length > 0 ? true : undefined), 'the check to start reading');
    expect(store.get(results[0]!.outcome === 'added' ? results[0]!.job.id : -1)).toMatchObject({
      state: 'checking',
    });
    release();
    const ids = results.map((result) => ('job' in result ? result.job.id : -1));
    await waitFor(
      () => (ids.every((id) => store.get(id)?.state !== 'checking') ? true : undefined),
      'decided',
    );
    expect(store.get(ids[0]!)).toMatchObject({
      state: 'duplicate',
      duplicate_of: first && 'job' in first ? first.job.id : -1,
    });
    expect(store.get(ids[1]!)).toMatchObject({ state: 'queued' });
    await check.close();

    // Added again: known as a copy of the original at once.
    const [again] = await add([copy]);
    expect(again).toMatchObject({ outcome: 'duplicate', job: { sourcePath: original } });
  });

  it('queues a file named twice in one batch once', async () => {
    const file = path.join(temp.dir, 'twice.svs');
    await writeFile(file, Buffer.alloc(10_000, 1));
    const results = await add([file, path.join(temp.dir, '.', 'twice.svs')]);
    expect(results[0]).toEqual(results[1]);
    expect(store.all()).toHaveLength(1);
  });

  it('a file rewritten while its job is open is that job, not a second upload of the same file', async () => {
    const file = path.join(temp.dir, 'rewritten.svs');
    await writeFile(file, Buffer.alloc(10_000, 1));
    const [first] = await add([file]);
    await writeFile(file, Buffer.alloc(20_000, 2));
    const [again] = await add([file]);
    expect(again).toMatchObject({
      outcome: 'resumed',
      job: { id: first && 'job' in first ? first.job.id : -1 },
    });
    expect(store.all()).toHaveLength(1);
  });

  it('fails a file that went away before it could be compared, saying so', async () => {
    const bytes = Buffer.alloc(50_000, 3);
    const original = path.join(temp.dir, 'a.svs');
    const copy = path.join(temp.dir, 'b.svs');
    await writeFile(original, bytes);
    await writeFile(copy, bytes);
    await add([original]);
    const [added] = await add([copy]);
    const id = added && 'job' in added ? added.job.id : -1;
    const check = new ContentCheck({
      store,
      destination: SERVER,
      decided: () => undefined,
      sha256: async () => {
        throw Object.assign(new Error(`ENOENT: no such file, open '${copy}'`), { code: 'ENOENT' });
      },
    });
    check.kick();
    await waitFor(() => (store.get(id)?.state === 'failed' ? true : undefined), 'failed');
    expect(store.get(id)).toMatchObject({
      error_kind: 'source-missing',
      error_message: expect.stringContaining('gone'),
    });
    await check.close();
  });
});

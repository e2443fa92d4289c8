import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImagesRepo } from '../../../src-main/sandbox/db/images-repo.js';
import { LogsRepo } from '../../../src-main/sandbox/db/logs-repo.js';
import { sandboxMigrations } from '../../../src-main/sandbox/db/migrations.js';
import { UsersRepo } from '../../../src-main/sandbox/db/users-repo.js';
import { ProcessingSimulator } from '../../../src-main/sandbox/pipeline.js';
import type { CheckOutcome, UploadCheck } from '../../../src-main/sandbox/zip/upload-check.js';
import { openDatabase } from '../../../src-main/shared/sqlite.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait.js';

/** A check that runs until the test settles it, recording every run and whether it was cancelled. */
function controlledCheck() {
  const runs: Array<{ signal: AbortSignal; settle: (outcome: CheckOutcome) => void }> = [];
  const check: UploadCheck = {
    applies: (row) => row.filename.endsWith('.zip'),
    run: (_row, signal) => new Promise((resolve) => runs.push({ signal, settle: resolve })),
  };
  return { check, runs };
}

/**
 * The ZIP check sits before the first step of the simulated pipeline: the step waits for it, a cancelled check
 * writes nothing, and one cut short by a restart runs again (tiling is still Pending).
 */
describe('the pipeline runs the upload check first', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let db: ReturnType<typeof openDatabase>;
  let images: ImagesRepo;
  let logs: LogsRepo;
  const simulators: ProcessingSimulator[] = [];
  beforeEach(async () => {
    temp = await makeTempDir();
    db = openDatabase(path.join(temp.dir, 'sandbox.sqlite'), sandboxMigrations);
    images = new ImagesRepo(db);
    logs = new LogsRepo(db);
    new UsersRepo(db).register(19);
  });
  afterEach(async () => {
    for (const simulator of simulators.splice(0)) simulator.close();
    db.close();
    await temp.cleanup();
  });

  const simulator = (check: UploadCheck) => {
    const created = new ProcessingSimulator({ images, logs, speed: 50, check });
    simulators.push(created);
    return created;
  };
  const uploaded = (filename: string) => {
    const uid = images.create({ filename, userid: 19 }).image_unique_id;
    images.update(uid, { status: 'Uploaded', uploaded: 1 });
    return uid;
  };
  const messages = (uid: string) => logs.forImage(uid).map((row) => row.message);

  it('tiles only after the check passes, and leaves other images alone', async () => {
    const { check, runs } = controlledCheck();
    const pipeline = simulator(check);
    const zip = uploaded('slide.mrxs.zip');
    const svs = uploaded('slide.svs');
    pipeline.start(zip);
    pipeline.start(svs);
    pipeline.start(zip); // a second start while checking does not check twice
    expect(runs).toHaveLength(1);
    expect(images.byUniqueId(zip)!.tiling_status).toBe('Pending');
    expect(images.byUniqueId(svs)!.tiling_status).toBe('In Progress');
    runs[0]!.settle({ passed: true, logs: [{ type: 'Upload', message: 'ZIP checked: 1 members, 1 B' }] });
    await waitFor(
      () => (images.byUniqueId(zip)!.annotation_status === 'Completed' ? true : undefined),
      'tiling',
    );
    expect(messages(zip).slice(0, 2)).toEqual(['ZIP checked: 1 members, 1 B', 'Tiling is running']);
  });

  it('stops at a refused upload with its statuses and log', async () => {
    const { check, runs } = controlledCheck();
    const zip = uploaded('slide.mrxs.zip');
    simulator(check).start(zip);
    runs[0]!.settle({
      passed: false,
      logs: [{ type: 'Upload', message: 'ZIP check failed: x' }],
      patch: { status: 'Upload Failed', tiling_status: 'Failed' },
    });
    await waitFor(() => (messages(zip).length > 0 ? true : undefined), 'the refusal');
    expect(images.byUniqueId(zip)).toMatchObject({ status: 'Upload Failed', tiling_status: 'Failed' });
    expect(messages(zip)).toEqual(['ZIP check failed: x']);
  });

  it('cancels a check when the image goes, and writes nothing of it afterwards', async () => {
    const { check, runs } = controlledCheck();
    const pipeline = simulator(check);
    const zip = uploaded('slide.mrxs.zip');
    pipeline.start(zip);
    pipeline.cancel(zip);
    expect(runs[0]!.signal.aborted).toBe(true);
    runs[0]!.settle({ passed: true, logs: [{ type: 'Upload', message: 'late' }] });
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the settled promise's handlers run
    expect(messages(zip)).toEqual([]);
    expect(images.byUniqueId(zip)!.tiling_status).toBe('Pending');
  });

  it('runs a check cut short by a restart again', () => {
    const first = controlledCheck();
    const before = simulator(first.check);
    const zip = uploaded('slide.mrxs.zip');
    before.start(zip);
    before.close();
    expect(first.runs[0]!.signal.aborted).toBe(true);
    const second = controlledCheck();
    simulator(second.check).resumeAll();
    expect(second.runs).toHaveLength(1);
  });
});

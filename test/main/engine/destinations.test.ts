import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-main/api/index.js';
import { serverDestination } from '../../../src-main/engine/destination.js';
import { startTestEngine, type TestEngine } from '../../helpers/engine.js';
import { writeRandomFile } from '../../helpers/files.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const MiB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * "Which server": a lab tries the sandbox (A), then switches to production (B) on the same state dir. Nothing of
 * A's may make B look done, run against B with A's ids, or be cleaned up on B.
 */
describe('every job belongs to one server', () => {
  let a: TestSandbox;
  let b: TestSandbox;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let stateDir: string;
  const engines: TestEngine[] = [];
  beforeAll(async () => {
    [a, b] = await Promise.all([startTestSandbox(), startTestSandbox()]);
  });
  afterAll(async () => {
    await Promise.all([a.dispose(), b.dispose()]);
  });
  beforeEach(async () => {
    temp = await makeTempDir();
    stateDir = path.join(temp.dir, 'state');
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.dispose();
    await temp.cleanup();
  });

  const open = async (sandbox: TestSandbox, options: Parameters<typeof startTestEngine>[1] = {}) => {
    const engine = await startTestEngine(sandbox.api, { stateDir, ...options });
    engines.push(engine);
    return engine;
  };
  const close = async (engine: TestEngine) => {
    engines.splice(engines.indexOf(engine), 1);
    await engine.engine.close();
  };
  const imagesNamed = async (sandbox: TestSandbox, name: string) =>
    (await createApiClient({ baseUrl: sandbox.api }).listImagesOfUser(19)).filter(
      (image) => image.filename === name,
    );
  const stored = async (sandbox: TestSandbox, uid: string) =>
    Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${uid}`)).arrayBuffer());

  it('a slide uploaded to A is uploaded to B when sent there — never "already uploaded" from A', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'switch.svs', 2 * MiB + 5);
    const onA = await open(a);
    const [doneOnA] = await onA.upload([file]);
    expect(doneOnA).toMatchObject({ state: 'done', elsewhere: false });
    await close(onA);

    const onB = await open(b);
    const [result] = await onB.engine.add([{ path: file, metadata: { userid: 19 } }]);
    expect(result).toMatchObject({ outcome: 'added' });
    onB.engine.start();
    const [doneOnB] = await onB.engine.whenSettled([result && 'job' in result ? result.job.id : -1]);
    expect(doneOnB).toMatchObject({ state: 'done', sha256: sha256(bytes), elsewhere: false });
    expect((await stored(b, doneOnB!.imageUniqueId!)).equals(bytes)).toBe(true);
    expect(await imagesNamed(b, 'switch.svs')).toHaveLength(1);
    expect(await imagesNamed(a, 'switch.svs')).toHaveLength(1);

    // The queue shows both, each with its server; A's is history there, not a job for B.
    const listed = onB.engine.list();
    expect(listed.map((job) => [job.id, job.elsewhere, job.destination])).toEqual([
      [doneOnA!.id, true, serverDestination(a.api)],
      [doneOnB!.id, false, serverDestination(b.api)],
    ]);
    // And on B the same slide is now already uploaded — to B.
    const [again] = await onB.engine.add([{ path: file, metadata: { userid: 19 } }]);
    expect(again).toMatchObject({ outcome: 'already-uploaded', job: { id: doneOnB!.id } });
  });

  it('same content under another name: a duplicate only within one server', async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'original.svs', 64 * 1024);
    const copy = path.join(temp.dir, 'copy.svs');
    await writeFile(copy, bytes);
    const onA = await open(a);
    await onA.upload([file]);
    const [dupOnA] = await onA.engine.add([{ path: copy, metadata: { userid: 19 } }]);
    expect(dupOnA).toMatchObject({ outcome: 'added', job: { state: 'checking' } });
    const [decided] = await onA.engine.whenSettled([dupOnA && 'job' in dupOnA ? dupOnA.job.id : -1]);
    expect(decided).toMatchObject({ state: 'duplicate' });
    await close(onA);
    const onB = await open(b);
    const [onBResult] = await onB.engine.add([{ path: copy, metadata: { userid: 19 } }]);
    expect(onBResult).toMatchObject({ outcome: 'added', job: { state: 'queued' } });
  });

  it("an unfinished job of A is held on B: not run, not waited for, not cleaned up; 'send here instead' uploads it to B", async () => {
    const { file, bytes } = await writeRandomFile(temp.dir, 'held.svs', 6 * MiB);
    const onA = await open(a);
    const [added] = await onA.engine.add([{ path: file, metadata: { userid: 19 } }]);
    const jobId = added && 'job' in added ? added.job.id : -1;
    onA.engine.pause(jobId);
    await close(onA);

    const onB = await open(b);
    onB.engine.start();
    onB.engine.resume('all'); // a person pressing "Resume all" on B must not send A's job anywhere
    expect(onB.engine.get(jobId)).toMatchObject({ state: 'paused', elsewhere: true, imageUniqueId: null });
    // Nothing of B's is open: waiting for "everything" ends at once instead of hanging on A's job.
    await onB.engine.whenSettled();
    // "All" is this server's jobs: B's pause-all or cancel-all leave A's held job as it was.
    onB.engine.pause('all');
    await onB.engine.cancel('all');
    expect(onB.engine.get(jobId)).toMatchObject({ state: 'paused', elsewhere: true });
    expect(await imagesNamed(b, 'held.svs')).toEqual([]);

    // "Send to B instead": A's ids are cleared and the bytes start over on B.
    expect(onB.engine.retarget(jobId)).toBe(1);
    const [sent] = await onB.engine.whenSettled([jobId]);
    expect(sent).toMatchObject({ state: 'done', elsewhere: false, sha256: sha256(bytes) });
    expect((await stored(b, sent!.imageUniqueId!)).equals(bytes)).toBe(true);
    expect(await imagesNamed(b, 'held.svs')).toHaveLength(1);
    expect(await imagesNamed(a, 'held.svs')).toEqual([]);
  });

  it('a job registered on A keeps its A record when B cancels it; B never sees A ids', async () => {
    const { file } = await writeRandomFile(temp.dir, 'registered.svs', 6 * MiB);
    const onA = await open(a, { limitRate: 256 * 1024 });
    const [added] = await onA.engine.add([{ path: file, metadata: { userid: 19 } }]);
    const jobId = added && 'job' in added ? added.job.id : -1;
    const uploading = new Promise<void>((resolve) =>
      onA.engine.on((event) => {
        if (event.type === 'job-updated' && event.job.id === jobId && event.job.state === 'uploading')
          resolve();
      }),
    );
    onA.engine.start();
    await uploading;
    await onA.engine.stop();
    const aRecord = onA.engine.get(jobId)!.imageUniqueId;
    expect(aRecord).not.toBeNull();
    await close(onA);

    const onB = await open(b);
    await onB.engine.cancel(jobId);
    expect(onB.engine.retarget(jobId)).toBe(0); // cancelled stays cancelled
    expect(onB.events.some((event) => event.type === 'notice' && /stays there/.test(event.message))).toBe(
      true,
    );
    // A still holds its record (B did not delete it, and could not have).
    expect((await imagesNamed(a, 'registered.svs')).map((image) => image.image_unique_id)).toEqual([aRecord]);
  });

  it('an existing queue from before destinations is adopted by the server it is opened for', async () => {
    const { file } = await writeRandomFile(temp.dir, 'legacy.svs', 1000);
    const onA = await open(a);
    await onA.upload([file]);
    await close(onA);
    const db = new Database(path.join(stateDir, 'queue.sqlite'));
    db.prepare('UPDATE jobs SET server = NULL').run();
    db.close();

    // Only looking at it with another server adopts nothing.
    const looking = await open(b);
    expect(looking.engine.list()[0]).toMatchObject({ elsewhere: false, destination: null });
    await close(looking);

    const again = await open(a);
    const [result] = await again.engine.add([{ path: file, metadata: { userid: 19 } }]);
    expect(result).toMatchObject({ outcome: 'already-uploaded' });
    expect(again.engine.list()[0]).toMatchObject({ elsewhere: false, destination: serverDestination(a.api) });
  });
});

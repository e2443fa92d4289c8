import { mkdir, writeFile } from 'node:fs/promises';
import { serverDestination } from '../../../src-main/engine/destination.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-main/api/index.js';
import { UploadEngine } from '../../../src-main/engine/engine.js';
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox.js';
import { slideBytes, writeSlide } from '../../helpers/slides.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { serverSettings, startTestApp, type TestApp } from './app-harness.js';

describe('app service: the upload queue', () => {
  let sandbox: TestSandbox;
  let app: TestApp;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    temp = await makeTempDir('pathomiq-app-queue-');
    app = await startTestApp({ stored: serverSettings(sandbox.api) });
  });
  afterAll(async () => {
    await app?.dispose();
    await sandbox?.dispose();
    await temp?.cleanup();
  });

  const doneEvent = (jobId: number) =>
    app.waitForEvent('job-updated', (event) => event.job.id === jobId && event.job.state === 'done');

  it('queues a good slide with its QC result, uploads it and notifies', async () => {
    const { file, bytes } = await writeSlide(temp.dir, 'good.svs');
    const [outcome] = await app.send('queue.add', { paths: [file], metadata: { patient_id: 7 } });
    expect(outcome).toMatchObject({ path: file, outcome: 'added', message: 'Queued' });
    expect(outcome!.check).toMatchObject({
      kind: 'slide',
      format: 'Aperio SVS',
      vendor: 'Aperio',
      width: 2048,
      height: 2048,
      levels: 2,
      magnification: 20,
      mpp: 0.499,
      warnings: [],
    });
    const done = await doneEvent(outcome!.jobId!);
    expect(done.job.metadata).toMatchObject({ userid: 19, patient_id: 7 });
    const notification = await app.waitForEvent('notification', (n) => n.title === 'Uploaded good.svs');
    expect(notification.level).toBe('info');

    const uid = done.job.imageUniqueId!;
    const stored = Buffer.from(await (await fetch(`${sandbox.api}/S3/file/${uid}`)).arrayBuffer());
    expect(stored.equals(bytes)).toBe(true);

    const again = await app.send('queue.add', { paths: [file] });
    expect(again[0]).toMatchObject({ outcome: 'already-uploaded', jobId: outcome!.jobId });
    expect(again[0]!.message).toMatch(
      new RegExp(`^Already uploaded on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d as image ${uid}`),
    );

    const snapshot = await app.send('queue.list');
    expect(snapshot.jobs.find((job) => job.id === outcome!.jobId)?.state).toBe('done');
    expect(snapshot.hold).toBeNull();
  });

  it('refuses a truncated slide and a non-slide with their reasons; a missing path is an error', async () => {
    const cut = path.join(temp.dir, 'cut.svs');
    const whole = slideBytes('cut');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const text = path.join(temp.dir, 'notes.svs');
    await writeFile(text, 'This is not a slide, just notes about one.\n'.repeat(50));
    const missing = path.join(temp.dir, 'nowhere', 'gone.svs');

    const outcomes = await app.send('queue.add', { paths: [cut, text, missing] });
    expect(outcomes.map((o) => o.path)).toEqual([cut, text, missing]);
    expect(outcomes[0]).toMatchObject({
      outcome: 'rejected',
      jobId: null,
      check: { kind: 'incomplete', format: 'Aperio SVS' },
    });
    expect(outcomes[0]!.message).toMatch(/^Refused: .+/);
    expect(outcomes[1]).toMatchObject({ outcome: 'rejected', check: { kind: 'not-a-slide', format: null } });
    expect(outcomes[2]).toEqual({
      path: missing,
      outcome: 'error',
      jobId: null,
      message: `File not found: ${missing}`,
      check: expect.objectContaining({ kind: 'not-checked' }),
    });
    expect((await app.send('queue.list')).jobs.some((job) => job.fileName === 'cut.svs')).toBe(false);
  });

  it('searches folders for slide files, in order, and reports a folder without any', async () => {
    const folder = path.join(temp.dir, 'scanner');
    await mkdir(path.join(folder, 'b'), { recursive: true });
    await writeSlide(folder, 'a.svs');
    await writeSlide(path.join(folder, 'b'), 'c.tif');
    await writeFile(path.join(folder, 'report.pdf'), 'not a slide');
    const empty = path.join(temp.dir, 'empty');
    await mkdir(empty);

    const outcomes = await app.send('queue.add', { paths: [folder, empty] });
    expect(outcomes.map((o) => [path.relative(temp.dir, o.path), o.outcome])).toEqual([
      ['scanner/a.svs', 'added'],
      ['scanner/b/c.tif', 'added'],
      ['empty', 'error'],
    ]);
    expect(outcomes[2]!.message).toBe(`No slide files found in ${empty}.`);
    await Promise.all(outcomes.slice(0, 2).map((o) => doneEvent(o.jobId!)));
  });

  it('pauses, resumes, moves, cancels and clears jobs; unknown jobs are named', async () => {
    // Throttled to a crawl so the jobs are still open when they are paused (the limit applies in place).
    await app.send('settings.update', { limitRate: 1024 });
    const files = await Promise.all(['p1.svs', 'p2.svs', 'p3.svs'].map((name) => writeSlide(temp.dir, name)));
    const outcomes = await app.send('queue.add', { paths: files.map((f) => f.file) });
    const [first, second, third] = outcomes.map((o) => o.jobId!);
    await app.send('queue.pause', { target: 'all' });
    const states = async () =>
      Object.fromEntries((await app.send('queue.list')).jobs.map((job) => [job.id, job.state]));
    expect(Object.values(await states()).filter((state) => state === 'paused')).toHaveLength(3);
    await app.send('settings.update', { limitRate: null });

    await app.send('queue.move', { jobId: first!, beforeJobId: null });
    let order = (await app.send('queue.list')).jobs.map((job) => job.id);
    expect(order.indexOf(first!)).toBe(order.length - 1);
    await app.send('queue.move', { jobId: third!, beforeJobId: second! });
    order = (await app.send('queue.list')).jobs.map((job) => job.id);
    expect(order.indexOf(third!)).toBeLessThan(order.indexOf(second!));

    await app.send('queue.cancel', { target: third! });
    expect((await states())[third!]).toBe('cancelled');
    await app.send('queue.resume', { target: first! });
    await doneEvent(first!);
    await app.send('queue.resume', { target: 'all' });
    await doneEvent(second!);

    const { removed } = await app.send('queue.clearFinished');
    expect(removed).toBeGreaterThanOrEqual(3);
    expect((await app.send('queue.list')).jobs).toEqual([]);
    await expect(app.send('queue.retry', { target: 9999 })).rejects.toThrow(
      'There is no job #9999 in the queue',
    );
  });

  it('a queue held for sign-in moves on once a token is given, with status changes', async () => {
    const token = 'queue-test-token-0987654321';
    const guarded = await startTestSandbox({ token });
    const held = await startTestApp({ stored: serverSettings(guarded.api) });
    try {
      const { file } = await writeSlide(temp.dir, 'held.svs');
      const [outcome] = await held.send('queue.add', { paths: [file] });
      const hold = await held.waitForEvent('queue-held');
      expect(hold.hold.reason).toBe('auth');
      expect((await held.send('app.status')).hold?.reason).toBe('auth');
      expect((await held.send('queue.list')).hold?.reason).toBe('auth');
      expect(held.events.some((e) => e.type === 'status-changed' && e.status.hold?.reason === 'auth')).toBe(
        true,
      );

      await held.send('settings.setToken', { token });
      await held.waitForEvent('job-updated', (e) => e.job.id === outcome!.jobId && e.job.state === 'done');
      expect((await held.send('app.status')).hold).toBeNull();
      const images = await createApiClient({ baseUrl: guarded.api, token: () => token }).listImagesOfUser(19);
      expect(images.map((image) => image.filename)).toContain('held.svs');
    } finally {
      await held.dispose();
      await guarded.dispose();
    }
  });

  it('beside another process running the same queue: shows why, adds to it, and refuses to change its jobs', async () => {
    const own = await startTestApp({ stored: serverSettings(sandbox.api), start: false });
    const runner = new UploadEngine({
      stateDir: own.stateDir,
      api: createApiClient({ baseUrl: sandbox.api }),
      destination: serverDestination(sandbox.api),
      runnerLabel: 'the command-line agent',
    });
    try {
      runner.start();
      await own.service.start();
      const status = await own.send('app.status');
      expect(status.problem).toMatch(
        /^The command-line agent \(process \d+\) is already running the upload queue in /,
      );
      const { file } = await writeSlide(temp.dir, 'handed-over.svs');
      const [added] = await own.send('queue.add', { paths: [file] });
      expect(added).toMatchObject({ outcome: 'added' });
      expect((await own.dispatch('queue.pause', { target: 'all' })).ok).toBe(false);
      const [done] = await runner.whenSettled([added!.jobId!]);
      expect(done!.state).toBe('done');
    } finally {
      await runner.close();
      await own.dispose();
    }
  });
});
